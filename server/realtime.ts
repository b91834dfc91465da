import { timingSafeEqual } from 'node:crypto';
import type http from 'node:http';
import { createAdapter } from '@socket.io/redis-adapter';
import { Server } from 'socket.io';
import type { Config } from '../core/config';
import type { Logger } from '../core/logger';
import { AGENTS_NAMESPACE, QUEUE_ROOM, socketKey } from '../core/notifier';
import { createRedis } from '../core/redis';

/**
 * Who may open an agent socket. Until agents sign in (agent workspace issue), an agent
 * presents the shared AGENT_SOCKET_TOKEN; without one configured, every agent socket is
 * refused. This is the single place the session check will replace.
 */
export function authenticateAgent(config: Config, auth: Record<string, unknown>): boolean {
  const expected = config.AGENT_SOCKET_TOKEN;
  const given = typeof auth.token === 'string' ? auth.token : '';
  return !!expected && given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));
}

/** socket.io on the API's HTTP server; events from any process arrive through the Redis adapter. */
export function attachRealtime(server: http.Server, config: Config, logger: Logger) {
  const pub = createRedis(config.REDIS_URL, 'consumer');
  const sub = pub.duplicate();
  const io = new Server(server, { serveClient: false, adapter: createAdapter(pub, sub, { key: socketKey(config.QUEUE_PREFIX) }) });
  io.on('connection', (socket) => socket.disconnect(true)); // only the agents' namespace is served
  const agents = io.of(AGENTS_NAMESPACE);
  agents.use((socket, next) => {
    if (authenticateAgent(config, socket.handshake.auth ?? {})) return next();
    next(Object.assign(new Error('unauthorized'), { data: { code: 'unauthorized' } }));
  });
  agents.on('connection', (socket) => {
    void socket.join(QUEUE_ROOM);
    logger.debug({ socket: socket.id }, 'agent socket connected');
  });
  return {
    io,
    async close() {
      await new Promise<void>((resolve) => io.close(() => resolve()));
      pub.disconnect();
      sub.disconnect();
    },
  };
}
