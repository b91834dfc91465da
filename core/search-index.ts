import type { Repositories } from '../db/database';
import type { Ticket } from '../db/entities/ticket.entity';
import { eventText, SEARCHED_EVENT_TYPES, searchDocument, type SearchableText } from '../domain/search-text';

/**
 * Rewrites the search documents of these tickets from what they hold now: their fields and
 * the words of their timeline's messages, replies and notes. Called in the transaction of
 * every write that changes such words (a new ticket, a message, a reply, a note, a payment
 * facts correction, an erasure), so that the index never says what the tickets no longer do.
 */
export async function reindexTickets(repos: Repositories, ticketIds: string[]): Promise<void> {
  const ids = [...new Set(ticketIds)];
  if (!ids.length) return;
  const [tickets, events] = await repos.all<unknown>([() => repos.tickets.findByIds(ids), () => repos.events.findOfTypes(ids, SEARCHED_EVENT_TYPES)]) as [
    Awaited<ReturnType<Repositories['tickets']['findByIds']>>,
    Awaited<ReturnType<Repositories['events']['findOfTypes']>>,
  ];
  const messages = new Map<string, SearchableText[]>();
  for (const e of events) {
    const text = eventText(e.type, e.actor, e.data);
    if (text) messages.set(e.ticketId, [...(messages.get(e.ticketId) ?? []), text]);
  }
  await repos.search.write(tickets.map((t) => ({ ticketId: t.id, ...searchDocument(t, messages.get(t.id) ?? []) })));
}

/** The documents of tickets just opened: their own fields (their timelines hold no message yet). */
export function indexNewTickets(repos: Repositories, tickets: Ticket[]): Promise<void> {
  return repos.search.write(tickets.map((t) => ({ ticketId: t.id, ...searchDocument(t, []) })));
}
