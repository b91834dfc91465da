import { z } from 'zod';
import type { AdminBrandView, PublicBrandView } from '../../core/brand-views';
import type { MailboxView } from '../../core/mailbox-views';
import type { StripeConnectorView } from '../../core/payment-views';
import type { ErasureReport } from '../../core/personal-data-erasure';
import type { AgentTicketSummary, QueueRow, TimelineEntry } from '../../core/ticket-views';
import type { AdminUserView, AlertSettingsView, PublicUser } from '../../core/user-views';
import type { BreachList, SlaReport } from '../../domain/analytics.schemas';
import type { ImportResult } from '../services/payment-import.service';
import { outcomes } from '../../domain/agent-actions.schemas';
import { alertKinds } from '../../domain/alerts';
import { brandPolicySchema } from '../../domain/brand-policy';
import { evidenceItems } from '../../domain/evidence-checklist';
import { verdicts } from '../../domain/payment-check';
import { priorities } from '../../domain/priorities';
import { roles } from '../../domain/roles';
import { searchMatchSchema } from '../../domain/search.schemas';
import { ticketSummarySchema } from '../../domain/macro.schemas';
import { anomalyTypes, cardTypes, languages } from '../../domain/ticket.schemas';
import { ticketStatuses } from '../../domain/ticket-status';

/*
 * What the routes answer, as zod schemas beside the views that build it (core/*-views.ts and
 * the services): the OpenAPI document describes each success with these, and the integration
 * suite checks every answer it receives against them, so a field added to a view without
 * being described here fails the tests (objects are closed: `additionalProperties: false`).
 */

/** An instant as the API writes it (`Date.toISOString()`). */
export const instant = z.iso.datetime();
const nullableInstant = instant.nullable();
/** A value a stored JSON column holds (event data, outcome details): described by its event type, not closed. */
const jsonValue = z.unknown();

/** Who is looking at a ticket now (socket presence). */
const viewerSchema = z.object({ userId: z.string(), name: z.string(), activity: z.enum(['viewing', 'replying']) });
const assigneeSchema = z.object({ id: z.string(), name: z.string().nullable() }).nullable();

/** A staff user as colleagues see them (core/user-views.ts `publicUser`). */
export const publicUserSchema = z.object({ id: z.uuid(), email: z.string(), name: z.string(), role: z.enum(roles) }).meta({ id: 'PublicUser' });
/** What admins see of a user (`adminUserView`). */
export const adminUserSchema = publicUserSchema
  .extend({ disabled: z.boolean(), disabledAt: nullableInstant, lockedUntil: nullableInstant, lastLoginAt: nullableInstant })
  .meta({ id: 'AdminUser' });

export const sessionStateSchema = z.object({ user: publicUserSchema, csrfToken: z.string() });
export const anonymousSessionSchema = z.object({ user: z.null(), csrfToken: z.null() });

export const alertSettingsSchema = z.object({
  language: z.enum(languages),
  preferences: z.object(Object.fromEntries(alertKinds.map((k) => [k, z.boolean()])) as Record<(typeof alertKinds)[number], z.ZodBoolean>),
  watchedBrandIds: z.array(z.string()).nullable(),
  watchesBrands: z.boolean(),
  brands: z.array(z.object({ id: z.string(), slug: z.string(), name: z.string() })),
});

/* Shops */

export const brandListSchema = z.object({ items: z.array(z.object({ slug: z.string(), name: z.string(), isDefault: z.boolean(), timeZone: z.string() })) });
export const publicBrandSchema = z.object({
  slug: z.string(),
  name: z.string(),
  acceptedCardTypes: z.array(z.enum(cardTypes)),
  currency: z.string(),
  timeZone: z.string(),
  openDays: brandPolicySchema.shape.calendar.shape.openDays,
  windows: brandPolicySchema.shape.calendar.shape.windows,
  supportEmail: z.string(),
  defaultLanguage: z.enum(languages),
  firstResponseMinutes: z.number().int(),
});
export const adminBrandSchema = z
  .object({ slug: z.string(), name: z.string(), isDefault: z.boolean(), policy: brandPolicySchema, updatedAt: instant })
  .meta({ id: 'AdminBrand' });
export const brandUpdatedSchema = z.object({ brand: adminBrandSchema, deadlinesRecomputed: z.number().int() });
export const brandPresetsSchema = z.object({ items: z.array(z.object({ slug: z.string(), name: z.string(), source: z.string(), policy: brandPolicySchema })) });
const brandChangeSchema = z.object({ path: z.string(), before: jsonValue, after: jsonValue });
export const brandEventsSchema = z.object({
  items: z.array(z.object({ id: z.number().int(), type: z.enum(['created', 'changed']), actorId: z.string().nullable(), actorName: z.string().nullable(), changes: z.array(brandChangeSchema), createdAt: instant })),
});
export const stripeConnectorViewSchema = z.object({
  provider: z.literal('stripe'),
  configured: z.boolean(),
  keyHint: z.string().nullable(),
  updatedAt: nullableInstant,
  webhookUrl: z.string(),
});
export const mailboxViewSchema = z.union([
  z.object({
    configured: z.literal(true),
    host: z.string(),
    port: z.number().int(),
    secure: z.boolean(),
    username: z.string(),
    folder: z.string(),
    doneFolder: z.string().nullable(),
    closedReplies: z.enum(['reopen', 'new_ticket']),
    plusAddressing: z.boolean(),
    lastUid: z.number().int().nullable(),
    lastFetchedAt: nullableInstant,
    lastError: z.string().nullable(),
    updatedAt: instant,
  }),
  z.object({ configured: z.literal(false) }),
]);

/* Tickets: the agents' side */

/** A row of the queue (core/ticket-views.ts `queueRow`), with why it matched a search. */
export const queueRowSchema = ticketSummarySchema.extend({
  assignee: assigneeSchema,
  viewers: z.array(viewerSchema),
  businessMinutesLeft: z.number().nullable(),
  match: searchMatchSchema.optional(),
});
export const queuePageSchema = z.object({ items: z.array(queueRowSchema), nextCursor: z.string().nullable() });

/** One event of a ticket's timeline as agents see it (`timelineEntry`). */
export const timelineEntrySchema = z.object({ id: z.number().int(), type: z.string(), actor: z.string(), isPublic: z.boolean(), data: jsonValue, at: instant });
export const eventsPageSchema = z.object({ items: z.array(timelineEntrySchema.extend({ ticketId: z.string() })), lastId: z.number().int() });

/** Everything an agent sees on one ticket (`agentTicketView`). */
export const agentTicketSchema = ticketSummarySchema
  .extend({
    customerEmail: z.string(),
    orderNumber: z.string().nullable(),
    paymentTime: nullableInstant,
    debited: z.boolean().nullable(),
    refundDate: nullableInstant,
    orderTime: nullableInstant,
    secondDebitTime: nullableInstant,
    secondDebitAmountCents: z.number().int().nullable(),
    errorMessage: z.string().nullable(),
    description: z.string().nullable(),
    checklist: z.object({ required: z.array(z.enum(evidenceItems)), missing: z.array(z.string()), requested: z.array(z.string()) }),
    outcomeDetails: jsonValue,
    firstRespondedAt: nullableInstant,
    firstResponseBusinessMinutes: z.number().nullable(),
    resolvedAt: nullableInstant,
    resolutionBusinessMinutes: z.number().nullable(),
    assignee: assigneeSchema,
    viewers: z.array(viewerSchema),
    businessMinutesLeft: z.number().nullable(),
    files: z.array(z.object({ id: z.string(), name: z.string(), mimeType: z.string(), sizeBytes: z.number().int(), addedBy: z.string(), url: z.string(), createdAt: instant })),
    duplicates: z.array(z.object({ id: z.string(), reference: z.string(), status: z.enum(ticketStatuses), createdAt: instant })),
    timeline: z.array(timelineEntrySchema),
    cancellation: z
      .object({ windowHours: z.number(), windowEndsAt: nullableInstant, withinWindow: z.boolean().nullable(), suggestedOutcome: z.enum(['cancelled', 'redirected_to_return']).nullable() })
      .nullable(),
  })
  .meta({ id: 'AgentTicket' });

export const ticketSummary = ticketSummarySchema.meta({ id: 'TicketSummary' });
export const noteCreatedSchema = z.object({ id: z.number().int() });
export const refundResultSchema = z.object({
  ticket: ticketSummary,
  refund: z.object({ provider: z.string(), id: z.string(), status: z.string(), amountCents: z.number().int(), currency: z.string() }),
});

/** A transaction of the ledger as agents see it (core/payment-views.ts `TransactionView`). */
const transactionViewSchema = z.object({
  id: z.string(),
  kind: z.string(),
  status: z.string(),
  amountCents: z.number().int(),
  currency: z.string(),
  at: z.string(),
  chargeId: z.string().nullable(),
  arn: z.string().nullable(),
  provider: z.string(),
  captured: z.boolean().nullable(),
  released: z.boolean(),
  refundedCents: z.number().int(),
  cardBrand: z.string().nullable(),
  cardLast4: z.string().nullable(),
  customerEmail: z.string().nullable(),
  orderReference: z.string().nullable(),
  dueBy: z.string().nullable(),
});
const bothLanguages = z.object({ fr: z.string(), en: z.string() });
/** The payment verification of a ticket (`PaymentCheckView`). */
export const paymentCheckSchema = z
  .object({
    verdict: z.enum(verdicts),
    confidence: z.number().min(0).max(1),
    transactionIds: z.array(z.string()),
    suggestedOutcome: z.enum(['refunded', 'hold_released', 'no_anomaly_found']).nullable(),
    refundTransactionId: z.string().optional(),
    holdDropsOffAt: instant.optional(),
    refundedAt: instant.optional(),
    arn: z.string().nullable().optional(),
    disputeDueBy: nullableInstant.optional(),
    declineGuidance: z
      .enum(['use_another_method', 'check_expiry', 'retry_with_correct_details', 'contact_bank', 'generic_decline', 'retry_later', 'complete_authentication'])
      .optional(),
    transactions: z.array(transactionViewSchema),
    explanation: bothLanguages,
    suggestedReply: z.object({ fr: z.string().nullable(), en: z.string().nullable() }),
    refund: z.object({ via: z.enum(['stripe', 'manual']), transactionId: z.string(), refundableCents: z.number().int(), currency: z.string() }).nullable(),
    source: z.object({ live: z.boolean(), error: z.string().optional(), truncated: z.boolean().optional() }),
    evidenceSummary: bothLanguages.nullable(),
    checkedAt: instant,
  })
  .meta({ id: 'PaymentCheck' });
export const paymentRecheckSchema = paymentCheckSchema.extend({ recorded: z.boolean() });

/* Tickets: the customers' side */

/** What `POST /api/tickets` answers (`ReportReceipt`). */
export const reportReceiptSchema = z.object({
  id: z.uuid(),
  reference: z.string(),
  status: z.enum(ticketStatuses),
  accessToken: z.string(),
  statusUrl: z.string(),
  missingEvidence: z.array(z.string()),
  firstResponseDueAt: instant,
  resolutionDueAt: instant,
});

/** The customer's status page (`customerStatusView`), through a merged ticket's link with `mergedFrom`. */
export const customerTicketSchema = z
  .object({
    reference: z.string(),
    type: z.enum(anomalyTypes),
    status: z.enum(ticketStatuses),
    language: z.enum(languages),
    missingEvidence: z.array(z.string()),
    orderNumber: z.string().nullable(),
    amountCents: z.number().int().nullable(),
    currency: z.string(),
    cardType: z.string().nullable(),
    proofCount: z.number().int(),
    outcome: z.enum(outcomes).nullable(),
    outcomeDetails: jsonValue,
    moneyExpectedBy: nullableInstant,
    firstResponseDueAt: nullableInstant,
    resolutionDueAt: nullableInstant,
    createdAt: nullableInstant,
    timeline: z.array(z.object({ type: z.string(), at: instant, data: jsonValue })),
    brand: z.object({ name: z.string(), supportEmail: z.string(), refundPostingDays: z.object({ min: z.number().int(), max: z.number().int() }) }),
    mergedFrom: z.string().optional().describe('The reference the link was for, when it leads to the ticket that one was merged into'),
  })
  .meta({ id: 'CustomerTicket' });
export const exportLinkSentSchema = z.object({ sentTo: z.literal('ticket_email'), expiresAt: instant });

/* Figures */

const targetFiguresSchema = z.object({
  met: z.number().int(),
  breached: z.number().int(),
  pending: z.number().int(),
  atRisk: z.number().int(),
  compliance: z.number().nullable(),
  medianMinutes: z.number().nullable(),
  p90Minutes: z.number().nullable(),
});
const groupFiguresSchema = z.object({
  created: z.number().int(),
  resolved: z.number().int(),
  open: z.number().int(),
  reopenRate: z.number().nullable(),
  firstResponse: targetFiguresSchema,
  resolution: targetFiguresSchema,
  backlog: z.object({ '0-1': z.number().int(), '1-2': z.number().int(), '2-3': z.number().int(), '3+': z.number().int() }),
  outcomes: z.record(z.string(), z.number().int()),
});
export const slaReportSchema = z.object({
  from: z.string(),
  to: z.string(),
  brand: z.string().nullable(),
  groupBy: z.enum(['type', 'brand', 'agent', 'day']),
  source: z.enum(['rollups', 'tickets']),
  generatedAt: instant,
  totals: groupFiguresSchema,
  groups: z.array(groupFiguresSchema.extend({ key: z.string(), label: z.string() })),
});
export const breachListSchema = z.object({
  from: z.string(),
  to: z.string(),
  items: z.array(
    z.object({
      id: z.string(),
      reference: z.string(),
      type: z.enum(anomalyTypes),
      typeLabel: z.string(),
      brand: z.string(),
      status: z.enum(ticketStatuses),
      assigneeId: z.string().nullable(),
      assignee: z.string().nullable(),
      createdAt: instant,
      firstResponseDueAt: instant,
      firstResponseLateMinutes: z.number().nullable(),
      resolutionDueAt: instant,
      resolutionLateMinutes: z.number().nullable(),
    }),
  ),
});
export const dueSchema = z.object({ due: instant, brand: z.string(), timeZone: z.string() });

/* Payments */

export const importResultSchema = z.object({
  imported: z.number().int(),
  updated: z.number().int(),
  skipped: z.number().int(),
  errors: z.array(z.object({ line: z.number().int(), message: z.string() })),
});
export const webhookReceiptSchema = z.union([
  z.object({ received: z.literal(true), duplicate: z.literal(true) }),
  z.object({ received: z.literal(true), type: z.string(), applied: z.number().int() }),
]);

/* Personal data */

const erasedTicketSchema = z.object({
  reference: z.string(),
  status: z.string(),
  events: z.number().int(),
  files: z.number().int(),
  mailboxCopies: z.number().int(),
  renderedMails: z.number().int(),
  emlFiles: z.number().int(),
});
const heldTicketSchema = z.object({ reference: z.string(), reason: z.literal('open_dispute'), disputes: z.array(z.string()) });
export const erasureReportSchema = z.object({
  dryRun: z.boolean(),
  erased: z.array(erasedTicketSchema),
  held: z.array(heldTicketSchema),
  mailboxCopiesWithoutTicket: z.number().int(),
  ledgerRows: z.number().int(),
  erasedBefore: z.boolean(),
  erasureId: z.string().nullable(),
});
export const retentionReportSchema = z.object({
  brands: z.array(
    z.object({ brand: z.string(), retentionDays: z.number().int().nullable(), cutoff: nullableInstant, due: z.number().int(), erased: z.array(erasedTicketSchema), held: z.array(heldTicketSchema) }),
  ),
});
export const exportLinkStateSchema = z.object({ state: z.literal('ok'), expiresAt: instant });

export { priorities };

/*
 * The views and the schemas cannot drift apart unnoticed: each view's type must fit its
 * schema's (what is built is what is documented) with the same keys (no field added to a view
 * and left out here). Checked by the compiler; the integration suite checks the values.
 */
type SameKeys<A, B> = [Exclude<keyof A, keyof B>, Exclude<keyof B, keyof A>] extends [never, never] ? true : false;
type Fits<View, Schema extends z.ZodType> = [View] extends [z.output<Schema>] ? SameKeys<View, z.output<Schema>> : false;
const viewsFitTheirSchemas: [
  Fits<PublicUser, typeof publicUserSchema>,
  Fits<AdminUserView, typeof adminUserSchema>,
  Fits<AlertSettingsView, typeof alertSettingsSchema>,
  Fits<PublicBrandView, typeof publicBrandSchema>,
  Fits<AdminBrandView, typeof adminBrandSchema>,
  Fits<Exclude<MailboxView, { configured: false }>, (typeof mailboxViewSchema)['options'][0]>,
  Fits<StripeConnectorView, typeof stripeConnectorViewSchema>,
  Fits<AgentTicketSummary, typeof ticketSummary>,
  // `match` is the search's, added to the rows of a searched queue (ticket-search).
  Fits<QueueRow & { match?: z.output<typeof searchMatchSchema> }, typeof queueRowSchema>,
  Fits<TimelineEntry, typeof timelineEntrySchema>,
  Fits<ImportResult, typeof importResultSchema>,
  Fits<ErasureReport, typeof erasureReportSchema>,
  Fits<SlaReport, typeof slaReportSchema>,
  Fits<BreachList, typeof breachListSchema>,
] = [true, true, true, true, true, true, true, true, true, true, true, true, true, true];
void viewsFitTheirSchemas;
