import { Emitter } from '@socket.io/redis-emitter';
import type IORedis from 'ioredis';
import type { Logger } from './logger';
import { perTick } from './per-tick';
import type { SlaTarget } from '../domain/sla';
import type { Activity, Viewer } from './presence';
import type { AgentTicketSummary, TimelineEntry } from './ticket-views';

export const AGENTS_NAMESPACE = '/agents';
export const QUEUE_ROOM = 'queue';
export const ticketRoom = (ticketId: string) => `ticket:${ticketId}`;
export const userRoom = (userId: string) => `user:${userId}`;
/** Every socket opened with one session (by the hash of its token, as stored). */
export const sessionRoom = (tokenHash: string) => `session:${tokenHash}`;
export const socketKey = (prefix: string) => `${prefix}-socket.io`;
/** Where a brand change is announced to every process of a deployment (core/brands.ts). */
export const brandsChangedChannel = (prefix: string) => `${prefix}:brands-changed`;

/**
 * Every event the server pushes to agents' sockets, with its payload: the notifier, the
 * socket server and the web client (client/src/socket.ts) are all typed by this map.
 */
export interface AgentEventMap {
  'ticket.created': { ticket: AgentTicketSummary };
  'ticket.updated': { ticket: AgentTicketSummary };
  'ticket.evidence_added': { ticket: AgentTicketSummary; fields: string[]; files: number };
  'ticket.sla_warning': { ticket: AgentTicketSummary; target: SlaTarget; dueAt: string };
  'ticket.sla_breached': { ticket: AgentTicketSummary; target: SlaTarget; dueAt: string };
  /** A line added to the timeline of a ticket the agent has open (notes). */
  'ticket.event': { ticketId: string; event: TimelineEntry };
  'ticket.presence': { ticketId: string; viewers: Viewer[] };
}
export type AgentEvent = keyof AgentEventMap;
/** Events about a ticket, heard by the whole queue. */
type QueueEvent = { [E in AgentEvent]: AgentEventMap[E] extends { ticket: AgentTicketSummary } ? E : never }[AgentEvent];
/** Events for the agents who have the ticket open. */
type TicketRoomEvent = Exclude<AgentEvent, QueueEvent>;

/** socket.io's typing of the agents' namespace: what the server emits, what a client sends. */
export type AgentServerEvents = { [E in AgentEvent]: (payload: AgentEventMap[E]) => void };
export interface AgentClientEvents {
  presence: (input: { ticketId: string; activity: Activity | null }, ack?: (reply: { ok: true } | { error: { code: string; message: string } }) => void) => void;
}

/**
 * The one way services and workers reach agents' sockets: through Redis, so any API
 * process delivers it to its own connections. Best effort: a lost notification is
 * recovered by the client re-reading the queue when it reconnects.
 */
export class Notifier {
  private readonly emitter: Emitter;

  constructor(
    private readonly redis: IORedis,
    private readonly prefix: string,
    logger: Logger,
  ) {
    // Notifications of one turn of the event loop are published in one pipeline.
    const publish = perTick<[string, Buffer | string]>((messages) =>
      messages
        .reduce((pipeline, [channel, message]) => pipeline.publish(channel, message), redis.pipeline())
        .exec()
        .then(() => undefined, (err) => logger.debug({ err: String(err) }, 'notifications not published')),
    );
    const publisher = { publish: (channel: string, message: Buffer | string) => publish([[channel, message]]) };
    this.emitter = new Emitter(publisher, { key: socketKey(prefix) }).of(AGENTS_NAMESPACE);
  }

  /** The whole queue, the ticket's room, and the assignee's own room (so they hear it at once). */
  toAgents<E extends QueueEvent>(event: E, notification: AgentEventMap[E]): void {
    const rooms = [QUEUE_ROOM, ticketRoom(notification.ticket.id)];
    if (notification.ticket.assigneeId) rooms.push(userRoom(notification.ticket.assigneeId));
    this.emitter.to(rooms).emit(event, notification);
  }

  /**
   * Closes the sockets of a session that ended (signed out) or of a user whose sessions all
   * did (disabled, password reset), in every API process. Each socket also re-checks its
   * session now and then (server/realtime.ts), should this message be lost.
   */
  endSockets(target: { tokenHash: string } | { userId: string }): void {
    this.emitter.in('userId' in target ? userRoom(target.userId) : sessionRoom(target.tokenHash)).disconnectSockets(true);
  }

  /** Only agents looking at this ticket: timeline lines, presence. */
  toTicket<E extends TicketRoomEvent>(ticketId: string, event: E, payload: AgentEventMap[E]): void {
    this.emitter.to(ticketRoom(ticketId)).emit(event, payload);
  }

  /**
   * A brand was created or changed: every process's brand cache forgets its brands when it
   * hears it (core/brands.ts listens; the cache's few seconds catch a lost message).
   */
  brandChanged(brandId: string): Promise<void> {
    return this.redis.publish(brandsChangedChannel(this.prefix), brandId).then(
      () => undefined,
      () => undefined,
    );
  }
}
