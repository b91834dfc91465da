import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { RunningContext } from '../core/bootstrap';
import { createApp } from './app';
import { attachRealtime } from './realtime';

/** How long a shutdown waits for requests in flight before cutting their connections. */
const DRAIN_MS = 8000;

const shuttingDown = JSON.stringify({
  error: { code: 'shutting_down', message: 'The server is restarting; send the request again in a moment.', details: null },
});

/** The API and its sockets, listening on PORT (0: any free port, for tests). */
export async function startApi(ctx: RunningContext, port = ctx.config.PORT) {
  const app = createApp(ctx);
  const inFlight = new Set<http.ServerResponse>();
  let closing = false;
  const server = http.createServer((req, res) => {
    // Once stopping, a request arriving on a kept-alive connection is refused, and the connection closed.
    if (closing) {
      res.writeHead(503, { 'Content-Type': 'application/json; charset=utf-8', 'Retry-After': '1', Connection: 'close' }).end(shuttingDown);
      return;
    }
    inFlight.add(res);
    res.once('close', () => inFlight.delete(res));
    app(req, res);
  });
  // What Node refuses before any route runs (headers over 16 KB, malformed HTTP) still answers in JSON.
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    if (err.code === 'ECONNRESET' || !socket.writable) return socket.destroy();
    const status = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
    const body = JSON.stringify({
      error: status === 431 ? { code: 'headers_too_large', message: 'The request line and headers must be under 16 KB.', details: null } : { code: 'bad_request', message: 'The request is not valid HTTP.', details: null },
    });
    socket.end(`HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  });
  const realtime = attachRealtime(server, ctx);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, resolve);
  });
  const address = server.address() as AddressInfo;
  return {
    server,
    io: realtime.io,
    url: `http://127.0.0.1:${address.port}`,
    /**
     * Graceful stop: no new connection or request from now on, requests in flight finish
     * (their connections then close), agents' sockets are closed; connections still busy
     * after DRAIN_MS are cut.
     */
    async close() {
      closing = true;
      for (const res of inFlight) if (!res.headersSent) res.setHeader('Connection', 'close');
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await realtime.close();
      const deadline = Date.now() + DRAIN_MS;
      while (inFlight.size && Date.now() < deadline) await sleep(10);
      server.closeAllConnections();
      await stopped;
    },
  };
}
