import type { AppContext } from '../../core/context';
import { businessMinutesWorked, clockOnStatusChange } from '../../core/ticket-clock';
import type { User } from '../../db/entities/user.entity';
import type { ResolveInput } from '../../domain/agent-actions.schemas';
import { refund, resolution as resolutionStatus } from '../../domain/ticket-rules';
import { mailQueue } from '../../queues';
import { AppError } from '../errors';
import { actor, allowed, firstResponse, runAction, withSchedule, type ActionWork } from './run-action';

type OutcomeDetails = Record<string, string | number | null>;

/** Resolves with an outcome (once: reopen to change it), taking an unassigned ticket; the customer is e-mailed the outcome. */
export function resolve(ctx: AppContext, user: User, id: string, input: ResolveInput) {
  return runAction(ctx, id, input.version, resolution(user, input));
}

/**
 * The resolution itself, for `resolve` and for a refund made from Guichet (which brings its
 * own details: the refund as the provider made it, whatever the ticket's reported amount).
 */
export function resolution(user: User, input: ResolveInput, madeRefund?: OutcomeDetails): ActionWork {
  return async (ticket, repos, now) => {
    const status = allowed(resolutionStatus(ticket.status));
    let details: OutcomeDetails = {};
    if (madeRefund) {
      details = madeRefund;
    } else if (input.outcome === 'refunded') {
      details = { refundAmountCents: allowed(refund(ticket.amountCents, input.refundAmountCents)), refundedAt: input.refundedAt ?? now.toISOString(), currency: ticket.currency };
    }
    if (input.outcome === 'duplicate_of') {
      const original = await repos.tickets.findByReference(input.duplicateOfReference.toUpperCase());
      if (!original || original.id === ticket.id) throw new AppError(422, 'unknown_ticket', 'duplicate_of needs another existing ticket.');
      details = { duplicateOfId: original.id, duplicateOfReference: original.reference };
    }
    const event = await repos.events.appendOne({
      ticketId: ticket.id,
      type: 'resolved',
      actor: actor(user),
      isPublic: true,
      createdAt: now,
      data: { outcome: input.outcome, details, message: input.message ?? null, authorName: user.name },
    });
    // Whoever resolves an unassigned ticket answered it: reports count it as theirs.
    const claimed = ticket.assigneeId ? {} : { assigneeId: user.id };
    if (!ticket.assigneeId) {
      await repos.events.append({ ticketId: ticket.id, type: 'assigned', actor: actor(user), createdAt: now, data: { assigneeId: user.id, assigneeName: user.name } });
    }
    const brand = (await repos.brands.findById(ticket.brandId))!;
    // Resolving ends a pause; the time worked leaves the paused spans out.
    const clock = await clockOnStatusChange(repos, brand, ticket, status, now);
    await repos.tickets.update(
      ticket,
      withSchedule(ticket, {
        ...claimed,
        ...clock,
        status,
        outcome: input.outcome,
        outcomeDetails: details,
        resolvedAt: now,
        resolutionBusinessMinutes: await businessMinutesWorked(repos, brand, ticket, now),
        nextReminderAt: null,
        ...(await firstResponse(repos, ticket, now)),
        updatedAt: now,
      }),
    );
    // A chargeback's cardholder never wrote to the shop: only an agent's own reply goes to them.
    if (ticket.source === 'chargeback') return { ticket };
    const mail = await mailQueue.enqueue(repos.outbox, { ticketId: ticket.id, template: 'resolution', key: `e${event.id}`, eventId: event.id });
    return { ticket, mails: [mail] };
  };
}
