import { stringify } from 'csv-stringify';
import { Router, type Response } from 'express';
import type { AppContext } from '../../core/context';
import { requireRole } from '../auth';
import { analyticsQuerySchema } from '../../domain/analytics.schemas';
import { breaches, slaReport } from '../services/analytics.service';
import { satisfactionReport } from '../services/satisfaction-report.service';
import { validate } from '../validate';

/**
 * A spreadsheet runs a cell that starts with = + - @, tab or CR as a formula (`=HYPERLINK(…)`
 * in an agent's or a brand's name): such text gets a leading ' (OWASP's advice) and shows
 * as typed. Numbers stay numbers, negative ones included.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const neutraliseFormula = (value: string) => (FORMULA_START.test(value) ? `'${value}` : value);

/** Every CSV: UTF-8 with a byte-order mark, so spreadsheets keep French accents; RFC 4180 quoting. */
function sendCsv(res: Response, filename: string, columns: string[], rows: Iterable<unknown[]>) {
  res.set({ 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="${filename}"`, 'Cache-Control': 'no-store' });
  res.write('\ufeff');
  const csv = stringify({ header: true, columns, record_delimiter: 'windows', cast: { string: neutraliseFormula } });
  csv.pipe(res);
  for (const row of rows) csv.write(row);
  csv.end();
}

/** Managers' figures. Agents and customers are refused. */
export function analyticsRoutes(ctx: AppContext): Router {
  const router = Router();
  router.use(requireRole('manager'));

  router.get('/sla', validate({ query: analyticsQuerySchema }, async ({ query: q }, _req, res) => {
    const report = await slaReport(ctx, q);
    if (q.format === 'json') return void res.json(report);
    const outcomes = [...new Set(report.groups.flatMap((g) => Object.keys(g.outcomes)))].sort();
    const target = (t: (typeof report.totals)['firstResponse']) => [t.met, t.breached, t.pending, t.atRisk, t.compliance, t.medianMinutes, t.p90Minutes];
    const targetCols = (p: string) => ['met', 'breached', 'pending', 'at_risk', 'compliance', 'median_business_minutes', 'p90_business_minutes'].map((c) => `${p}_${c}`);
    sendCsv(
      res,
      `guichet-sla-${report.groupBy}-${report.from}-${report.to}.csv`,
      [report.groupBy, 'label', 'created', 'resolved', 'open', 'reopen_rate', ...targetCols('first_response'), ...targetCols('resolution'), 'backlog_0_1_days', 'backlog_1_2_days', 'backlog_2_3_days', 'backlog_over_3_days', ...outcomes.map((o) => `outcome_${o}`)],
      report.groups.map((g) => [
        g.key,
        g.label,
        g.created,
        g.resolved,
        g.open,
        g.reopenRate,
        ...target(g.firstResponse),
        ...target(g.resolution),
        g.backlog['0-1'],
        g.backlog['1-2'],
        g.backlog['2-3'],
        g.backlog['3+'],
        ...outcomes.map((o) => g.outcomes[o] ?? 0),
      ]),
    );
  }));

  router.get('/breaches', validate({ query: analyticsQuerySchema }, async ({ query: q }, _req, res) => {
    const list = await breaches(ctx, q);
    if (q.format === 'json') return void res.json(list);
    sendCsv(
      res,
      `guichet-breaches-${list.from}-${list.to}.csv`,
      ['reference', 'type', 'brand', 'status', 'assignee', 'created_at', 'first_response_due_at', 'first_response_late_business_minutes', 'resolution_due_at', 'resolution_late_business_minutes'],
      list.items.map((b) => [b.reference, b.typeLabel, b.brand, b.status, b.assignee ?? '', b.createdAt, b.firstResponseDueAt, b.firstResponseLateMinutes ?? '', b.resolutionDueAt, b.resolutionLateMinutes ?? '']),
    );
  }));
  // Customer satisfaction over the same period and groups (the rated tickets against the resolved ones).
  router.get('/satisfaction', validate({ query: analyticsQuerySchema }, async ({ query: q }, _req, res) => {
    const report = await satisfactionReport(ctx, q);
    if (q.format === 'json') return void res.json(report);
    sendCsv(
      res,
      `guichet-satisfaction-${report.groupBy}-${report.from}-${report.to}.csv`,
      [report.groupBy, 'label', 'ratings', 'csat', 'average_score', 'score_1', 'score_2', 'score_3', 'score_4', 'score_5', 'resolved', 'rated_tickets', 'response_rate'],
      report.groups.map((g) => [g.key, g.label, g.ratings, g.csat ?? '', g.averageScore ?? '', g.scores['1'], g.scores['2'], g.scores['3'], g.scores['4'], g.scores['5'], g.resolved, g.ratedTickets, g.responseRate ?? '']),
    );
  }));
  return router;
}
