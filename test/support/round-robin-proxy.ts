import net from 'node:net';
import { freePort } from './net';

/**
 * A load balancer on 127.0.0.1 in front of several API processes: each incoming TCP
 * connection goes to the next port in turn (no sticky sessions), skipping a process that
 * refuses it (stopped). Being TCP, it passes WebSocket upgrades through as they are; a
 * connection whose process goes away is closed, as a balancer does.
 */
export async function startRoundRobinProxy(ports: number[]) {
  const port = await freePort();
  const sockets = new Set<net.Socket>();
  let next = 0;
  const track = (s: net.Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => s.destroy());
  };
  /** Connects to the next process that accepts, trying each once. */
  const upstream = (tries = ports.length): Promise<net.Socket> =>
    new Promise((resolve, reject) => {
      const target = ports[next++ % ports.length];
      const s = net.connect(target, '127.0.0.1');
      s.once('connect', () => {
        s.removeAllListeners('error');
        resolve(s);
      });
      s.once('error', (err) => (tries > 1 ? upstream(tries - 1).then(resolve, reject) : reject(err)));
    });
  const server = net.createServer((client) => {
    track(client);
    client.pause();
    upstream().then(
      (up) => {
        track(up);
        if (client.destroyed) return up.destroy();
        client.pipe(up).pipe(client);
        client.on('close', () => up.destroy());
        up.on('close', () => client.destroy());
        client.resume();
      },
      () => client.destroy(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
