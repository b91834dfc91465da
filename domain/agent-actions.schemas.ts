import { z } from 'zod';
import { priorities } from './priorities';
import { evidenceItems } from './evidence-checklist';
import { bodyInt, clientString, clientText, emailAddress, INT4_MAX, queryInt } from './input.schemas';
import { redactedText } from './redaction';
import { ticketStatuses } from './ticket-status';
import { roles } from './roles';
import { anomalyTypes } from './ticket.schemas';


export const outcomes = [
  'refunded',
  'order_confirmed',
  'hold_released',
  'no_anomaly_found',
  'duplicate_of',
  'cancelled',
  'redirected_to_return',
] as const;
export type Outcome = (typeof outcomes)[number];

const version = bodyInt().positive();
const body = redactedText(clientText(10_000));
const userName = redactedText(clientText(120));

export const loginSchema = z.strictObject({ email: z.string().trim().toLowerCase().pipe(emailAddress), password: clientString(1024).min(1) });

export const queueQuerySchema = z.strictObject({
  status: clientString(200)
    .transform((s) => s.split(',').filter(Boolean))
    .pipe(z.array(z.enum(ticketStatuses)).min(1))
    .optional(),
  type: z.enum(anomalyTypes).optional(),
  brand: clientText(64).optional(),
  assignee: z.union([z.enum(['me', 'unassigned']), z.uuid()]).optional(),
  sla: z.enum(['ok', 'warning', 'breached']).optional(),
  q: clientText(254).optional(),
  sort: z.enum(['due', 'created']).default('due'),
  limit: queryInt(1, 100).default(50),
  cursor: clientString(200).optional(),
});
export type QueueQuery = z.output<typeof queueQuerySchema>;

export const versionedSchema = z.strictObject({ version });
export const assignSchema = z.strictObject({ version, assigneeId: z.uuid().nullable() });
export const statusChangeSchema = z.strictObject({ version, status: z.enum(['triaged', 'awaiting_customer', 'in_progress', 'closed']) });
/** `POST /api/tickets/:id/priority`: the deadlines follow the brand's targets for it. */
export const priorityChangeSchema = z.strictObject({ version, priority: z.enum(priorities) });
export const noteSchema = z.strictObject({ body });
/** A reply is JSON, or a form when it carries attachments (then every field is a string). */
export const replySchema = z.strictObject({ version: z.union([version, queryInt(1, INT4_MAX)]), body });
export const informationRequestSchema = z.strictObject({
  version,
  /** Defaults to what the checklist says is missing. */
  items: z.array(z.enum(evidenceItems)).min(1).optional(),
  message: body.optional(),
});
export const resolveSchema = z.discriminatedUnion('outcome', [
  z.strictObject({
    version,
    outcome: z.literal('refunded'),
    refundAmountCents: bodyInt().positive(),
    refundedAt: z.iso.datetime({ offset: true }).optional(),
    message: body.optional(),
  }),
  z.strictObject({ version, outcome: z.literal('duplicate_of'), duplicateOfReference: clientText(20), message: body.optional() }),
  ...(['order_confirmed', 'hold_released', 'no_anomaly_found', 'cancelled', 'redirected_to_return'] as const).map((o) =>
    z.strictObject({ version, outcome: z.literal(o), message: body.optional() }),
  ),
]);
export type ResolveInput = z.output<typeof resolveSchema>;
/** A refund made from the ticket: through the brand's Stripe, or (`reference`) one made elsewhere and recorded. */
export const refundSchema = z.strictObject({
  version,
  transactionId: clientText(64),
  amountCents: bodyInt().positive(),
  message: body.optional(),
  reference: redactedText(clientText(64)).optional(),
});
export type RefundInput = z.output<typeof refundSchema>;
export const reopenSchema = z.strictObject({ version, reason: body.optional() });

export const userCreateSchema = z.strictObject({
  email: z.string().trim().toLowerCase().pipe(emailAddress),
  name: userName,
  role: z.enum(roles),
  password: clientString(1024).min(12, 'at least 12 characters'),
});
export const userUpdateSchema = z.strictObject({
  name: userName.optional(),
  role: z.enum(roles).optional(),
  disabled: z.boolean().optional(),
  /** A new password also unlocks the account. */
  password: clientString(1024).min(12).optional(),
  /** Lifts a lock left by repeated failed sign-ins. */
  unlock: z.literal(true).optional(),
});
/** `GET /api/users`: active colleagues (to assign); `include=disabled` (admins) lists every user, disabled ones too. */
export const userListQuerySchema = z.strictObject({ include: z.literal('disabled').optional() });

/**
 * `GET /api/events`: the lines after `after` (event ids are a serial column, int4 on PostgreSQL);
 * without it, none and the newest id (where a client that saw none starts from).
 */
export const eventsQuerySchema = z.strictObject({ after: queryInt(0, INT4_MAX).optional(), limit: queryInt(1, 1000).default(500) });

/** An agent socket's `presence` message: which ticket it is on, doing what (null: it left). */
export const presenceSchema = z.strictObject({
  ticketId: z.uuid(),
  activity: z.enum(['viewing', 'replying']).nullable(),
});
