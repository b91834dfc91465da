import { z } from 'zod';
import { emailAddress } from './input.schemas';

/*
 * What personal data is, and what erasing it means (domain.md, "Keeping and erasing"):
 * the shop must keep its payment records (amounts, outcomes, payment references, statuses,
 * SLA figures), and nothing that tells who the customer is or what they wrote. Pure: the
 * erasure (core/personal-data-erasure.ts) applies these to the rows.
 */

/** The name an erased ticket carries. */
export const ERASED_NAME = 'Client effacé';
/** What replaces a free text (a message, a description, a file name). */
export const ERASED_TEXT = '[effacé]';

/**
 * An address no mail can reach (`.invalid` is reserved, RFC 2606), unique per ticket so that
 * the duplicate look-up (e-mail + order number) never joins two erased customers.
 */
export const erasedEmail = (ticketId: string) => `erased-${ticketId}@erased.invalid`;
export const isErasedEmail = (email: string) => /^erased-[0-9a-f-]{36}@erased\.invalid$/i.test(email);

export type FieldDecision = 'erase' | 'keep';

/**
 * Every column of a ticket that a customer fills or that could name them, and what erasure
 * does with it. The other columns (status, outcome, deadlines, SLA minutes, dates, counts)
 * say nothing of who the customer is and are kept.
 */
export const ticketFieldDecisions = {
  customerName: { decision: 'erase', why: 'names the customer' },
  customerEmail: { decision: 'erase', why: 'identifies the customer; replaced by an undeliverable address unique to the ticket' },
  customerEmailNormalized: { decision: 'erase', why: 'the same address, lowercased' },
  description: { decision: 'erase', why: 'free text the customer typed' },
  errorMessage: { decision: 'erase', why: 'free text the customer copied from the checkout' },
  orderNumber: { decision: 'keep', why: 'a payment reference the shop must keep for its accounting; alone it names nobody' },
  amountCents: { decision: 'keep', why: 'payment record' },
  secondDebitAmountCents: { decision: 'keep', why: 'payment record' },
  paymentTime: { decision: 'keep', why: 'payment record' },
  cardType: { decision: 'keep', why: 'payment record (a brand, not a card)' },
  cardLast4: { decision: 'keep', why: 'payment record: the last 4 digits match the ledger and name nobody (PCI DSS allows them)' },
  outcome: { decision: 'keep', why: 'what the shop decided' },
  outcomeDetails: { decision: 'keep', why: 'refund amount and date, a duplicate\'s ticket' },
} as const satisfies Record<string, { decision: FieldDecision; why: string }>;

/** The other places personal data lives, and what erasure does there. */
export const storeDecisions = {
  ticket_events: 'free text (messages, replies, notes, e-mails\' text, original and subject, senders, file names) replaced; the event, its type, time, actor and ids kept',
  evidence_files: 'rows and files on disk deleted (a proof is the customer\'s document); the ticket keeps its proof count',
  inbound_messages: 'sender address and subject replaced (the Message-ID stays, so a re-fetch is still recognised and not imported again)',
  outbox_messages: 'rendered e-mails (greeting with the name, quoted text) dropped; a job still pending is marked done, so nothing is sent to an erased address',
  outbox_eml: 'the .eml copies written without SMTP deleted',
  payment_transactions: 'the customer\'s e-mail in the shop\'s ledger rows cleared; amounts, statuses, references, ARN kept',
  idempotency_keys: 'kept: hashes only',
  sla_rollups: 'kept: counts and minutes per day, nobody\'s data',
  users_sessions_brands: 'kept: agents and shops, not customers',
} as const;

/** Free-text keys of each event type's data (everything else there is ids, enums, counts, amounts or dates). */
const eventTextKeys: Record<string, readonly string[]> = {
  customer_message: ['from', 'subject', 'text', 'original'],
  evidence_added: ['message'],
  reply: ['body'],
  note: ['body'],
  information_requested: ['message'],
  resolved: ['message'],
  reopened: ['reason'],
  email_sent: ['subject'],
  mail_bounced: ['recipient', 'diagnostic'],
  refund_issued: ['message'],
};

/** Keys whose value is a status, not text, in every event that has them. */
const STATUS_KEYS = new Set(['from', 'to']);
/** `reopened.reason` is a code when the system wrote it. */
const REASON_CODES = new Set(['customer_email', 'money_not_back']);

export interface Subject {
  names: readonly string[];
  emails: readonly string[];
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Replaces every mention of the customer's names and addresses in a text (case-insensitive). */
export function scrubMentions(text: string, subject: Subject): string {
  const needles = [...subject.emails, ...subject.names].map((s) => s.trim()).filter((s) => s.length >= 3);
  if (!needles.length) return text;
  const pattern = new RegExp(needles.sort((a, b) => b.length - a.length).map(escapeRegExp).join('|'), 'gi');
  return text.replace(pattern, ERASED_TEXT);
}

function scrubDeep(value: unknown, subject: Subject): unknown {
  if (typeof value === 'string') return scrubMentions(value, subject);
  if (Array.isArray(value)) return value.map((v) => scrubDeep(v, subject));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrubDeep(v, subject)]));
  return value;
}

/**
 * An event's data without personal data: its free text replaced, its files' names replaced,
 * and any other mention of the customer's names or addresses (a field no one foresaw).
 * Applying it twice gives the same result.
 */
export function eraseEventData(type: string, data: Record<string, unknown>, subject: Subject): Record<string, unknown> {
  const out: Record<string, unknown> = { ...data };
  for (const key of eventTextKeys[type] ?? []) {
    const v = out[key];
    if (typeof v !== 'string' || v === ERASED_TEXT) continue;
    if (STATUS_KEYS.has(key) && type !== 'customer_message') continue;
    if (type === 'reopened' && REASON_CODES.has(v)) continue;
    out[key] = ERASED_TEXT;
  }
  if (Array.isArray(out.files)) {
    out.files = (out.files as unknown[]).map((f) => (f && typeof f === 'object' && 'name' in f ? { ...(f as object), name: ERASED_TEXT } : f));
  }
  if (Array.isArray(out.refused)) {
    out.refused = (out.refused as unknown[]).map((f) => (f && typeof f === 'object' && 'name' in f ? { ...(f as object), name: ERASED_TEXT } : f));
  }
  return scrubDeep(out, subject) as Record<string, unknown>;
}

/** The ticket columns erasure writes. */
export function erasedTicketFields(ticketId: string) {
  return {
    customerName: ERASED_NAME,
    customerEmail: erasedEmail(ticketId),
    customerEmailNormalized: erasedEmail(ticketId),
    description: null,
    errorMessage: null,
  };
}

/*
 * Retention (brand policy `retentionDays`): a ticket's personal data is erased once it has
 * been finished (resolved or closed) for that many days. The clock starts at its last change
 * (`updatedAt`): a resolved ticket that is later closed, reopened or written to starts again,
 * so no ticket is erased sooner than N days after it was last handled.
 */
export const FINISHED_STATUSES = ['resolved', 'closed'] as const;
const DAY_MS = 86_400_000;

/** Tickets last changed at or before this instant are due (null: the brand keeps them). */
export function retentionCutoff(now: Date, retentionDays: number | null): Date | null {
  return retentionDays == null ? null : new Date(now.getTime() - retentionDays * DAY_MS);
}

export function isRetentionDue(
  ticket: { status: string; updatedAt: Date; personalDataErasedAt: Date | null },
  retentionDays: number | null,
  now: Date,
): boolean {
  const cutoff = retentionCutoff(now, retentionDays);
  if (!cutoff || ticket.personalDataErasedAt) return false;
  return (FINISHED_STATUSES as readonly string[]).includes(ticket.status) && ticket.updatedAt.getTime() <= cutoff.getTime();
}

/*
 * Request bodies of the personal-data API (admin): one e-mail address, as the customer gave
 * it (matched case-insensitively).
 */
const personalEmail = z.string().trim().toLowerCase().pipe(emailAddress);
export const exportRequestSchema = z.strictObject({ email: personalEmail, view: z.enum(['customer', 'admin']).default('admin') });
export const erasureRequestSchema = z.strictObject({ email: personalEmail, dryRun: z.boolean().default(false) });
