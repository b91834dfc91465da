import type { Job } from 'bullmq';
import type { AppContext } from '../core/context';
import { toRow } from '../db/repositories/sla-rollup.repository';
import { addTicket, emptyTally, type Tally } from '../domain/sla-report';

const WATERMARK = 'sla_rollups.watermark';
/** Rows written just before a run may commit after it started: look back this far again. */
const OVERLAP_MS = 60_000;

/** Rebuilds one brand's roll-up rows for one creation day from its tickets. */
export async function rebuildDay(ctx: Pick<AppContext, 'db' | 'now'>, brandId: string, day: string): Promise<number> {
  const tickets = await ctx.db.repos.tickets.findReportFacts({ from: day, to: day, brandId });
  const tallies = new Map<string, Tally>();
  for (const t of tickets) {
    const key = `${t.type}|${t.assigneeId ?? ''}`;
    tallies.set(key, addTicket(tallies.get(key) ?? emptyTally(), t));
  }
  const now = ctx.now();
  const rows = [...tallies].map(([key, tally]) => {
    const [type, assigneeId] = key.split('|');
    return toRow(day, brandId, type, assigneeId, tally, now);
  });
  await ctx.db.transaction((repos) => repos.rollups.replaceDay(brandId, day, rows));
  return rows.length;
}

/**
 * Brings the daily roll-ups up to date: every (brand, day) with a ticket written since the
 * last run is rebuilt from its tickets, so the roll-ups always equal a count over tickets.
 * `full` rebuilds every day there is.
 */
export async function refreshRollups(ctx: Pick<AppContext, 'db' | 'now'>, { full = false } = {}): Promise<{ days: number }> {
  const started = ctx.now();
  const last = full ? null : await ctx.db.repos.rollups.getState(WATERMARK);
  const since = new Date(last ? Number(last) : 0);
  const days = await ctx.db.repos.tickets.findDaysChangedSince(since);
  for (const { brandId, day } of days) await rebuildDay(ctx, brandId, day);
  await ctx.db.repos.rollups.setState(WATERMARK, String(started.getTime() - OVERLAP_MS));
  return { days: days.length };
}

export const rollupProcessor = (ctx: AppContext) => async (_job: Job) => refreshRollups(ctx);
