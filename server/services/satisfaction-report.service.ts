import type { AppContext } from '../../core/context';
import type { AnalyticsQuery } from '../../domain/analytics.schemas';
import { addScores, csatFigures, emptyCsat, mergeCsat, type CsatTally } from '../../domain/satisfaction';
import type { CsatReport } from '../../domain/satisfaction.schemas';
import { labels, publicGroupKey, reportHeading, scope, talliesFor } from './analytics.service';

/**
 * CSAT over the SLA report's period and groups: the ratings of the tickets created in those
 * days (as every figure of the reports counts tickets by their creation day), against the
 * resolved tickets of the same group as the SLA report counts them (its roll-ups, or the
 * tickets themselves with `source=tickets`). By agent, a rating counts for the agent who
 * resolved, the resolved tickets for their assignee (whom resolving makes the owner of an
 * unassigned ticket).
 */
export async function satisfactionReport(ctx: AppContext, q: AnalyticsQuery): Promise<CsatReport> {
  const s = await scope(ctx, q);
  const column = ({ type: 'type', brand: 'brandId', agent: 'agentId', day: 'ticketCreatedDay' } as const)[q.groupBy];
  const [counts, resolvedTallies] = await Promise.all([
    ctx.db.repos.satisfaction.countsForReport({ from: s.from, to: s.to, brandId: s.brand?.id }, column),
    talliesFor(ctx, s, q),
  ]);
  const tallies = new Map<string, CsatTally>();
  const tallyOf = (key: string) => tallies.get(key) ?? tallies.set(key, emptyCsat()).get(key)!;
  for (const r of counts.scores) addScores(tallyOf(r.key), r.score, r.n);
  for (const r of counts.tickets) tallyOf(r.key).ratedTickets += r.n;
  const resolved = new Map([...resolvedTallies].map(([key, t]) => [key, t.resolved]));
  const keys = [...new Set([...tallies.keys(), ...[...resolved].filter(([, n]) => n > 0).map(([k]) => k)])].sort();
  const names = await labels(ctx, s, q.groupBy, keys, q.lang);
  const publicKey = publicGroupKey(s, q.groupBy);
  const groups = keys.map((key) => ({ key: publicKey(key), label: names.get(key) ?? key, ...csatFigures(tallies.get(key) ?? emptyCsat(), resolved.get(key) ?? 0) }));
  if (q.groupBy !== 'day') groups.sort((a, b) => b.ratings - a.ratings || a.key.localeCompare(b.key));
  const total = [...tallies.values()].reduce((sum, t) => mergeCsat(sum, t), emptyCsat());
  const totalResolved = [...resolved.values()].reduce((a, b) => a + b, 0);
  return { ...reportHeading(ctx, s, q), totals: csatFigures(total, totalResolved), groups };
}
