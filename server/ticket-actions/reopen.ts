import { calendarFor } from '../../core/calendars';
import type { AppContext } from '../../core/context';
import type { User } from '../../db/entities/user.entity';
import { reopenedTicket } from '../../domain/ticket-rules';
import { actor, allowed, runAction, withSchedule } from './run-action';

/** Back to work, with a fresh resolution target counted from now. */
export function reopen(ctx: AppContext, user: User, id: string, version: number, reason?: string) {
  return runAction(ctx, id, version, async (ticket, repos, now) => {
    const brand = (await repos.brands.findById(ticket.brandId))!;
    const reopened = allowed(reopenedTicket(ticket, calendarFor(brand), brand.policy.sla, now));
    await repos.events.append({ ticketId: ticket.id, type: 'reopened', actor: actor(user), isPublic: true, createdAt: now, data: { reason: reason ?? null, previousOutcome: ticket.outcome } });
    await repos.tickets.update(
      ticket,
      withSchedule(ticket, { ...reopened, updatedAt: now }),
    );
    return { ticket };
  });
}
