import type { Job } from 'bullmq';
import type { AppContext } from '../core/context';
import type { RollupDimension } from '../db/entities/sla-rollup.entity';
import { toRow, toTally } from '../db/repositories/sla-rollup.repository';
import { addTicket, emptyTally, mergeTally, type Tally } from '../domain/sla-report';

const WATERMARK = 'sla_rollups.watermark';
/** Rows written just before a run may commit after it started: look back this far again. */
const OVERLAP_MS = 60_000;

type Ctx = Pick<AppContext, 'db' | 'now'>;
type Tallies = Map<string, Tally>; // `${dimension}|${key}`

const add = (tallies: Tallies, key: string, f: Parameters<typeof addTicket>[1]) => tallies.set(key, addTicket(tallies.get(key) ?? emptyTally(), f));
const split = (key: string) => key.split('|') as [RollupDimension, string];

/** Rebuilds one brand's day rows (all, per type, per assignee) from that day's tickets. */
export async function rebuildDay(ctx: Ctx, brandId: string, day: string): Promise<void> {
  const tallies: Tallies = new Map();
  for (const t of await ctx.db.repos.tickets.findReportFacts({ from: day, to: day, brandId })) {
    add(tallies, 'all|', t);
    add(tallies, `type|${t.type}`, t);
    add(tallies, `agent|${t.assigneeId ?? ''}`, t);
  }
  const now = ctx.now();
  const rows = [...tallies].map(([key, tally]) => toRow('day', day, brandId, ...split(key), tally, now));
  await ctx.db.transaction((repos) => repos.rollups.replacePeriod('day', day, brandId, rows));
}

/** Sums a brand's day rows of one month into its month rows. */
export async function rebuildMonth(ctx: Ctx, brandId: string, month: string): Promise<void> {
  const tallies: Tallies = new Map();
  for (const r of await ctx.db.repos.rollups.daysOfMonth(brandId, month)) {
    const key = `${r.dimension}|${r.dimKey}`;
    tallies.set(key, mergeTally(tallies.get(key) ?? emptyTally(), toTally(r)));
  }
  const now = ctx.now();
  const rows = [...tallies].map(([key, tally]) => toRow('month', month, brandId, ...split(key), tally, now));
  await ctx.db.transaction((repos) => repos.rollups.replacePeriod('month', month, brandId, rows));
}

/**
 * Brings the roll-ups up to date: every (brand, day) with a ticket written since the last
 * run is rebuilt from its tickets, then the months those days belong to, so the roll-ups
 * always equal a count over tickets. `full` rebuilds everything.
 */
export async function refreshRollups(ctx: Ctx, { full = false } = {}): Promise<{ days: number; months: number }> {
  const started = ctx.now();
  const last = full ? null : await ctx.db.repos.rollups.getState(WATERMARK);
  const days = await ctx.db.repos.tickets.findDaysChangedSince(new Date(last ? Number(last) : 0));
  const months = new Set<string>();
  for (const { brandId, day } of days) {
    await rebuildDay(ctx, brandId, day);
    months.add(`${brandId}|${day.slice(0, 7)}`);
  }
  for (const key of months) {
    const [brandId, month] = key.split('|');
    await rebuildMonth(ctx, brandId, month);
  }
  await ctx.db.repos.rollups.setState(WATERMARK, String(started.getTime() - OVERLAP_MS));
  return { days: days.length, months: months.size };
}

export const rollupProcessor = (ctx: Ctx) => async (_job: Job) => refreshRollups(ctx);
