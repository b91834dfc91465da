import type { AppContext } from '../../core/context';
import { clockOnStatusChange } from '../../core/ticket-clock';
import type { User } from '../../db/entities/user.entity';
import { statusChange } from '../../domain/ticket-rules';
import type { TicketStatus } from '../../domain/ticket-status';
import { actor, allowed, runAction, withSchedule, type ActionWork } from './run-action';

/** Moves the ticket to a status the lifecycle allows from where it is. */
export function changeStatus(ctx: AppContext, user: User, id: string, version: number, status: TicketStatus) {
  return runAction(ctx, id, version, statusMove(user, status));
}

/** The status change itself, for `changeStatus` and for a macro. */
export function statusMove(user: User, status: TicketStatus): ActionWork {
  return async (ticket, repos, now) => {
    const from = ticket.status;
    const to = allowed(statusChange(from, status));
    const brand = (await repos.brands.findById(ticket.brandId))!;
    // Into or out of awaiting the customer: the brand may pause the resolution clock.
    const clock = await clockOnStatusChange(repos, brand, ticket, to, now);
    await repos.tickets.update(ticket, withSchedule(ticket, { ...clock, status: to, updatedAt: now }));
    await repos.events.append({ ticketId: ticket.id, type: 'status_changed', actor: actor(user), isPublic: true, createdAt: now, data: { from, to: status } });
    return { ticket };
  };
}
