import type { BusinessCalendar } from './business-calendar';
import { slaDeadlines, type SlaDeadlines } from './sla';
import type { Priority, SlaPolicy } from './brand-policy';
import type { AnomalyType } from './ticket.schemas';
import { canTransition, type TicketStatus } from './ticket-status';

/**
 * The rules agents' actions apply to a ticket, as pure functions: each answers what the
 * action leads to, or why it cannot be done (a reason the server turns into a 409/422).
 */

export type Refusal =
  | { reason: 'invalid_transition'; from: TicketStatus; to: TicketStatus }
  | { reason: 'already_resolved'; status: TicketStatus }
  | { reason: 'reopen_first'; status: TicketStatus }
  | { reason: 'only_resolved_reopens'; status: TicketStatus }
  | { reason: 'amount_unknown' }
  | { reason: 'refund_exceeds_payment'; paidCents: number };

export type Ruling<T> = { ok: true; value: T } | { ok: false; refusal: Refusal };
const ok = <T>(value: T): Ruling<T> => ({ ok: true, value });
const no = <T>(refusal: Refusal): Ruling<T> => ({ ok: false, refusal });

/** A status change the lifecycle allows (staying put is always allowed). */
export function statusChange(from: TicketStatus, to: TicketStatus): Ruling<TicketStatus> {
  return from === to || canTransition(from, to) ? ok(to) : no({ reason: 'invalid_transition', from, to });
}

/** A public reply puts a triaged ticket to work; a resolved or closed one must be reopened first. */
export function statusAfterReply(from: TicketStatus): Ruling<TicketStatus> {
  if (from === 'resolved' || from === 'closed') return no({ reason: 'reopen_first', status: from });
  return from === 'new' || from === 'triaged' ? statusChange(from, 'in_progress') : ok(from);
}

/** Resolving happens once: a second outcome would overwrite the first and e-mail the customer again. */
export function resolution(from: TicketStatus): Ruling<TicketStatus> {
  if (from === 'resolved' || from === 'closed') return no({ reason: 'already_resolved', status: from });
  return statusChange(from, 'resolved');
}

/** A refund can be recorded only on a known payment, and never for more than was paid. */
export function refund(paidCents: number | null, refundCents: number): Ruling<number> {
  if (paidCents == null) return no({ reason: 'amount_unknown' });
  return refundCents > paidCents ? no({ reason: 'refund_exceeds_payment', paidCents }) : ok(refundCents);
}

/**
 * Only a resolved ticket reopens; it goes back to work. A closed one stays closed, but for
 * its customer's e-mail in a shop that chose to reopen closed tickets then (`closedToo`).
 */
export function reopening(from: TicketStatus, closedToo = false): Ruling<TicketStatus> {
  if (from === 'closed' && closedToo) return ok('in_progress');
  return from === 'resolved' ? statusChange(from, 'in_progress') : no({ reason: 'only_resolved_reopens', status: from });
}

/**
 * What reopening changes on a ticket (an agent's reopen, or the money watch putting it back):
 * back to work, the outcome cleared, a fresh resolution target counted from now.
 */
export function reopenedTicket(
  ticket: { status: TicketStatus; type: AnomalyType; priority: Priority; reopenCount: number },
  calendar: BusinessCalendar,
  policy: SlaPolicy,
  now: Date,
  closedToo = false,
): Ruling<{
  status: TicketStatus;
  outcome: null;
  outcomeDetails: null;
  resolvedAt: null;
  resolutionBusinessMinutes: null;
  resolutionWarnAt: Date;
  resolutionDueAt: Date;
  resolutionWarnedAt: null;
  resolutionBreachedAt: null;
  slaPausedAt: null;
  resolutionMinutesLeft: null;
  reopenCount: number;
}> {
  const status = reopening(ticket.status, closedToo);
  if (!status.ok) return status;
  return ok({
    status: status.value,
    outcome: null,
    outcomeDetails: null,
    resolvedAt: null,
    resolutionBusinessMinutes: null,
    ...reopenedResolutionDeadlines(calendar, policy, ticket.type, now, ticket.priority),
    resolutionWarnedAt: null,
    resolutionBreachedAt: null,
    // Resolving resumed any pause; a reopened ticket's clock runs.
    slaPausedAt: null,
    resolutionMinutesLeft: null,
    reopenCount: ticket.reopenCount + 1,
  });
}

/** A reopened ticket's resolution target (for its priority) starts again, whole, from the moment it reopens. */
export function reopenedResolutionDeadlines(
  calendar: BusinessCalendar,
  policy: SlaPolicy,
  type: AnomalyType,
  now: Date,
  priority: Priority,
): Pick<SlaDeadlines, 'resolutionWarnAt' | 'resolutionDueAt'> {
  const { resolutionWarnAt, resolutionDueAt } = slaDeadlines(calendar, policy, type, now, priority);
  return { resolutionWarnAt, resolutionDueAt };
}
