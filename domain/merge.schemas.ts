import { z } from 'zod';
import { bodyInt, clientText } from './input.schemas';

const version = bodyInt().positive();

/** An agent's URL names a ticket by id or reference. */
export const ticketIdParamsSchema = z.object({ id: z.string().describe('The ticket’s id or reference') });

/**
 * `POST /api/tickets/:id/merge`: fold this ticket (a possible duplicate) into `into` (an id or
 * a reference), each at the version the agent saw, so neither side changed under their eyes.
 */
export const mergeSchema = z.strictObject({
  into: clientText(36),
  version,
  intoVersion: version,
});
export type MergeInput = z.output<typeof mergeSchema>;

const reference = z.string();

/** What the merge answers: both tickets' new versions, and what moved. */
export const mergeResultSchema = z.strictObject({
  survivor: z.strictObject({ id: z.uuid(), reference, version: z.number().int(), status: z.string() }),
  merged: z.strictObject({ id: z.uuid(), reference, version: z.number().int(), status: z.literal('closed') }),
  moved: z.strictObject({ events: z.number().int(), files: z.number().int() }),
  filled: z.array(z.string()),
  conflicts: z.array(z.strictObject({ field: z.string(), kept: z.union([z.string(), z.number(), z.boolean()]), dropped: z.union([z.string(), z.number(), z.boolean()]) })),
});
export type MergeResult = z.output<typeof mergeResultSchema>;

/** `GET /api/tickets/:id/merges`: the agent page's merge panel. */
export const mergeOverviewSchema = z.strictObject({
  id: z.uuid(),
  reference,
  version: z.number().int(),
  proofCount: z.number().int(),
  mergedInto: z.strictObject({ id: z.uuid(), reference }).nullable(),
  mergedFrom: z.array(z.strictObject({ id: z.uuid(), reference })),
  candidates: z.array(
    z.strictObject({
      id: z.uuid(),
      reference,
      status: z.string(),
      type: z.string(),
      version: z.number().int(),
      createdAt: z.string(),
      proofCount: z.number().int(),
      /** `into_candidate`: this ticket would be folded into the candidate (the older report); `into_this`: the candidate into this one. */
      direction: z.enum(['into_candidate', 'into_this']),
      mergeable: z.boolean(),
      refusal: z.string().nullable(),
    }),
  ),
});
export type MergeOverview = z.output<typeof mergeOverviewSchema>;

/**
 * Field added to an existing response (for its OpenAPI description): the customer's view
 * (`GET /api/tickets/:reference` with the token) read through a merged ticket's link carries
 * `mergedFrom`, the reference the link was for; absent otherwise.
 */
export const customerViewMergeFields = z.object({
  mergedFrom: reference.optional(),
});
