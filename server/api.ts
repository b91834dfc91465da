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
