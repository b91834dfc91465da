import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RunningContext } from '../core/bootstrap';
import { createApp } from './app';
import { attachRealtime } from './realtime';

/** The API and its sockets, listening on PORT (0: any free port, for tests). */
export async function startApi(ctx: RunningContext, port = ctx.config.PORT) {
  const server = http.createServer(createApp(ctx));
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
    async close() {
      await realtime.close(); // also closes the HTTP server
    },
  };
}
