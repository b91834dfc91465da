import type { AppContext } from '../../core/context';
import type { AnalyticsQuery } from '../../domain/analytics.schemas';
import { addRatings, csatFigures, emptyCsat, mergeCsat, type CsatTally } from '../../domain/satisfaction';
import type { CsatReport } from '../../domain/satisfaction.schemas';
import { labels, scope, talliesFromRollups, talliesFromTickets } from './analytics.service';

type Group = AnalyticsQuery['groupBy'];

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
  const [ratings, resolvedTallies] = await Promise.all([
    ctx.db.repos.satisfaction.findForReport({ from: s.from, to: s.to, brandId: s.brand?.id }),
    q.source === 'tickets' ? talliesFromTickets(ctx, s, q.groupBy) : talliesFromRollups(ctx, s, q.groupBy),
  ]);
  const keyOf: Record<Group, (r: (typeof ratings)[number]) => string> = {
    type: (r) => r.type,
    brand: (r) => r.brandId,
    agent: (r) => r.agentId ?? '',
    day: (r) => r.ticketCreatedDay,
  };
  // Scores per group and ticket: a ticket rated after each of two resolutions is one rated ticket.
  const perGroup = new Map<string, Map<string, number[]>>();
  for (const r of ratings) {
    const key = keyOf[q.groupBy](r);
    const tickets = perGroup.get(key) ?? new Map<string, number[]>();
    tickets.set(r.ticketId, [...(tickets.get(r.ticketId) ?? []), r.score]);
    perGroup.set(key, tickets);
  }
  const tallies = new Map<string, CsatTally>();
  for (const [key, tickets] of perGroup) tallies.set(key, [...tickets.values()].reduce((t, scores) => addRatings(t, scores), emptyCsat()));
  const resolved = new Map([...resolvedTallies].map(([key, t]) => [key, t.resolved]));
  const keys = [...new Set([...tallies.keys(), ...[...resolved].filter(([, n]) => n > 0).map(([k]) => k)])].sort();
  const names = await labels(ctx, s, q.groupBy, keys, q.lang);
  const publicKey = (key: string) => (q.groupBy === 'brand' ? s.brands.get(key)?.slug ?? key : key);
  const groups = keys.map((key) => ({ key: publicKey(key), label: names.get(key) ?? key, ...csatFigures(tallies.get(key) ?? emptyCsat(), resolved.get(key) ?? 0) }));
  if (q.groupBy !== 'day') groups.sort((a, b) => b.ratings - a.ratings || a.key.localeCompare(b.key));
  const total = [...tallies.values()].reduce((sum, t) => mergeCsat(sum, t), emptyCsat());
  const totalResolved = [...resolved.values()].reduce((a, b) => a + b, 0);
  return {
    from: s.from,
    to: s.to,
    brand: s.brand?.slug ?? null,
    groupBy: q.groupBy,
    source: q.source,
    generatedAt: ctx.now().toISOString(),
    totals: csatFigures(total, totalResolved),
    groups,
  };
}
