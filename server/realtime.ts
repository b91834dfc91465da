import type http from 'node:http';
import { createAdapter } from '@socket.io/redis-adapter';
import { Server, type Socket } from 'socket.io';
import type { AppContext } from '../core/context';
import { AGENTS_NAMESPACE, QUEUE_ROOM, type AgentClientEvents, type AgentServerEvents, sessionRoom, socketKey, ticketRoom, userRoom } from '../core/notifier';
import { createRedis } from '../core/redis';
import type { User } from '../db/entities/user.entity';
import { presenceSchema } from '../domain/agent-actions.schemas';
import { hasRole } from '../domain/roles';
import { sessionToken } from './auth';
import { resolveSession } from './services/auth.service';


interface AgentSocketData {
  user: User;
  /** The session cookie's token, to check the session again while the socket is open. */
  token: string;
  tokenHash: string;
  tickets: Set<string>;
}

/**
 * How often an open socket re-checks its session (expired, signed out, user disabled).
 * Sign-out and disabling close sockets at once through the notifier; this catches expiry
 * and a close message lost while Redis was away.
 */
export const SESSION_RECHECK_MS = 60_000;

/**
 * socket.io for agents, on the API's HTTP server. A socket authenticates with the same
 * session cookie as the API (refused without one, or without an agent role); it hears the
 * queue, its own room (tickets assigned to it) and the rooms of the tickets it opens, where
 * presence tells who else is viewing or replying. Events from any process arrive through
 * the Redis adapter.
 */
export function attachRealtime(server: http.Server, ctx: AppContext) {
  const pub = createRedis(ctx.config.REDIS_URL, 'consumer');
  const sub = pub.duplicate();
  // WebSocket only: a long-polling session's requests must all reach the process that holds it,
  // which a load balancer without sticky sessions does not do. One upgraded connection does.
  const io = new Server<AgentClientEvents, AgentServerEvents>(server, {
    serveClient: false,
    transports: ['websocket'],
    adapter: createAdapter(pub, sub, { key: socketKey(ctx.config.QUEUE_PREFIX) }),
  });
  io.on('connection', (socket) => socket.disconnect(true)); // only the agents' namespace is served

  const agents = io.of(AGENTS_NAMESPACE);
  agents.use(async (socket, next) => {
    try {
      const token = sessionToken(socket.handshake.headers.cookie);
      const found = await resolveSession(ctx, token);
      if (!found || !hasRole(found.user.role, 'agent')) return next(Object.assign(new Error('unauthorized'), { data: { code: 'unauthorized' } }));
      socket.data = { user: found.user, token: token!, tokenHash: found.session.tokenHash, tickets: new Set() } satisfies AgentSocketData;
      next();
    } catch (err) {
      next(err as Error);
    }
  });

  const broadcastPresence = async (ticketId: string) => {
    const viewers = (await ctx.presence.viewers([ticketId])).get(ticketId) ?? [];
    ctx.notifier.toTicket(ticketId, 'ticket.presence', { ticketId, viewers });
  };

  agents.on('connection', (socket: Socket<AgentClientEvents, AgentServerEvents>) => {
    const data = socket.data as AgentSocketData;
    void socket.join([QUEUE_ROOM, userRoom(data.user.id), sessionRoom(data.tokenHash)]);
    const recheck = setInterval(async () => {
      // A database that does not answer is not a reason to drop an agent.
      const found = await resolveSession(ctx, data.token).catch(() => undefined);
      if (found === null) socket.disconnect(true);
    }, SESSION_RECHECK_MS).unref();

    // Typed as the client should send it, parsed as anything, since any client can connect.
    socket.on('presence', async (raw, callback) => {
      // A client that sends a second value instead of asking for an answer gets none.
      const ack = typeof callback === 'function' ? callback : undefined;
      const input = presenceSchema.safeParse(raw);
      if (!input.success) return ack?.({ error: { code: 'validation_failed', message: 'presence needs { ticketId, activity }' } });
      const { ticketId, activity } = input.data;
      try {
        if (activity) {
          await socket.join(ticketRoom(ticketId));
          data.tickets.add(ticketId);
          await ctx.presence.set(ticketId, { userId: data.user.id, name: data.user.name, activity });
        } else {
          await socket.leave(ticketRoom(ticketId));
          data.tickets.delete(ticketId);
          await ctx.presence.remove(ticketId, data.user.id);
        }
        await broadcastPresence(ticketId);
        ack?.({ ok: true });
      } catch {
        ack?.({ error: { code: 'presence_unavailable', message: 'presence is unavailable right now' } });
      }
    });

    socket.on('disconnect', async () => {
      clearInterval(recheck);
      for (const ticketId of data.tickets) {
        await ctx.presence.remove(ticketId, data.user.id).catch(() => undefined);
        await broadcastPresence(ticketId).catch(() => undefined);
      }
    });
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
