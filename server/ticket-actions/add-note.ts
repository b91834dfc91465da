import type { AppContext } from '../../core/context';
import { timelineEntry } from '../../core/ticket-views';
import type { User } from '../../db/entities/user.entity';
import { findTicket } from '../services/find-ticket';
import { actor } from './run-action';
import { reindexTickets } from '../../core/search-index';

/** An internal note: no version to check, nothing e-mailed; agents on the ticket see it at once. */
export async function addNote(ctx: AppContext, user: User, id: string, body: string) {
  const { ticket, event } = await ctx.db.transaction(async (repos) => {
    const ticket = await findTicket(repos, id);
    const event = await repos.events.appendOne({ ticketId: ticket.id, type: 'note', actor: actor(user), createdAt: ctx.now(), data: { body, authorName: user.name } });
    await reindexTickets(repos, [ticket.id]);
    return { ticket, event };
  });
  ctx.notifier.toTicket(ticket.id, 'ticket.event', { ticketId: ticket.id, event: timelineEntry(event) });
  return { id: event.id };
}
