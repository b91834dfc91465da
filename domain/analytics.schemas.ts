import { DateTime } from 'luxon';
import { z } from 'zod';
import { clientText, queryInt } from './input.schemas';
import type { GroupFigures } from './sla-report';
import type { AnomalyType } from './ticket.schemas';
import type { TicketStatus } from './ticket-status';

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

/** `GET /api/analytics/sla`: figures per group and in total (the web client reads the same type). */
export interface SlaReport {
  from: string;
  to: string;
  brand: string | null;
  groupBy: AnalyticsQuery['groupBy'];
  source: 'rollups' | 'tickets';
  generatedAt: string;
  totals: GroupFigures;
  groups: Array<{ key: string; label: string } & GroupFigures>;
}

/** `GET /api/analytics/breaches`: tickets that missed a target, and by how many business minutes. */
export interface BreachList {
  from: string;
  to: string;
  items: Array<{
    id: string;
    reference: string;
    type: AnomalyType;
    typeLabel: string;
    /** The shop's slug. */
    brand: string;
    status: TicketStatus;
    assigneeId: string | null;
    assignee: string | null;
    createdAt: string;
    firstResponseDueAt: string;
    firstResponseLateMinutes: number | null;
    resolutionDueAt: string;
    resolutionLateMinutes: number | null;
  }>;
}
