import { DateTime } from 'luxon';
import { z } from 'zod';
import { bodyInt, clientString, clientText, emailAddress, queryInt } from './input.schemas';

export const anomalyTypes = [
  'double_charge',
  'debit_without_order',
  'failed_payment',
  'refund_not_received',
  'cancellation_request',
] as const;
export type AnomalyType = (typeof anomalyTypes)[number];

export const cardTypes = ['visa', 'mastercard', 'paypal', 'klarna', 'webmoney'] as const;
export type CardType = (typeof cardTypes)[number];

export const languages = ['fr', 'en'] as const;
export type Language = (typeof languages)[number];

/** What a report's schema needs to know of the brand it is filed with. */
export interface IntakeContext {
  acceptedCardTypes: readonly CardType[];
  currency: string;
  timeZone: string;
  /** Read when a value is checked, so one schema serves many requests. */
  now: () => Date;
}

/** Multipart forms send blank fields as empty strings: a blank field is an absent one. */
const blankIsAbsent = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blankIsAbsent, schema.optional());
const text = clientText;

const money = z.union([z.number(), z.string()]).transform((value, ctx) => {
  const s = typeof value === 'number' ? String(value) : value.trim().replace(',', '.');
  if (!/^\d{1,9}(\.\d{1,2})?$/.test(s) || Number(s) <= 0) {
    ctx.issues.push({ code: 'custom', input: value, message: 'must be a positive amount with at most 2 decimals' });
    return z.NEVER;
  }
  // The cents must fit an integer column (int4 on PostgreSQL).
  if (Number(s) >= 10_000_000) {
    ctx.issues.push({ code: 'custom', input: value, message: 'must be less than 10,000,000' });
    return z.NEVER;
  }
  return Math.round(Number(s) * 100); // stored in cents
});

const yesNo = z
  .union([z.boolean(), z.enum(['true', 'false', 'yes', 'no', 'oui', 'non', '1', '0'])])
  .transform((v) => v === true || v === 'true' || v === 'yes' || v === 'oui' || v === '1');

/** An ISO 8601 instant; without an offset it is read in the brand's time zone. Never in the future. */
const pastInstant = (ctx: IntakeContext) =>
  clientString(64).transform((value, issue) => {
    const parsed = DateTime.fromISO(value.trim(), { zone: ctx.timeZone, setZone: true });
    if (!parsed.isValid || !/^\d{4}-\d{2}-\d{2}/.test(value.trim())) {
      issue.issues.push({ code: 'custom', input: value, message: 'must be an ISO 8601 date and time' });
      return z.NEVER;
    }
    const at = parsed.toJSDate();
    if (at.getTime() > ctx.now().getTime() + 5 * 60_000) {
      issue.issues.push({ code: 'custom', input: value, message: 'cannot be in the future' });
      return z.NEVER;
    }
    return at;
  });

const cardType = (ctx: IntakeContext) =>
  z.enum(cardTypes).refine((c) => ctx.acceptedCardTypes.includes(c), {
    message: `this shop accepts only: ${ctx.acceptedCardTypes.join(', ')}`,
  });

/** Fields a customer may give at intake and add later, by the evidence they support. */
const evidenceFields = (ctx: IntakeContext) => ({
  orderNumber: optional(text(64)),
  paymentTime: optional(pastInstant(ctx)),
  amount: optional(money),
  cardType: optional(z.preprocess((v) => (typeof v === 'string' ? v.trim().toLowerCase() : v), cardType(ctx))),
  cardLast4: optional(z.string().trim().regex(/^\d{4}$/, 'must be the last 4 digits only')),
  debited: optional(yesNo),
  refundDate: optional(pastInstant(ctx)),
  orderTime: optional(pastInstant(ctx)),
  secondDebitTime: optional(pastInstant(ctx)),
  secondDebitAmount: optional(money),
  errorMessage: optional(text(500)),
});

/** `POST /api/tickets`: a customer's report, checked against the brand it is filed with. */
export const intakeSchema = (ctx: IntakeContext) =>
  z.strictObject({
    type: z.enum(anomalyTypes),
    brand: optional(text(64)),
    customerName: text(120),
    customerEmail: emailAddress,
    /** Absent when not given: the intake then takes the brand's default language. */
    language: optional(z.enum(languages)),
    currency: optional(
      z
        .string()
        .trim()
        .toUpperCase()
        .refine((c) => c === ctx.currency, { message: `this shop charges in ${ctx.currency}` }),
    ),
    description: optional(text(5000)),
    ...evidenceFields(ctx),
  });
export type IntakeInput = z.output<ReturnType<typeof intakeSchema>>;

/** `POST /api/tickets/:reference/evidence`: what the customer adds, with an optional message. */
export const evidenceUpdateSchema = (ctx: IntakeContext) =>
  z.strictObject({ ...evidenceFields(ctx), message: optional(text(5000)) });
export type EvidenceUpdate = z.output<ReturnType<typeof evidenceUpdateSchema>>;

/**
 * An agent completes or corrects the payment facts (`POST /api/tickets/:id/payment-facts`):
 * the same fields and rules as the customer's, against the ticket version the agent saw.
 */
export const paymentFactsSchema = (ctx: IntakeContext) => z.strictObject({ version: bodyInt().positive(), ...evidenceFields(ctx) });
export type PaymentFacts = z.output<ReturnType<typeof paymentFactsSchema>>;

/** 100 business days of 7.5 hours: more than any target, and a bound on the work of one due time. */
export const MAX_DUE_MINUTES = 45_000;
/**
 * Due times are asked for about now. A start at most a year away keeps every computation
 * within a few hundred days the calendar has memoised, so no request costs more than a few ms.
 */
const MAX_DUE_START_DISTANCE_MS = 366 * 86_400_000;

/** `GET /api/sla/due`, against the clock `now`. */
export const dueQuerySchema = (now: () => Date) =>
  z.strictObject({
    start: z.iso
      .datetime({ offset: true })
      .refine((s) => Math.abs(Date.parse(s) - now().getTime()) <= MAX_DUE_START_DISTANCE_MS, 'must be within a year of now'),
    minutes: queryInt(0, MAX_DUE_MINUTES),
    brand: text(64).optional(),
  });

/** A ticket reference as its column holds it (`GCH-T0SP-75HE`, history seeds `GCH-H…`), in any case. */
export const ticketReference = z.string().trim().toUpperCase().regex(/^[A-Z0-9-]{1,20}$/);

/** What `POST /api/tickets` answers (the web client reads the same shape). */
export interface ReportReceipt {
  id: string;
  reference: string;
  status: string;
  accessToken: string;
  statusUrl: string;
  missingEvidence: string[];
  firstResponseDueAt: string;
  resolutionDueAt: string;
}
