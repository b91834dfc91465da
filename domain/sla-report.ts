import { DateTime } from 'luxon';
import type { BusinessCalendar } from './business-calendar';
import type { PauseSpan } from './sla-recompute';

/**
 * SLA reporting, as pure functions: what each ticket counts for (met, breached, pending,
 * at risk), tallies that add up per group and merge across days (so daily roll-ups and a
 * direct count over tickets give the same figures), and the figures managers read.
 */

/** What a report needs of one ticket. */
export interface TicketFacts {
  createdDay: string;
  brandId: string;
  type: string;
  assigneeId: string | null;
  firstRespondedAt: Date | null;
  firstResponseDueAt: Date;
  firstResponseWarnedAt: Date | null;
  firstResponseBreachedAt: Date | null;
  firstResponseBusinessMinutes: number | null;
  resolvedAt: Date | null;
  resolutionDueAt: Date;
  resolutionWarnedAt: Date | null;
  resolutionBreachedAt: Date | null;
  resolutionBusinessMinutes: number | null;
  reopenCount: number;
  outcome: string | null;
}

export type TargetStanding = 'met' | 'breached' | 'pending';

/**
 * Met when done by the deadline; breached when done late or when the SLA watch recorded
 * the breach; pending otherwise. Depends only on the row, so a roll-up of it stays true
 * until the row changes.
 */
export function standing(doneAt: Date | null, dueAt: Date, breachedAt: Date | null): TargetStanding {
  if (doneAt) return doneAt <= dueAt ? 'met' : 'breached';
  return breachedAt ? 'breached' : 'pending';
}

/** Sparse histogram: business minutes → number of tickets. */
export type Histogram = Record<string, number>;

export interface TargetTally {
  met: number;
  breached: number;
  pending: number;
  /** Pending and past the warning. */
  atRisk: number;
  minutes: Histogram;
}

export interface Tally {
  created: number;
  resolved: number;
  reopened: number;
  firstResponse: TargetTally;
  resolution: TargetTally;
  outcomes: Record<string, number>;
}

const emptyTarget = (): TargetTally => ({ met: 0, breached: 0, pending: 0, atRisk: 0, minutes: {} });
export const emptyTally = (): Tally => ({ created: 0, resolved: 0, reopened: 0, firstResponse: emptyTarget(), resolution: emptyTarget(), outcomes: {} });

function countTarget(t: TargetTally, doneAt: Date | null, dueAt: Date, warnedAt: Date | null, breachedAt: Date | null, minutes: number | null) {
  const s = standing(doneAt, dueAt, breachedAt);
  t[s]++;
  if (s === 'pending' && warnedAt) t.atRisk++;
  if (doneAt && minutes != null) t.minutes[minutes] = (t.minutes[minutes] ?? 0) + 1;
}

export function addTicket(tally: Tally, f: TicketFacts): Tally {
  tally.created++;
  if (f.resolvedAt) tally.resolved++;
  if (f.reopenCount > 0) tally.reopened++;
  countTarget(tally.firstResponse, f.firstRespondedAt, f.firstResponseDueAt, f.firstResponseWarnedAt, f.firstResponseBreachedAt, f.firstResponseBusinessMinutes);
  countTarget(tally.resolution, f.resolvedAt, f.resolutionDueAt, f.resolutionWarnedAt, f.resolutionBreachedAt, f.resolutionBusinessMinutes);
  if (f.outcome) tally.outcomes[f.outcome] = (tally.outcomes[f.outcome] ?? 0) + 1;
  return tally;
}

const mergeCounts = (into: Record<string, number>, from: Record<string, number>) => {
  // for…in, not Object.entries: no [key, value] array per entry (a year by day merges millions).
  for (const k in from) into[k] = (into[k] ?? 0) + from[k];
};

export function mergeTally(into: Tally, from: Tally): Tally {
  into.created += from.created;
  into.resolved += from.resolved;
  into.reopened += from.reopened;
  for (const key of ['firstResponse', 'resolution'] as const) {
    const a = into[key];
    const b = from[key];
    a.met += b.met;
    a.breached += b.breached;
    a.pending += b.pending;
    a.atRisk += b.atRisk;
    mergeCounts(a.minutes, b.minutes);
  }
  mergeCounts(into.outcomes, from.outcomes);
  return into;
}

/** Nearest-rank percentiles (the smallest value with at least p % of values at or below it), one sort for all. */
export function percentiles(histogram: Histogram, ps: number[]): Array<number | null> {
  const values = Object.keys(histogram).map(Number).sort((a, b) => a - b);
  let n = 0;
  for (const v of values) n += histogram[v];
  if (!n) return ps.map(() => null);
  return ps.map((p) => {
    const rank = Math.max(1, Math.ceil((p / 100) * n));
    let seen = 0;
    for (const v of values) {
      seen += histogram[v];
      if (seen >= rank) return v;
    }
    return values[values.length - 1];
  });
}

export const percentile = (histogram: Histogram, p: number): number | null => percentiles(histogram, [p])[0];

export const backlogBuckets = ['0-1', '1-2', '2-3', '3+'] as const;
export type Backlog = Record<(typeof backlogBuckets)[number], number>;
export const emptyBacklog = (): Backlog => ({ '0-1': 0, '1-2': 0, '2-3': 0, '3+': 0 });

/** The bucket of an open ticket's age in business days. */
export const backlogBucket = (ageBusinessDays: number): keyof Backlog =>
  ageBusinessDays < 1 ? '0-1' : ageBusinessDays < 2 ? '1-2' : ageBusinessDays < 3 ? '2-3' : '3+';

const ratio = (a: number, b: number) => (b ? Math.round((a / b) * 10_000) / 10_000 : null);

function targetFigures(t: TargetTally) {
  const [median, p90] = percentiles(t.minutes, [50, 90]);
  return {
    met: t.met,
    breached: t.breached,
    pending: t.pending,
    atRisk: t.atRisk,
    /** Met share of the tickets whose outcome is known (met or breached). */
    compliance: ratio(t.met, t.met + t.breached),
    medianMinutes: median,
    p90Minutes: p90,
  };
}

/** The figures of one group, as the API returns them. */
export function figures(tally: Tally, backlog: Backlog = emptyBacklog()) {
  return {
    created: tally.created,
    resolved: tally.resolved,
    open: tally.created - tally.resolved,
    reopenRate: ratio(tally.reopened, tally.created),
    firstResponse: targetFigures(tally.firstResponse),
    resolution: targetFigures(tally.resolution),
    backlog,
    outcomes: tally.outcomes,
  };
}
export type GroupFigures = ReturnType<typeof figures>;

/**
 * Splits a range of days (inclusive, yyyy-MM-dd) into the whole months inside it (read
 * from month roll-ups) and the days before and after them (read from day roll-ups).
 */
export function splitPeriods(from: string, to: string): { days: Array<{ from: string; to: string }>; months: { from: string; to: string } | null } {
  const start = DateTime.fromISO(from, { zone: 'utc' });
  const end = DateTime.fromISO(to, { zone: 'utc' });
  const firstMonth = start.day === 1 ? start : start.plus({ months: 1 }).startOf('month');
  const lastMonthEnd = end.equals(end.endOf('month').startOf('day')) ? end : end.startOf('month').minus({ days: 1 });
  if (firstMonth > lastMonthEnd) return { days: [{ from, to }], months: null };
  const days: Array<{ from: string; to: string }> = [];
  if (start < firstMonth) days.push({ from, to: firstMonth.minus({ days: 1 }).toISODate()! });
  if (end > lastMonthEnd) days.push({ from: lastMonthEnd.plus({ days: 1 }).toISODate()!, to });
  return { days, months: { from: firstMonth.toFormat('yyyy-MM'), to: lastMonthEnd.toFormat('yyyy-MM') } };
}

/**
 * The spans a ticket's resolution clock stood still, from its `sla_paused` and `sla_resumed`
 * events in order; `to` null: paused still.
 */
export function pauseSpansOf(events: ReadonlyArray<{ type: string; createdAt: Date }>): PauseSpan[] {
  const spans: PauseSpan[] = [];
  for (const e of events) {
    const open = spans.at(-1);
    if (e.type === 'sla_paused' && (!open || open.to)) spans.push({ from: e.createdAt, to: null });
    else if (e.type === 'sla_resumed' && open && !open.to) open.to = e.createdAt;
  }
  return spans;
}

/** The same spans up to `until` (a pause still on ends there), for counting worked time. */
export function pausedSpans(events: ReadonlyArray<{ type: string; createdAt: Date }>, until: Date): Array<{ from: Date; to: Date }> {
  return pauseSpansOf(events)
    .map((s) => ({ from: s.from, to: s.to ?? until }))
    .filter((s) => s.from < s.to);
}

/** Business minutes between two instants, without the paused spans within them. */
export function businessMinutesWithoutPauses(calendar: BusinessCalendar, from: Date, to: Date, spans: ReadonlyArray<{ from: Date; to: Date }>): number {
  let total = calendar.businessMinutesBetween(from, to);
  for (const s of spans) {
    const a = s.from > from ? s.from : from;
    const b = s.to < to ? s.to : to;
    if (b > a) total -= calendar.businessMinutesBetween(a, b);
  }
  return total;
}
