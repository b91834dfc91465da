import { DateTime } from 'luxon';
import { calendarFor } from '../../core/calendars';
import type { AppContext } from '../../core/context';
import type { Brand } from '../../db/entities/brand.entity';
import type { Ticket } from '../../db/entities/ticket.entity';
import type { AnalyticsQuery, BreachList, SlaReport } from '../../domain/analytics.schemas';
import { anomalyTypeLabels } from '../../domain/labels';
import {
  addTicket,
  backlogBucket,
  emptyBacklog,
  emptyTally,
  figures,
  mergeTally,
  splitPeriods,
  standing,
  type Backlog,
  type Tally,
} from '../../domain/sla-report';
import { AppError } from '../errors';

type ReportGroup = AnalyticsQuery['groupBy'];

export interface Scope {
  from: string;
  to: string;
  brand: Brand | null;
  brands: Map<string, Brand>;
}

/** The days asked for (default: the last 30 days, today included, in the default brand's zone) and the brands. */
export async function scope(ctx: AppContext, q: AnalyticsQuery): Promise<Scope> {
  const all = await ctx.db.repos.brands.list();
  const brands = new Map(all.map((b) => [b.id, b]));
  const brand = q.brand ? all.find((b) => b.slug === q.brand) ?? null : null;
  if (q.brand && !brand) throw new AppError(400, 'validation_failed', 'Some fields are invalid.', [{ field: 'brand', code: 'unknown_brand', message: 'no shop by that name' }]);
  const zone = (brand ?? all.find((b) => b.isDefault) ?? all[0]).policy.calendar.timeZone;
  const today = DateTime.fromJSDate(ctx.now(), { zone });
  return { from: q.from ?? today.minus({ days: 29 }).toISODate()!, to: q.to ?? today.toISODate()!, brand, brands };
}

const groupKey: Record<ReportGroup, (t: Pick<Ticket, 'type' | 'brandId' | 'assigneeId' | 'createdDay'>) => string> = {
  type: (t) => t.type,
  brand: (t) => t.brandId,
  agent: (t) => t.assigneeId ?? '',
  day: (t) => t.createdDay,
};

/** Counts per group from the roll-ups: month rows for whole months, day rows at the edges. */
async function talliesFromRollups(ctx: AppContext, s: Scope, group: ReportGroup): Promise<Map<string, Tally>> {
  const selection = group === 'day' ? { days: [{ from: s.from, to: s.to }], months: null } : splitPeriods(s.from, s.to);
  const dimension = group === 'type' ? 'type' : group === 'agent' ? 'agent' : 'all';
  const rows = await ctx.db.repos.rollups.rows(selection, dimension, s.brand?.id);
  const tallies = new Map<string, Tally>();
  for (const r of rows) {
    const key = group === 'brand' ? r.brandId : group === 'day' ? r.periodStart : r.dimKey;
    const seen = tallies.get(key);
    // The rows were just parsed and are ours: the first of a group is its tally, not a copy.
    tallies.set(key, seen ? mergeTally(seen, r.tally) : r.tally);
  }
  return tallies;
}

/** The same counts straight from the tickets: the reference the roll-ups are checked against. */
async function talliesFromTickets(ctx: AppContext, s: Scope, group: ReportGroup): Promise<Map<string, Tally>> {
  const tickets = await ctx.db.repos.tickets.findReportFacts({ from: s.from, to: s.to, brandId: s.brand?.id });
  const tallies = new Map<string, Tally>();
  for (const t of tickets) {
    const key = groupKey[group](t);
    tallies.set(key, addTicket(tallies.get(key) ?? emptyTally(), t));
  }
  return tallies;
}

/**
 * Open tickets by age in business days, on each brand's calendar: the instants 1, 2 and 3
 * business days ago are found once per brand, then each ticket is only compared to them.
 */
/** The tallies per group from where the query asks: the roll-ups (default) or the tickets themselves. */
export function talliesFor(ctx: AppContext, s: Scope, q: AnalyticsQuery): Promise<Map<string, Tally>> {
  return q.source === 'tickets' ? talliesFromTickets(ctx, s, q.groupBy) : talliesFromRollups(ctx, s, q.groupBy);
}

/** A group's key as the API shows it: a shop by its slug, as everywhere else (the breach list, ?brand=), never by its id. */
export const publicGroupKey = (s: Scope, group: ReportGroup) => (key: string) => (group === 'brand' ? s.brands.get(key)?.slug ?? key : key);

/** What every grouped report says of itself: its period, shop, grouping, source and when it was made. */
export const reportHeading = (ctx: AppContext, s: Scope, q: AnalyticsQuery) => ({
  from: s.from,
  to: s.to,
  brand: s.brand?.slug ?? null,
  groupBy: q.groupBy,
  source: q.source,
  generatedAt: ctx.now().toISOString(),
});

async function backlogs(ctx: AppContext, s: Scope, group: ReportGroup): Promise<Map<string, Backlog>> {
  const now = ctx.now();
  const open = await ctx.db.repos.tickets.findOpenForBacklog({ from: s.from, to: s.to, brandId: s.brand?.id });
  const thresholds = new Map<string, Date[]>();
  for (const brand of s.brands.values()) {
    const calendar = calendarFor(brand);
    thresholds.set(brand.id, [1, 2, 3].map((d) => calendar.subtractBusinessMinutes(now, d * calendar.minutesPerDay)));
  }
  const result = new Map<string, Backlog>();
  for (const t of open) {
    const [one, two, three] = thresholds.get(t.brandId)!;
    const age = t.createdAt > one ? 0 : t.createdAt > two ? 1 : t.createdAt > three ? 2 : 3;
    const key = groupKey[group](t);
    const b = result.get(key) ?? emptyBacklog();
    b[backlogBucket(age)]++;
    result.set(key, b);
  }
  return result;
}

export async function labels(ctx: AppContext, s: Scope, group: ReportGroup, keys: string[], lang: 'fr' | 'en'): Promise<Map<string, string>> {
  if (group === 'type') return new Map(keys.map((k) => [k, anomalyTypeLabels[lang][k as keyof (typeof anomalyTypeLabels)['fr']] ?? k]));
  if (group === 'brand') return new Map(keys.map((k) => [k, s.brands.get(k)?.name ?? k]));
  if (group === 'agent') {
    const users = new Map((await ctx.db.repos.users.findByIds(keys.filter(Boolean))).map((u) => [u.id, u.name]));
    return new Map(keys.map((k) => [k, k ? users.get(k) ?? k : lang === 'fr' ? 'Non assigné' : 'Unassigned']));
  }
  return new Map(keys.map((k) => [k, k]));
}

export async function slaReport(ctx: AppContext, q: AnalyticsQuery): Promise<SlaReport> {
  const s = await scope(ctx, q);
  const [tallies, ages] = await Promise.all([
    talliesFor(ctx, s, q),
    backlogs(ctx, s, q.groupBy),
  ]);
  const keys = [...tallies.keys()].sort();
  const names = await labels(ctx, s, q.groupBy, keys, q.lang);
  // Totals: the sum of the groups, except by day, where the month rows give it for far less work.
  const total =
    q.groupBy === 'day' && q.source === 'rollups'
      ? [...(await talliesFromRollups(ctx, s, 'brand')).values()].reduce((sum, t) => mergeTally(sum, t), emptyTally())
      : [...tallies.values()].reduce((sum, t) => mergeTally(sum, t), emptyTally());
  const totalBacklog = emptyBacklog();
  for (const b of ages.values()) for (const k of Object.keys(b) as Array<keyof Backlog>) totalBacklog[k] += b[k];
  const publicKey = publicGroupKey(s, q.groupBy);
  const groups = keys.map((key) => ({ key: publicKey(key), label: names.get(key) ?? key, ...figures(tallies.get(key)!, ages.get(key)) }));
  if (q.groupBy !== 'day') groups.sort((a, b) => b.created - a.created || a.key.localeCompare(b.key));
  return { ...reportHeading(ctx, s, q), totals: figures(total, totalBacklog), groups };
}

/** Tickets that missed a target, with how late in business minutes (still counting while open). */
export async function breaches(ctx: AppContext, q: AnalyticsQuery): Promise<BreachList> {
  const s = await scope(ctx, q);
  const now = ctx.now();
  const tickets = await ctx.db.repos.tickets.findBreached({ from: s.from, to: s.to, brandId: s.brand?.id }, q.limit);
  const users = new Map((await ctx.db.repos.users.findByIds([...new Set(tickets.flatMap((t) => t.assigneeId ?? []))])).map((u) => [u.id, u.name]));
  const late = (t: Ticket, doneAt: Date | null, dueAt: Date, breachedAt: Date | null) => {
    if (standing(doneAt, dueAt, breachedAt) !== 'breached') return null;
    return Math.round(calendarFor(s.brands.get(t.brandId)!).businessMinutesBetween(dueAt, doneAt ?? now));
  };
  return {
    from: s.from,
    to: s.to,
    items: tickets.map((t) => ({
      id: t.id,
      reference: t.reference,
      type: t.type,
      typeLabel: anomalyTypeLabels[q.lang][t.type],
      brand: s.brands.get(t.brandId)?.slug ?? t.brandId,
      status: t.status,
      assigneeId: t.assigneeId,
      assignee: t.assigneeId ? users.get(t.assigneeId) ?? null : null,
      createdAt: t.createdAt.toISOString(),
      firstResponseDueAt: t.firstResponseDueAt.toISOString(),
      firstResponseLateMinutes: late(t, t.firstRespondedAt, t.firstResponseDueAt, t.firstResponseBreachedAt),
      resolutionDueAt: t.resolutionDueAt.toISOString(),
      resolutionLateMinutes: late(t, t.resolvedAt, t.resolutionDueAt, t.resolutionBreachedAt),
    })),
  };
}
