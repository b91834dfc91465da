import { z } from 'zod';
import { analyticsQuerySchema } from './analytics.schemas';
import { clientText } from './input.schemas';
import { COMMENT_MAX } from './satisfaction';

/** A customer's URL names the ticket by its reference (a merged ticket's reference leads to its survivor). */
export const customerReferenceParamsSchema = z.object({ reference: z.string().describe('The ticket’s reference, as in the private link') });

/**
 * `POST /api/tickets/:reference/satisfaction` (with the private token): a score of 1 to 5 and
 * an optional comment (card numbers redacted before this check). `via` says where the
 * customer chose it: a score link of the resolution e-mail, or the status page.
 */
export const ratingSchema = z.strictObject({
  score: z.number().int().min(1).max(5),
  comment: clientText(COMMENT_MAX).nullable().optional(),
  via: z.enum(['email', 'status_page']).default('status_page'),
});
export type RatingInput = z.output<typeof ratingSchema>;

/** What the customer's side answers: whether the current resolution can be rated, and its rating. */
export const satisfactionViewSchema = z.strictObject({
  reference: z.string(),
  rateable: z.boolean(),
  reason: z.enum(['not_resolved', 'merged', 'no_customer', 'already_rated']).nullable(),
  rating: z.strictObject({ score: z.number().int().min(1).max(5), comment: z.string().nullable(), at: z.string() }).nullable(),
});
export type SatisfactionView = z.output<typeof satisfactionViewSchema>;

/** `GET /api/analytics/satisfaction`: the SLA report's query (its groups: type, brand, agent, day). */
export const csatQuerySchema = analyticsQuerySchema;

const figures = z.strictObject({
  ratings: z.number().int(),
  csat: z.number().nullable(),
  averageScore: z.number().nullable(),
  scores: z.strictObject({ '1': z.number().int(), '2': z.number().int(), '3': z.number().int(), '4': z.number().int(), '5': z.number().int() }),
  resolved: z.number().int(),
  ratedTickets: z.number().int(),
  responseRate: z.number().nullable(),
});

export const csatReportSchema = z.strictObject({
  from: z.string(),
  to: z.string(),
  brand: z.string().nullable(),
  groupBy: z.enum(['type', 'brand', 'agent', 'day']),
  source: z.enum(['rollups', 'tickets']),
  generatedAt: z.string(),
  totals: figures,
  groups: z.array(figures.extend({ key: z.string(), label: z.string() })),
});
export type CsatReport = z.output<typeof csatReportSchema>;
