import { z } from 'zod';
import { calendarSchema } from './business-calendar';
import { priorities, type Priority } from './priorities';
import { anomalyTypes, cardTypes, languages } from './ticket.schemas';

const targets = z.object({
  firstResponseMinutes: z.number().int().positive(),
  resolutionMinutes: z.number().int().positive(),
});

/** How urgent a ticket is: set by the brand's rules at triage, or by an agent (issue 15; listed in priorities.ts for the web app). */
export { priorities, type Priority };

/** A type's targets, and per priority within that type. */
const typeTargets = targets.extend({ byPriority: z.partialRecord(z.enum(priorities), targets).default({}) });

export const slaPolicySchema = targets.extend({
  /** Share of a target after which agents are warned (domain: 80 %). */
  warningRatio: z.number().gt(0).lt(1),
  /** Per-type targets overriding the brand's defaults (and per priority within a type). */
  byType: z.partialRecord(z.enum(anomalyTypes), typeTargets).default({}),
  /** Per-priority targets, for any type that names none for that priority. */
  byPriority: z.partialRecord(z.enum(priorities), targets).default({}),
  /** Stop the resolution clock while the ticket awaits the customer (the seeds promise it keeps running: false). */
  pauseWhileAwaitingCustomer: z.boolean().default(false),
});
export type SlaPolicy = z.output<typeof slaPolicySchema>;

/** A brand's rule giving a ticket its priority at triage; the highest priority any rule gives wins. */
export const priorityRuleSchema = z.discriminatedUnion('when', [
  z.strictObject({ when: z.literal('amount_at_least'), amountCents: z.number().int().positive(), priority: z.enum(priorities) }),
  z.strictObject({ when: z.literal('open_dispute'), priority: z.enum(priorities) }),
  z.strictObject({ when: z.literal('type'), type: z.enum(anomalyTypes), priority: z.enum(priorities) }),
]);
export type PriorityRule = z.output<typeof priorityRuleSchema>;

const hostName = z
  .string()
  .max(253)
  .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/, 'expected a lower-case host name without a port');

/** One shop's policy: what the intake accepts, its calendar and targets, and how it writes to customers. */
export const brandPolicySchema = z.object({
  acceptedCardTypes: z.array(z.enum(cardTypes)).min(1),
  currency: z.string().length(3),
  calendar: calendarSchema,
  sla: slaPolicySchema,
  /** Direct cancellation window after an order is validated, in hours (0: none). */
  cancellationWindowHours: z.number().min(0),
  /** Business days a refund takes to reach the customer's account. */
  refundPostingDays: z.object({ min: z.number().int().min(0), max: z.number().int().min(0) }),
  supportEmail: z.email(),
  /** The address e-mails are sent from; a display name written here is replaced by `senderName`. */
  replyFrom: z.string().min(3),
  /** The sender's display name in each language a customer may write in ("Service client Sofimix", "Sofimix customer service"). */
  senderName: z.object({ fr: z.string().trim().min(1).max(120), en: z.string().trim().min(1).max(120) }),
  defaultLanguage: z.enum(languages),
  /** Rules that set a ticket's priority at triage (none: every ticket is `normal`). */
  priorityRules: z.array(priorityRuleSchema).max(50).default([]),
  /** Personal data of tickets closed more than this many days ago is erased by the retention job (null: kept). */
  retentionDays: z.number().int().min(30).max(3650).nullable().default(null),
  /** The shop's own host names (support.example.fr): the report form served there files to it (lower case, no port). */
  hostNames: z.array(hostName).max(20).default([]),
});
export type BrandPolicy = z.output<typeof brandPolicySchema>;
export type SenderName = BrandPolicy['senderName'];

/** A shop's sender name when its policy gives none, from the shop's name. */
export const defaultSenderName = (brandName: string): SenderName => ({
  fr: `Service client ${brandName}`,
  en: `${brandName} customer service`,
});

/**
 * A stored policy, checked. Policies written before `senderName` existed (every brand row
 * then) get the default made from the brand's name, so they parse without a migration.
 */
export function parseBrandPolicy(brandName: string, policy: unknown): BrandPolicy {
  const withDefaults = policy && typeof policy === 'object' && !Array.isArray(policy) ? { senderName: defaultSenderName(brandName), ...policy } : policy;
  return brandPolicySchema.parse(withDefaults);
}

