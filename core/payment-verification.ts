import { randomUUID } from 'node:crypto';
import type { Repositories } from '../db/database';
import type { PendingJob } from '../db/repositories/outbox.repository';
import type { PaymentTransaction } from '../db/entities/payment-transaction.entity';
import type { Brand } from '../db/entities/brand.entity';
import type { Ticket } from '../db/entities/ticket.entity';
import { disputeEvidenceSummary } from '../domain/dispute-evidence';
import { moneyExpectedBy } from '../domain/money-follow-up';
import { queueDeadlines, withSchedule } from '../domain/sla';
import { suggestedReply } from '../domain/payment-replies';
import { checkPayment, explainPaymentCheck, matchScore, MATCH_WINDOW_MS, type LedgerTransaction, type PaymentCheck, type ReportedPayment } from '../domain/payment-check';
import { paymentCheckQueue } from '../queues/payment-check.queue';
import { cachedBrand } from './brands';
import type { AppContext } from './context';
import { stripeConnectorFor } from './stripe-connector';
import type { PaymentCheckView, TransactionView } from './payment-views';
import { agentTicketSummary, timelineEntry } from './ticket-views';
import { calendarFor } from './calendars';
import { disputePriority } from './ticket-clock';

/*
 * Payment verification, the running part: the ticket's verdict from the brand's ledger
 * (refreshed from Stripe first when the brand is connected), recorded on the timeline when it
 * changes. Used by the API (an agent's look, an agent's "check again") and by the worker (a
 * new ticket, a change to the ledger).
 */

/** Without a reported payment time, the month before the report is searched. */
const NO_TIME_LOOKBACK_MS = 30 * 86_400_000;
/** A change to the ledger re-checks at most this many tickets of its brand at once. */
const MAX_TICKETS_PER_CHANGE = 500;

export const reportedPayment = (t: Ticket): ReportedPayment => ({
  type: t.type,
  amountCents: t.amountCents,
  currency: t.currency,
  paymentTime: t.paymentTime,
  cardType: t.cardType,
  cardLast4: t.cardLast4,
  customerEmail: t.customerEmail,
  orderNumber: t.orderNumber,
});

export const ledgerTransaction = (p: PaymentTransaction): LedgerTransaction => ({
  id: p.providerId,
  kind: p.kind as LedgerTransaction['kind'],
  status: p.status,
  amountCents: p.amountCents,
  currency: p.currency,
  createdAt: p.occurredAt,
  captured: p.captured ?? undefined,
  released: p.released,
  captureBefore: p.captureBefore,
  refundedCents: p.refundedCents,
  declineCode: p.declineCode,
  cardBrand: p.cardBrand,
  cardLast4: p.cardLast4,
  cardFingerprint: p.cardFingerprint,
  customerEmail: p.customerEmail,
  orderReference: p.orderReference,
  chargeId: p.chargeId,
  arn: p.arn,
  dueBy: p.dueBy,
});

/** The brands whose new tickets are worth a check: those with a ledger or a Stripe connection. */
export async function brandsVerifyingPayments(repos: Repositories, brandIds: string[]): Promise<Set<string>> {
  const found = await repos.payments.brandsWithLedger(brandIds);
  for (const brandId of brandIds) if (!found.has(brandId) && (await repos.connectors.find(brandId, 'stripe'))) found.add(brandId);
  return found;
}

/** The time window a ticket's payment is looked for in. */
export function searchWindow(ticket: Ticket) {
  const at = (ticket.paymentTime ?? ticket.createdAt).getTime();
  return { from: new Date(at - MATCH_WINDOW_MS - (ticket.paymentTime ? 0 : NO_TIME_LOOKBACK_MS)), to: new Date(at + MATCH_WINDOW_MS) };
}

const transactionView = (r: PaymentTransaction): TransactionView => ({
  provider: r.provider,
  id: r.providerId,
  kind: r.kind,
  status: r.status,
  amountCents: r.amountCents,
  currency: r.currency,
  at: r.occurredAt.toISOString(),
  captured: r.captured,
  released: r.released,
  refundedCents: r.refundedCents,
  cardBrand: r.cardBrand,
  cardLast4: r.cardLast4,
  customerEmail: r.customerEmail,
  orderReference: r.orderReference,
  chargeId: r.chargeId,
  arn: r.arn,
  dueBy: r.dueBy?.toISOString() ?? null,
});

/** The charge a refund would be made on: the duplicate to refund, else the best-matching capture with something left; never during a dispute. */
function refundOption(check: PaymentCheck, rows: Map<string, PaymentTransaction>, connected: boolean): PaymentCheckView['refund'] {
  if (check.verdict === 'disputed' || check.verdict === 'no_match') return null;
  const ids = check.refundTransactionId ? [check.refundTransactionId] : check.transactionIds;
  const charge = ids
    .map((id) => rows.get(id))
    .find((r) => r?.kind === 'charge' && r.status === 'succeeded' && r.captured !== false && r.refundedCents < r.amountCents);
  if (!charge) return null;
  return { via: connected && charge.provider === 'stripe' ? 'stripe' : 'manual', transactionId: charge.providerId, refundableCents: charge.amountCents - charge.refundedCents, currency: charge.currency };
}

/** Asks Stripe for the charges around the ticket's payment and writes them to the ledger. */
async function refreshFromStripe(ctx: AppContext, ticket: Ticket): Promise<PaymentCheckView['source']> {
  const connector = await stripeConnectorFor(ctx.db, ctx.config, ticket.brandId, ctx.logger);
  if (!connector) return { live: false };
  const now = ctx.now();
  const { from, to } = searchWindow(ticket);
  try {
    const { rows, truncated } = await connector.chargesBetween(from, to.getTime() > now.getTime() ? now : to, now);
    await ctx.db.transaction((repos) => repos.payments.upsertMany(ticket.brandId, rows, now));
    return truncated ? { live: true, truncated } : { live: true };
  } catch (err) {
    const e = err as { type?: string; code?: string };
    ctx.logger.warn({ brandId: ticket.brandId, ticketId: ticket.id, type: e.type, code: e.code }, 'Stripe lookup failed; checking against the ledger as it is');
    return { live: false, error: e.type ?? 'lookup_failed' };
  }
}

async function evidenceFor(ctx: AppContext, ticket: Ticket, disputeDueBy: Date | null, transactions: TransactionView[], timeZone: string) {
  const timeline = (await ctx.db.repos.events.list(ticket.id)).filter((e) => e.isPublic).map((e) => ({ type: e.type, at: e.createdAt, data: e.data }));
  const input = { ...ticket, reportedAt: ticket.createdAt, timeZone, timeline, transactions, disputeDueBy };
  return { fr: disputeEvidenceSummary(input, 'fr'), en: disputeEvidenceSummary(input, 'en') };
}

/** The verdict on a ticket from its brand's ledger; `live` asks Stripe first when the brand is connected. */
export async function checkTicket(ctx: AppContext, ticket: Ticket, options: { live?: boolean } = {}): Promise<PaymentCheckView> {
  const source = options.live ? await refreshFromStripe(ctx, ticket) : { live: false };
  const rows = await ctx.db.repos.payments.findForMatching(ticket.brandId, { currency: ticket.currency, amountCents: ticket.amountCents, cardLast4: ticket.cardLast4, ...searchWindow(ticket) });
  const now = ctx.now();
  const check = checkPayment(reportedPayment(ticket), rows.map(ledgerTransaction), now);
  const byId = new Map(rows.map((r) => [r.providerId, r]));
  const connected = source.live || (await stripeConnectorFor(ctx.db, ctx.config, ticket.brandId, ctx.logger)) !== null;
  const brand = await cachedBrand(ctx.db, { id: ticket.brandId });
  const transactions = check.transactionIds.flatMap((id) => (byId.has(id) ? [transactionView(byId.get(id)!)] : []));
  const facts = { currency: ticket.currency, transactions, refundWindow: brand?.policy.refundPostingDays, timeZone: brand?.policy.calendar.timeZone };
  return {
    ...check,
    transactions,
    explanation: { fr: explainPaymentCheck(check, 'fr'), en: explainPaymentCheck(check, 'en') },
    suggestedReply: { fr: suggestedReply(check, 'fr', facts), en: suggestedReply(check, 'en', facts) },
    refund: refundOption(check, byId, connected),
    evidenceSummary: check.verdict === 'disputed' ? await evidenceFor(ctx, ticket, check.disputeDueBy ?? null, transactions, brand?.policy.calendar.timeZone ?? 'UTC') : null,
    source,
    checkedAt: now.toISOString(),
  };
}

/** What the verdict sets on the ticket: a chargeback's deadline, and when the money should be back. */
function ticketFollowUp(ticket: Ticket, check: PaymentCheck, brand: Brand): Pick<Ticket, 'disputeDueAt' | 'moneyExpectedBy' | 'moneyCheckAt'> {
  const disputeDueAt = check.verdict === 'disputed' ? (check.disputeDueBy ?? null) : null;
  const expected = moneyExpectedBy(check, calendarFor(brand), brand.policy.refundPostingDays);
  // A new expectation (re)arms the money watch; the same one keeps whatever the watch did with it.
  const moneyCheckAt = expected?.getTime() === ticket.moneyExpectedBy?.getTime() ? ticket.moneyCheckAt : expected;
  return { disputeDueAt, moneyExpectedBy: expected, moneyCheckAt };
}

const sameInstant = (a: Date | null, b: Date | null) => (a?.getTime() ?? null) === (b?.getTime() ?? null);

/**
 * Records the verdict on the ticket's timeline when it differs from the last one recorded,
 * and what it implies for the ticket (a chargeback's deadline first in the queue, the date
 * the money should be back); tells the agents. False when nothing changed.
 */
export async function recordVerdict(ctx: AppContext, ticket: Ticket, check: PaymentCheck, by: { actor: string; authorName?: string }): Promise<boolean> {
  const now = ctx.now();
  const outcome = await ctx.db.transaction(async (repos) => {
    const current = (await repos.tickets.findForUpdate(ticket.id)) ?? ticket;
    const last = await repos.events.lastOfType(current.id, 'payment_checked');
    const same = last?.data.verdict === check.verdict && last.data.confidence === check.confidence && sameIds(last.data.transactionIds, check.transactionIds);
    const event = same
      ? null
      : await repos.events.appendOne({
          ticketId: current.id,
          type: 'payment_checked',
          actor: by.actor,
          createdAt: now,
          data: { verdict: check.verdict, confidence: check.confidence, transactionIds: check.transactionIds, suggestedOutcome: check.suggestedOutcome, ...(by.authorName ? { authorName: by.authorName } : {}) },
        });
    const brand = (await repos.brands.findById(current.brandId))!;
    const follow = ticketFollowUp(current, check, brand);
    // An open dispute may raise the priority (the brand's rules; never lowered here).
    const raised = check.verdict === 'disputed' ? disputePriority(brand, current, now) : null;
    const moved = raised !== null || (['disputeDueAt', 'moneyExpectedBy', 'moneyCheckAt'] as const).some((k) => !sameInstant(current[k], follow[k]));
    if (raised) await repos.events.append(raised.event);
    // Bookkeeping, not an agent's edit: written without bumping the version (see updateIf).
    const changes = { ...raised?.changes, ...follow };
    if (moved) await repos.tickets.updateIf(current, {}, { ...(raised ? withSchedule(current, changes) : { ...changes, ...queueDeadlines({ ...current, ...changes }) }), updatedAt: now });
    return { event, ticket: current, moved };
  });
  if (outcome.event) ctx.notifier.toTicket(ticket.id, 'ticket.event', { ticketId: ticket.id, event: timelineEntry(outcome.event) });
  if (outcome.moved) ctx.notifier.toAgents('ticket.updated', { ticket: agentTicketSummary(outcome.ticket, now) });
  return outcome.event !== null;
}

const sameIds = (a: unknown, b: string[]) => Array.isArray(a) && a.length === b.length && a.every((id, i) => id === b[i]);

/**
 * The tickets a change to the brand's ledger may concern: those whose report fits one of the
 * changed charges, or the charge of a changed refund or dispute.
 */
export async function ticketsConcernedBy(repos: Repositories, brandId: string, providerIds: string[]): Promise<Ticket[]> {
  const changed = await repos.payments.findByProviderIds(brandId, providerIds);
  const chargeIds = new Set(changed.filter((r) => r.kind === 'charge').map((r) => r.providerId));
  const parents = changed.flatMap((r) => (r.chargeId && !chargeIds.has(r.chargeId) ? [r.chargeId] : []));
  const charges = [...changed.filter((r) => r.kind === 'charge'), ...(await repos.payments.findByProviderIds(brandId, [...new Set(parents)]))].map(ledgerTransaction);
  if (!charges.length) return [];
  const times = charges.map((c) => c.createdAt.getTime());
  const candidates = await repos.tickets.findPaymentCandidates(
    brandId,
    { currencies: [...new Set(charges.map((c) => c.currency))], from: new Date(Math.min(...times) - MATCH_WINDOW_MS), to: new Date(Math.max(...times) + MATCH_WINDOW_MS + NO_TIME_LOOKBACK_MS) },
    MAX_TICKETS_PER_CHANGE,
  );
  return candidates.filter((t) => {
    const { from, to } = searchWindow(t);
    return charges.some((c) => c.createdAt >= from && c.createdAt <= to && matchScore(reportedPayment(t), c) > 0);
  });
}

/**
 * Records, in the transaction that changed the brand's ledger, the job that re-checks the
 * tickets the change may concern; the caller dispatches it once committed.
 */
export async function ledgerChanged(repos: Repositories, brandId: string, providerIds: string[]): Promise<PendingJob[]> {
  const ids = [...new Set(providerIds)];
  const jobs: PendingJob[] = [];
  for (let i = 0; i < ids.length; i += 1000) jobs.push(paymentCheckQueue.job({ kind: 'ledger', brandId, providerIds: ids.slice(i, i + 1000), change: randomUUID() }));
  return jobs.length ? repos.outbox.add(...jobs) : jobs;
}
