import { DateTime } from 'luxon';
import { z } from 'zod';
import { clientText, queryInt } from './input.schemas';

/** The query of the managers' reports (`/api/analytics/sla` and `/breaches`). */
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected yyyy-MM-dd').refine((d) => DateTime.fromISO(d).isValid, 'not a date');

export const analyticsQuerySchema = z
  .strictObject({
    from: day.optional(),
    to: day.optional(),
    brand: clientText(64).optional(),
    groupBy: z.enum(['type', 'brand', 'agent', 'day']).default('type'),
    format: z.enum(['json', 'csv']).default('json'),
    lang: z.enum(['fr', 'en']).default('fr'),
    /** Where counts come from: the daily roll-ups (default) or the tickets themselves. */
    source: z.enum(['rollups', 'tickets']).default('rollups'),
    limit: queryInt(1, 100_000).default(1000),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'from must not be after to', path: ['from'] });
export type AnalyticsQuery = z.output<typeof analyticsQuerySchema>;
