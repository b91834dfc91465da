import type { AppContext } from '../../core/context';
import { cachedBrand } from '../../core/brands';
import { agentTicketView } from '../../core/ticket-views';
import { cancellationStanding } from '../../domain/cancellation';
import { findTicket } from './find-ticket';
import { businessMinutesLeft } from './ticket-queue.service';

/** Everything an agent needs on one screen. */
export async function agentTicketDetail(ctx: AppContext, idOrReference: string) {
  const repos = ctx.db.repos;
  const ticket = await findTicket(repos, idOrReference);
  const now = ctx.now();
  const [files, timeline, duplicates, assignee, viewers, left, brand] = await Promise.all([
    repos.files.listForTicket(ticket.id),
    repos.events.list(ticket.id),
    repos.tickets.findLinkedDuplicates(ticket),
    ticket.assigneeId ? repos.users.findById(ticket.assigneeId) : null,
    ctx.presence.viewers([ticket.id]),
    businessMinutesLeft(ctx.db, [ticket], now),
    cachedBrand(ctx.db, { id: ticket.brandId }),
  ]);
  const cancellation = ticket.type === 'cancellation_request' && brand ? cancellationStanding(ticket.orderTime, ticket.createdAt, brand.policy.cancellationWindowHours) : null;
  return agentTicketView(ticket, { files, timeline, duplicates, assignee, viewers: viewers.get(ticket.id) ?? [], businessMinutesLeft: left.get(ticket.id) ?? null, cancellation }, now);
}
