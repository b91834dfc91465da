import type { BusinessCalendar } from './business-calendar';
import { priorities, type Priority, type PriorityRule, type SlaPolicy } from './brand-policy';
import { slaTargets, warningMinutes, type SlaClock } from './sla';
import type { AnomalyType } from './ticket.schemas';

/*
 * Ticket priorities (issue 15), as pure functions: what a brand's rules give a ticket, and
 * what a new priority does to its deadlines.
 */

const rank = (p: Priority) => priorities.indexOf(p);
export const higherPriority = (a: Priority, b: Priority): Priority => (rank(b) > rank(a) ? b : a);

/** What the rules look at. */
export interface PriorityFacts {
  type: AnomalyType;
  amountCents: number | null;
  /** A chargeback is open on the ticket's payment. */
  openDispute: boolean;
}

/** The highest priority any of the brand's rules gives, or null when none applies. */
export function rulePriority(rules: readonly PriorityRule[], facts: PriorityFacts): Priority | null {
  let found: Priority | null = null;
  for (const rule of rules) {
    const applies =
      rule.when === 'amount_at_least' ? facts.amountCents != null && facts.amountCents >= rule.amountCents : rule.when === 'open_dispute' ? facts.openDispute : rule.type === facts.type;
    if (applies) found = found ? higherPriority(found, rule.priority) : rule.priority;
  }
  return found;
}

/** What a new priority needs of a ticket. */
export interface PrioritizedClock extends SlaClock {
  type: AnomalyType;
  priority: Priority;
  createdAt: Date;
  slaPausedAt: Date | null;
  resolutionMinutesLeft: number | null;
}

export type PriorityChanges = Pick<
  PrioritizedClock,
  'priority' | 'firstResponseWarnAt' | 'firstResponseDueAt' | 'firstResponseWarnedAt' | 'firstResponseBreachedAt' | 'resolutionWarnAt' | 'resolutionDueAt' | 'resolutionWarnedAt' | 'resolutionBreachedAt' | 'resolutionMinutesLeft'
>;

/**
 * `at` moved by `minutes` business minutes, later or (negative) earlier. Earlier lands on the
 * earliest instant of that business minute, as `addBusinessMinutes` does (18:00 rather than the
 * next morning's 09:00), counted again from `ref` (an instant before it: the ticket's creation).
 */
function shifted(calendar: BusinessCalendar, at: Date, minutes: number, ref: Date): Date {
  if (minutes === 0) return at;
  if (minutes > 0) return calendar.addBusinessMinutes(at, minutes);
  const back = calendar.subtractBusinessMinutes(at, -minutes);
  return back > ref ? calendar.addBusinessMinutes(ref, calendar.businessMinutesBetween(ref, back)) : back;
}

/**
 * The ticket at a new priority, its targets not met yet counted again with the new targets:
 * the first response from the ticket's start; the resolution from wherever its clock started
 * (the start, or the last reopening) with the paused time still credited, so its deadline
 * moves by the difference of the two targets (and, while paused, the minutes left with it).
 * A warning or breach already signalled is forgotten when the new threshold is still ahead,
 * so the SLA watch signals the new one.
 */
export function withPriority(ticket: PrioritizedClock, priority: Priority, policy: SlaPolicy, calendar: BusinessCalendar, now: Date): PriorityChanges {
  const before = slaTargets(policy, ticket.type, ticket.priority);
  const after = slaTargets(policy, ticket.type, priority);
  const changes: PriorityChanges = {
    priority,
    firstResponseWarnAt: ticket.firstResponseWarnAt,
    firstResponseDueAt: ticket.firstResponseDueAt,
    firstResponseWarnedAt: ticket.firstResponseWarnedAt,
    firstResponseBreachedAt: ticket.firstResponseBreachedAt,
    resolutionWarnAt: ticket.resolutionWarnAt,
    resolutionDueAt: ticket.resolutionDueAt,
    resolutionWarnedAt: ticket.resolutionWarnedAt,
    resolutionBreachedAt: ticket.resolutionBreachedAt,
    resolutionMinutesLeft: ticket.resolutionMinutesLeft,
  };
  if (!ticket.firstRespondedAt) {
    changes.firstResponseWarnAt = calendar.addBusinessMinutes(ticket.createdAt, warningMinutes(policy, after.firstResponseMinutes));
    changes.firstResponseDueAt = calendar.addBusinessMinutes(ticket.createdAt, after.firstResponseMinutes);
    if (changes.firstResponseWarnAt > now) changes.firstResponseWarnedAt = null;
    if (changes.firstResponseDueAt > now) changes.firstResponseBreachedAt = null;
  }
  if (!ticket.resolvedAt) {
    const delta = after.resolutionMinutes - before.resolutionMinutes;
    changes.resolutionDueAt = shifted(calendar, ticket.resolutionDueAt, delta, ticket.createdAt);
    changes.resolutionWarnAt = shifted(calendar, ticket.resolutionWarnAt, warningMinutes(policy, after.resolutionMinutes) - warningMinutes(policy, before.resolutionMinutes), ticket.createdAt);
    if (ticket.slaPausedAt && ticket.resolutionMinutesLeft != null) changes.resolutionMinutesLeft = Math.max(0, ticket.resolutionMinutesLeft + delta);
    if (changes.resolutionWarnAt > now) changes.resolutionWarnedAt = null;
    if (changes.resolutionDueAt > now) changes.resolutionBreachedAt = null;
  }
  return changes;
}

/** The timeline entry of a change of priority. */
export const priorityChangedEvent = (from: Priority, to: Priority, by: 'rule' | 'agent', dueAt: { firstResponseDueAt: Date; resolutionDueAt: Date }) => ({
  type: 'priority_changed' as const,
  data: { from, to, by, firstResponseDueAt: dueAt.firstResponseDueAt.toISOString(), resolutionDueAt: dueAt.resolutionDueAt.toISOString() },
});
