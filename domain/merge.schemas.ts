import { z } from 'zod';
import { bodyInt, clientText } from './input.schemas';

const version = bodyInt().positive();

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
const ticketLink = z.object({ id: z.uuid(), reference });

/** What the merge answers: both tickets' new versions, and what moved. */
export const mergeResultSchema = z.strictObject({
  survivor: z.strictObject({ id: z.uuid(), reference, version: z.number().int(), status: z.string() }),
  merged: z.strictObject({ id: z.uuid(), reference, version: z.number().int(), status: z.literal('closed') }),
  moved: z.strictObject({ events: z.number().int(), files: z.number().int() }),
  filled: z.array(z.string()),
  conflicts: z.array(z.strictObject({ field: z.string(), kept: z.union([z.string(), z.number(), z.boolean()]), dropped: z.union([z.string(), z.number(), z.boolean()]) })),
});
export type MergeResult = z.output<typeof mergeResultSchema>;

/**
 * Fields added to existing responses (for their OpenAPI description): the agent's ticket
 * detail carries `mergedInto` (the survivor of a merged ticket, else null) and `mergedFrom`
 * (the tickets merged into this one); the customer's view of a merged ticket's link carries
 * `mergedFrom` (the reference the link was for, else absent).
 */
export const agentTicketMergeFields = z.object({
  mergedInto: ticketLink.nullable(),
  mergedFrom: z.array(ticketLink),
});
export const customerViewMergeFields = z.object({
  mergedFrom: reference.optional(),
});
