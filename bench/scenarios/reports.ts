import { DateTime } from 'luxon';
import { loadConfig } from '../../core/config';
import { Database } from '../../db/database';
import { seedHistory } from '../../scripts/seed-history';
import type { AnalyticsQuery } from '../../domain/analytics.schemas';
import { breaches, slaReport } from '../../server/services/analytics.service';
import { benchStack, report, timeIt, type Size } from '../support';

/**
 * 5. Reports: the SLA analytics for a year. Full size reads the history that
 * `npm run seed:history -- --tickets 1000000` wrote (BENCH_HISTORY_DATA_DIR or
 * BENCH_HISTORY_DATABASE_URL); smoke size seeds a small one.
 */
export async function reports(size: Size) {
  const external = size === 'full' && (process.env.BENCH_HISTORY_DATA_DIR || process.env.BENCH_HISTORY_DATABASE_URL);
  const stack = external ? null : await benchStack({ workers: false });
  const db = external
    ? await Database.open((() => {
        const c = loadConfig({ DATA_DIR: process.env.BENCH_HISTORY_DATA_DIR ?? '/tmp', DATABASE_URL: process.env.BENCH_HISTORY_DATABASE_URL });
        return { databaseUrl: c.DATABASE_URL, sqlitePath: c.sqlitePath };
      })())
    : stack!.ctx.db;
  try {
    if (!external) await seedHistory(db, { tickets: size === 'smoke' ? 1500 : 1_000_000, days: 365, seed: 5 });
    const tickets = Number((await db.query<any[]>('SELECT COUNT(*) AS c FROM tickets'))[0].c);
    const ctx = { db, now: () => new Date() } as Parameters<typeof slaReport>[0];
    const today = DateTime.now().setZone('Europe/Paris');
    const year = { from: today.minus({ days: 364 }).toISODate()!, to: today.toISODate()! };
    const base: AnalyticsQuery = { ...year, groupBy: 'type', format: 'json', lang: 'fr', source: 'rollups', limit: 1000 };
    const n = size === 'smoke' ? 3 : 10;
    const rows = [];
    for (const groupBy of ['type', 'brand', 'agent', 'day'] as const) rows.push({ report: `a year, by ${groupBy}`, ...(await timeIt(n, () => slaReport(ctx, { ...base, groupBy }))) });
    rows.push({ report: 'a year of breaches (first 1000)', ...(await timeIt(n, () => breaches(ctx, base))) });
    rows.push({ report: 'a year by type, counted from tickets', ...(await timeIt(size === 'smoke' ? 1 : 2, () => slaReport(ctx, { ...base, source: 'tickets' }))) });
    return report('reports', size, db.kind, rows, { tickets });
  } finally {
    if (external) await db.close();
    await stack?.close();
  }
}
