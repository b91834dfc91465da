import type { Socket } from 'socket.io-client';
import type { AgentEvent, AgentEventMap } from '../../core/notifier';
import type { TimelineEntry } from '../../core/ticket-views';

/** An agent event with its payload (see AgentEventMap), or 'reconnected' once the connection is up (again): checking `event` narrows `payload`. */
export type AgentEventArgs = { [E in AgentEvent]: [event: E, payload: AgentEventMap[E]] }[AgentEvent] | [event: 'reconnected', payload: null];
export type AgentEventHandler = (...args: AgentEventArgs) => void;

/** One page of `GET /api/events?after=` (server/routes/events.routes.ts). */
export interface EventsPage {
  items: Array<TimelineEntry & { ticketId: string }>;
  lastId: number;
}
/** The route's default page size: a shorter page is the last. */
const PAGE = 500;
/**
 * A catch-up reads again this many ids before the newest seen: ids are taken in one order and
 * committed in another, so a line with a lower id can appear after a higher one was read.
 */
const REREAD = PAGE;
/** Timeline ids already handed to listeners (by the socket or a catch-up), to hand none twice. */
const REMEMBERED = 4 * PAGE;

/**
 * The agent events of one socket for any number of listeners. A socket that comes back
 * (to this API process or, behind a load balancer, to another) missed what happened while
 * it was away: the timeline lines after the last one it had are read from
 * `GET /api/events?after=` and handed to listeners as `ticket.event`, each once, before
 * `reconnected` tells them to read again what they show. `fetchAfter(null)` asks where to
 * start (no lines, the newest id): read on the first connection, unless a line came first.
 */
export function agentEventStream(socket: Socket, fetchAfter: (after: number | null) => Promise<EventsPage>, options: { after?: number; catchUpEveryMs?: number } = {}) {
  const listeners = new Set<AgentEventHandler>();
  const delivered = new Set<number>();
  /** The newest timeline id seen (or the one given or read to start from); null until then, and a reconnect only tells listeners to read again. */
  let cursor: number | null = options.after ?? null;
  let everConnected = false;

  const emit = (...args: AgentEventArgs) => {
    for (const listener of [...listeners]) listener(...args);
  };
  const timelineLine = (id: number) => {
    cursor = cursor === null ? id : Math.max(cursor, id);
    if (delivered.has(id)) return false;
    delivered.add(id);
    if (delivered.size > REMEMBERED) delivered.delete(delivered.values().next().value!);
    return true;
  };

  socket.onAny((...args: AgentEventArgs) => {
    if (args[0] === 'ticket.event' && !timelineLine(args[1].event.id)) return;
    emit(...args);
  });
  let catching: Promise<void> | null = null;
  /** One catch-up at a time: a second asked meanwhile shares the one running. */
  const catchUp = () =>
    (catching ??= (async () => {
      if (cursor === null) return start();
      let after: number | null = Math.max(0, cursor - REREAD);
      while (after !== null) {
        const page = await fetchAfter(after);
        for (const { ticketId, ...event } of page.items) if (timelineLine(event.id)) emit('ticket.event', { ticketId, event });
        after = page.items.length >= PAGE ? page.lastId : null;
      }
    })().finally(() => (catching = null)));
  /** Where catching up starts when no line was seen yet: the newest id now (listeners read what they show after it). */
  const start = async () => {
    if (cursor !== null) return;
    const { lastId } = await fetchAfter(null);
    cursor = cursor === null ? lastId : Math.max(cursor, lastId);
  };
  socket.on('connect', () => {
    // Listeners read again what they show on every connection (the first covers what changed
    // between their first read and the socket being up), even when the catch-up failed.
    const missed = (everConnected ? catchUp() : start()).catch(() => undefined);
    everConnected = true;
    void missed.finally(() => emit('reconnected', null));
  });

  // Live events are best effort (a worker killed between its commit and its publish never
  // sends them): a connected socket also catches up now and then.
  const every = options.catchUpEveryMs ? setInterval(() => void (socket.connected && catchUp().catch(() => undefined)), options.catchUpEveryMs) : undefined;

  return {
    listen(handler: AgentEventHandler) {
      listeners.add(handler);
      return () => void listeners.delete(handler);
    },
    stop() {
      clearInterval(every);
    },
  };
}
