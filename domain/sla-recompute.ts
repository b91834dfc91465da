import type { BusinessCalendar } from './business-calendar';
import { withSchedule, type SlaClock, type SlaTargetMinutes } from './sla';

/**
 * Recomputing an open ticket's deadlines after its brand's calendar or SLA targets changed
 * (issue 15), as pure functions. The caller gives the ticket's targets under the new policy
 * (`slaTargets(policy, type, priority)`), so whatever decides a ticket's targets decides them
 * here too.
 */

/** A span during which the resolution clock stood still (sla-pause.ts); `to` null: still paused. */
export interface PauseSpan {
  from: Date;
  to: Date | null;
}

/** What recomputing needs of an open ticket: its clock, and where each target started. */
export interface RecomputableTicket extends SlaClock {
  createdAt: Date;
  /** When it was last reopened (its resolution target started again then), or null. */
  reopenedAt: Date | null;
  slaPausedAt?: Date | null;
  resolutionMinutesLeft?: number | null;
}

const FIELDS = ['firstResponseWarnAt', 'firstResponseDueAt', 'resolutionWarnAt', 'resolutionDueAt', 'firstResponseWarnedAt', 'firstResponseBreachedAt', 'resolutionWarnedAt', 'resolutionBreachedAt', 'resolutionMinutesLeft'] as const;
type Field = (typeof FIELDS)[number];

export type RecomputedClock = Partial<Pick<RecomputableTicket, Field>> & { nextDueAt: Date; nextWarnAt: Date | null; slaNextCheckAt: Date | null };

export interface DeadlineRecompute {
  changes: RecomputedClock;
  /** The fields that changed, before and after (ISO instants, minutes, or null): the ticket's event. */
  before: Record<string, string | number | null>;
  after: Record<string, string | number | null>;
}

/**
 * Where `minutes` business minutes of running clock from `start` end, the clock standing still
 * during `pauses`. While a pause is still open, the answer is as if it had been resumed at its
 * start (the row keeps that deadline while paused), with the minutes still left then.
 */
export function dueWithPauses(calendar: BusinessCalendar, start: Date, minutes: number, pauses: readonly PauseSpan[]): { dueAt: Date; minutesLeftAtPause: number | null } {
  let t = start;
  let remaining = minutes;
  for (const p of [...pauses].sort((a, b) => a.from.getTime() - b.from.getTime())) {
    if (p.to && p.to <= t) continue;
    const from = p.from > t ? p.from : t;
    const available = calendar.businessMinutesBetween(t, from);
    if (remaining <= available) return { dueAt: calendar.addBusinessMinutes(t, remaining), minutesLeftAtPause: null };
    remaining -= available;
    if (!p.to) return { dueAt: calendar.addBusinessMinutes(from, remaining), minutesLeftAtPause: Math.ceil(remaining - 1e-9) };
    t = p.to;
  }
  return { dueAt: calendar.addBusinessMinutes(t, remaining), minutesLeftAtPause: null };
}

const warningMinutesOf = (targetMinutes: number, warningRatio: number) => Math.floor(targetMinutes * warningRatio);

/**
 * A signal already recorded for a threshold that has moved: kept when the new threshold has
 * passed too (the agents were told; telling them again would be noise), cleared when the new
 * one is still ahead — under the shop's new rules the ticket is not late (or close) yet, so
 * the SLA watch signals it again if the new threshold passes. The timeline keeps the old signal.
 */
const signalAfterMove = (recordedAt: Date | null, threshold: Date, now: Date) => (recordedAt && threshold.getTime() > now.getTime() ? null : recordedAt);

const value = (v: Date | number | null | undefined) => (v instanceof Date ? v.toISOString() : (v ?? null));
const same = (a: Date | number | null | undefined, b: Date | number | null | undefined) => value(a) === value(b);

/**
 * An open ticket's deadlines under new targets or a new calendar, each from its own start: the
 * first response from the ticket's creation while it is unanswered (an answered one keeps its
 * deadline: the target was met or missed under the rules of then); the resolution from its
 * creation or its last reopening, without the spans its clock was paused (`pauses`, those after
 * that start). Warnings at `warningRatio` of each target, as at intake; recorded warnings and
 * breaches as `signalAfterMove` says. Null when nothing changes.
 */
export function recomputedDeadlines(
  ticket: RecomputableTicket,
  calendar: BusinessCalendar,
  targets: SlaTargetMinutes,
  warningRatio: number,
  now: Date,
  pauses: readonly PauseSpan[] = [],
): DeadlineRecompute | null {
  const next: RecomputableTicket = { ...ticket };
  if (!ticket.firstRespondedAt) {
    next.firstResponseWarnAt = calendar.addBusinessMinutes(ticket.createdAt, warningMinutesOf(targets.firstResponseMinutes, warningRatio));
    next.firstResponseDueAt = calendar.addBusinessMinutes(ticket.createdAt, targets.firstResponseMinutes);
    next.firstResponseWarnedAt = signalAfterMove(ticket.firstResponseWarnedAt, next.firstResponseWarnAt, now);
    next.firstResponseBreachedAt = signalAfterMove(ticket.firstResponseBreachedAt, next.firstResponseDueAt, now);
  }
  if (!ticket.resolvedAt) {
    const start = ticket.reopenedAt ?? ticket.createdAt;
    const spans = pauses.filter((p) => !p.to || p.to > start);
    // The row says it is paused even if its pause event is not among `pauses`: the pause is from then.
    if (ticket.slaPausedAt && !spans.some((p) => !p.to)) spans.push({ from: ticket.slaPausedAt, to: null });
    const due = dueWithPauses(calendar, start, targets.resolutionMinutes, spans);
    const warn = dueWithPauses(calendar, start, warningMinutesOf(targets.resolutionMinutes, warningRatio), spans);
    next.resolutionDueAt = due.dueAt;
    next.resolutionWarnAt = warn.dueAt;
    if (ticket.slaPausedAt) next.resolutionMinutesLeft = due.minutesLeftAtPause ?? 0;
    next.resolutionWarnedAt = signalAfterMove(ticket.resolutionWarnedAt, next.resolutionWarnAt, now);
    next.resolutionBreachedAt = signalAfterMove(ticket.resolutionBreachedAt, next.resolutionDueAt, now);
  }
  const changed = FIELDS.filter((f) => !same(ticket[f], next[f]));
  if (!changed.length) return null;
  const changes = Object.fromEntries(changed.map((f) => [f, next[f]])) as Partial<Pick<RecomputableTicket, Field>>;
  return {
    changes: withSchedule(ticket, changes) as RecomputedClock,
    before: Object.fromEntries(changed.map((f) => [f, value(ticket[f])])),
    after: Object.fromEntries(changed.map((f) => [f, value(next[f])])),
  };
}
