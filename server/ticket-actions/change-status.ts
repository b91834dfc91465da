import type { AppContext } from '../../core/context';
import type { User } from '../../db/entities/user.entity';
import { statusChange } from '../../domain/ticket-rules';
import type { TicketStatus } from '../../domain/ticket-status';
import { actor, allowed, runAction } from './run-action';

/** Moves the ticket to a status the lifecycle allows from where it is. */
export function changeStatus(ctx: AppContext, user: User, id: string, version: number, status: TicketStatus) {
  return runAction(ctx, id, version, async (ticket, repos, now) => {
    const from = ticket.status;
    await repos.tickets.update(ticket, { status: allowed(statusChange(from, status)), updatedAt: now });
    await repos.events.append({ ticketId: ticket.id, type: 'status_changed', actor: actor(user), isPublic: true, createdAt: now, data: { from, to: status } });
    return { ticket };
  });
}
