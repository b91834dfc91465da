import { z } from 'zod';
import { errorCodes } from './error-codes';
import { bodyInt, clientText } from './input.schemas';
import { macroVariables } from './macro';
import { outcomes } from './agent-actions.schemas';
import { redactedText } from './redaction';
import { ticketStatuses } from './ticket-status';
import { languages } from './ticket.schemas';

/*
 * Macros and bulk actions (issue 16): what the routes take and answer. The routes validate
 * with these, and server/openapi/macros.paths.ts documents them with the same schemas.
 */

const version = bodyInt().positive();
const macroBody = redactedText(clientText(10_000));

/** The statuses a macro may leave the ticket in after its reply (resolving is an outcome's job). */
export const macroStatuses = ['awaiting_customer', 'in_progress'] as const;
/** The outcomes a macro may resolve with: all but `duplicate_of`, which needs the other ticket. */
export const macroOutcomes = outcomes.filter((o) => o !== 'duplicate_of') as Exclude<(typeof outcomes)[number], 'duplicate_of'>[];

/** Who gets the ticket: the agent applying the macro, a given colleague, or nobody. */
export const macroAssignmentSchema = z.discriminatedUnion('to', [
  z.strictObject({ to: z.literal('me') }),
  z.strictObject({ to: z.literal('user'), userId: z.uuid() }),
  z.strictObject({ to: z.literal('nobody') }),
]);
export type MacroAssignment = z.output<typeof macroAssignmentSchema>;

const macroFields = {
  language: z.enum(languages),
  name: redactedText(clientText(120)),
  body: macroBody,
  status: z.enum(macroStatuses).nullable().default(null),
  outcome: z.enum(macroOutcomes as [string, ...string[]]).nullable().default(null),
  assignment: macroAssignmentSchema.nullable().default(null),
};
const oneEnd = (m: { status: string | null; outcome: string | null }) => !(m.status && m.outcome);
const oneEndIssue = { message: 'a macro sets a status or resolves with an outcome, not both', path: ['outcome'] };

/** `POST /api/macros`: a new macro of a shop (its slug), in one language. */
export const macroCreateSchema = z.strictObject({ brand: clientText(64), ...macroFields }).refine(oneEnd, oneEndIssue);
export type MacroCreateInput = z.output<typeof macroCreateSchema>;

/** `PUT /api/macros/:id`: the whole macro again (its shop stays), at the version the manager saw. */
export const macroUpdateSchema = z.strictObject({ ...macroFields, version }).refine(oneEnd, oneEndIssue);
export type MacroUpdateInput = z.output<typeof macroUpdateSchema>;

/** `GET /api/macros`: a shop's macros (by its slug, or the shop of a ticket: an id or reference), optionally in one language. */
export const macroListQuerySchema = z.strictObject({ brand: clientText(64).optional(), ticket: clientText(36).optional(), language: z.enum(languages).optional() });

export const macroIdParamsSchema = z.strictObject({ id: z.uuid() });

/** `POST /api/macros/:id/preview`: the macro (or the agent's edit of it) rendered for one ticket. */
export const macroPreviewSchema = z.strictObject({ ticketId: clientText(36), body: macroBody.optional() });

/**
 * `POST /api/macros/:id/apply`: the reply (the macro's text, or the agent's edit of the
 * preview) and the macro's status, outcome and assignment, at the version the agent saw.
 */
export const macroApplySchema = z.strictObject({ ticketId: clientText(36), version, body: macroBody.optional() });
export type MacroApplyInput = z.output<typeof macroApplySchema>;

export const macroSchema = z.strictObject({
  id: z.uuid(),
  brandId: z.uuid(),
  brand: z.string(),
  language: z.enum(languages),
  name: z.string(),
  body: z.string(),
  status: z.enum(macroStatuses).nullable(),
  outcome: z.enum(macroOutcomes as [string, ...string[]]).nullable(),
  assignment: macroAssignmentSchema.nullable(),
  /** The seeded situation it came from (`hold_released`…), null for one a manager wrote. */
  seedKey: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type MacroView = z.output<typeof macroSchema>;

export const macroListSchema = z.strictObject({
  macros: z.array(macroSchema),
  /** The variables a text may use, with their labels and an example in each language. */
  variables: z.array(
    z.strictObject({
      name: z.enum(macroVariables),
      fr: z.strictObject({ label: z.string(), example: z.string() }),
      en: z.strictObject({ label: z.string(), example: z.string() }),
    }),
  ),
});

export const macroPreviewResultSchema = z.strictObject({
  /** The text as it would be sent; a variable without a value stays `{{name}}` and is listed in `missing`. */
  text: z.string(),
  missing: z.array(z.enum(macroVariables)),
  unknown: z.array(z.string()),
  complete: z.boolean(),
  language: z.enum(languages),
  /** What applying does besides the reply. */
  status: z.enum(macroStatuses).nullable(),
  outcome: z.string().nullable(),
  assignment: macroAssignmentSchema.nullable(),
});

/** The ticket as an action leaves it (core/ticket-views.ts `agentTicketSummary`). */
export const ticketSummarySchema = z.strictObject({
  id: z.string(),
  reference: z.string(),
  brandId: z.string(),
  type: z.string(),
  status: z.enum(ticketStatuses),
  language: z.enum(languages),
  customerName: z.string(),
  amountCents: z.number().int().nullable(),
  currency: z.string(),
  cardType: z.string().nullable(),
  cardLast4: z.string().nullable(),
  missingEvidence: z.array(z.string()),
  missingEvidenceCount: z.number().int(),
  possibleDuplicateOfId: z.string().nullable(),
  assigneeId: z.string().nullable(),
  priority: z.string(),
  slaPausedAt: z.string().nullable(),
  resolutionMinutesLeft: z.number().nullable(),
  firstResponseDueAt: z.string().nullable(),
  resolutionDueAt: z.string().nullable(),
  nextDueAt: z.string().nullable(),
  slaState: z.string(),
  outcome: z.string().nullable(),
  source: z.string(),
  disputeDueAt: z.string().nullable(),
  moneyExpectedBy: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.string().nullable(),
  updatedAt: z.string().nullable(),
});

/** What applying a macro did, step by step, and the ticket after. */
export const macroApplyResultSchema = z.strictObject({
  ticket: ticketSummarySchema,
  steps: z.array(z.enum(['reply', 'assign', 'status', 'resolve'])),
});

/* Bulk actions from the queue. */

export const BULK_MAX = 100;

/** One action for every selected ticket. */
export const bulkActionSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('assign'), assignment: macroAssignmentSchema }),
  z.strictObject({ type: z.literal('status'), status: z.enum(['triaged', 'awaiting_customer', 'in_progress', 'closed']) }),
  z.strictObject({ type: z.literal('macro'), macroId: z.uuid() }),
]);
export type BulkAction = z.output<typeof bulkActionSchema>;

/** `POST /api/tickets/bulk`: up to 100 tickets, each at the version the agent saw, and one action. */
export const bulkRequestSchema = z.strictObject({
  tickets: z
    .array(z.strictObject({ id: z.uuid(), version }))
    .min(1)
    .max(BULK_MAX)
    .refine((ts) => new Set(ts.map((t) => t.id)).size === ts.length, 'each ticket once'),
  action: bulkActionSchema,
});
export type BulkRequest = z.output<typeof bulkRequestSchema>;

export const bulkResultSchema = z.strictObject({
  results: z.array(
    z.union([
      /** `changed` false: the ticket was so already (no write, no event). */
      z.strictObject({ id: z.string(), ok: z.literal(true), changed: z.boolean(), ticket: ticketSummarySchema }),
      z.strictObject({
        id: z.string(),
        ok: z.literal(false),
        error: z.strictObject({ code: z.enum(errorCodes), message: z.string(), details: z.unknown() }),
        /** The ticket's current version (null when it does not exist), to select it again. */
        version: z.number().int().nullable(),
      }),
    ]),
  ),
  succeeded: z.number().int(),
  failed: z.number().int(),
});
export type BulkResult = z.output<typeof bulkResultSchema>;
