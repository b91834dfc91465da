import { calendarFor } from '../../core/calendars';
import type { AppContext } from '../../core/context';
import type { User } from '../../db/entities/user.entity';
import { reopenedResolutionDeadlines, reopening } from '../../domain/ticket-rules';
import { actor, allowed, runAction, withSchedule } from './run-action';

/** Back to work, with a fresh resolution target counted from now. */
export function reopen(ctx: AppContext, user: User, id: string, version: number, reason?: string) {
  return runAction(ctx, id, version, async (ticket, repos, now) => {
    const status = allowed(reopening(ticket.status));
    const brand = (await repos.brands.findById(ticket.brandId))!;
    await repos.events.append({ ticketId: ticket.id, type: 'reopened', actor: actor(user), isPublic: true, createdAt: now, data: { reason: reason ?? null, previousOutcome: ticket.outcome } });
    await repos.tickets.update(
      ticket,
      withSchedule(ticket, {
        status,
        outcome: null,
        outcomeDetails: null,
        resolvedAt: null,
        resolutionBusinessMinutes: null,
        ...reopenedResolutionDeadlines(calendarFor(brand), brand.policy.sla, ticket.type, now),
        resolutionWarnedAt: null,
        resolutionBreachedAt: null,
        reopenCount: ticket.reopenCount + 1,
        updatedAt: now,
      }),
    );
    return { ticket };
  });
}
