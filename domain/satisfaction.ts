/*
 * Customer satisfaction (CSAT), as pure rules: who may rate which resolution, the one-click
 * links of the resolution e-mail, and the figures managers read. A rating is of one
 * resolution (the `resolved` event): reopened and resolved again, the ticket may be rated
 * again; the same resolution never twice.
 */

export const SCORES = [1, 2, 3, 4, 5] as const;
export type Score = (typeof SCORES)[number];
/** A comment's longest length, in characters (after redaction). */
export const COMMENT_MAX = 1000;

export type RatingRefusal = 'not_resolved' | 'merged' | 'no_customer';

/** Whether the customer may rate the ticket's current resolution now (null: yes). */
export function ratingRefusal(t: { status: string; mergedIntoId: string | null; source: string; personalDataErasedAt: Date | null }, resolutionEventId: number | null): RatingRefusal | null {
  if (t.mergedIntoId) return 'merged';
  if (t.source === 'chargeback' || t.personalDataErasedAt) return 'no_customer';
  if ((t.status !== 'resolved' && t.status !== 'closed') || resolutionEventId === null) return 'not_resolved';
  return null;
}

/** The agent a `resolved` event names (`agent:<id>`), or null. */
export function resolverOf(actor: string): string | null {
  return actor.startsWith('agent:') ? actor.slice('agent:'.length) : null;
}

/**
 * The status page link with a score chosen: `/t/REF?rate=4#token=…`. Opening it only shows
 * the page with the score selected (mail scanners follow links): the customer's click on the
 * page records it.
 */
export function ratingLink(statusUrl: string, score: Score): string {
  const hash = statusUrl.indexOf('#');
  const [base, fragment] = hash >= 0 ? [statusUrl.slice(0, hash), statusUrl.slice(hash)] : [statusUrl, ''];
  return `${base}${base.includes('?') ? '&' : '?'}rate=${score}${fragment}`;
}

/** The score a link's query names (`rate=1`…`5`), or null. */
export function scoreFromQuery(search: string): Score | null {
  const value = new URLSearchParams(search).get('rate');
  const n = value && /^[1-5]$/.test(value) ? Number(value) : null;
  return n as Score | null;
}

/** Counts that add up across days and groups. */
export interface CsatTally {
  /** Ratings per score, index 0 for 1 … 4 for 5. */
  scores: [number, number, number, number, number];
  /** Tickets with at least one rating (for the response rate). */
  ratedTickets: number;
}

export const emptyCsat = (): CsatTally => ({ scores: [0, 0, 0, 0, 0], ratedTickets: 0 });

export function addRatings(tally: CsatTally, scores: readonly number[]): CsatTally {
  for (const s of scores) if (s >= 1 && s <= 5) tally.scores[s - 1]++;
  if (scores.length) tally.ratedTickets++;
  return tally;
}

/** `n` ratings of one score, as the database counts them per group (rated tickets are counted apart). */
export function addScores(tally: CsatTally, score: number, n: number): CsatTally {
  if (Number.isInteger(score) && score >= 1 && score <= 5 && n > 0) tally.scores[score - 1] += n;
  return tally;
}

export function mergeCsat(into: CsatTally, from: CsatTally): CsatTally {
  for (let i = 0; i < 5; i++) into.scores[i] += from.scores[i];
  into.ratedTickets += from.ratedTickets;
  return into;
}

const ratio = (a: number, b: number) => (b ? Math.round((a / b) * 10_000) / 10_000 : null);

/**
 * The figures of a group: CSAT is the share of 4 and 5 among the ratings, the average score,
 * the number of ratings, and the response rate: rated tickets over resolved tickets (the
 * SLA report's `resolved` of the same group and period).
 */
export function csatFigures(tally: CsatTally, resolved: number) {
  const count = tally.scores.reduce((a, b) => a + b, 0);
  const sum = tally.scores.reduce((a, n, i) => a + n * (i + 1), 0);
  return {
    ratings: count,
    csat: ratio(tally.scores[3] + tally.scores[4], count),
    averageScore: count ? Math.round((sum / count) * 100) / 100 : null,
    scores: { '1': tally.scores[0], '2': tally.scores[1], '3': tally.scores[2], '4': tally.scores[3], '5': tally.scores[4] },
    resolved,
    ratedTickets: tally.ratedTickets,
    responseRate: resolved ? ratio(Math.min(tally.ratedTickets, resolved), resolved) : null,
  };
}
export type CsatFigures = ReturnType<typeof csatFigures>;
