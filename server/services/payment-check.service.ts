import type { AppContext } from '../../core/context';
import type { PaymentTransaction } from '../../db/entities/payment-transaction.entity';
import type { Ticket } from '../../db/entities/ticket.entity';
import { checkPayment, explainPaymentCheck, MATCH_WINDOW_MS, type LedgerTransaction, type ReportedPayment } from '../../domain/payment-check';
import { findTicket } from './find-ticket';
import { timelineEntry } from '../../core/ticket-views';
import type { User } from '../../db/entities/user.entity';

/** Without a reported payment time, the month before the report is searched. */
const NO_TIME_LOOKBACK_MS = 30 * 86_400_000;

const reported = (t: Ticket): ReportedPayment => ({
  type: t.type,
  amountCents: t.amountCents,
  currency: t.currency,
  paymentTime: t.paymentTime,
  cardType: t.cardType,
  cardLast4: t.cardLast4,
  customerEmail: t.customerEmail,
  orderNumber: t.orderNumber,
});

const ledgerRow = (p: PaymentTransaction): LedgerTransaction => ({
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

/**
 * `GET /api/tickets/:id/payment-check`: the verdict of the shop's ledger on the ticket, the
 * transactions it rests on, and its explanation in both languages.
 */
export async function paymentCheckFor(ctx: AppContext, idOrReference: string) {
  return checkTicket(ctx, await findTicket(ctx.db.repos, idOrReference));
}

async function checkTicket(ctx: AppContext, ticket: Ticket) {
  const at = (ticket.paymentTime ?? ticket.createdAt).getTime();
  const rows = await ctx.db.repos.payments.findForMatching(ticket.brandId, {
    currency: ticket.currency,
    amountCents: ticket.amountCents,
    from: new Date(at - MATCH_WINDOW_MS - (ticket.paymentTime ? 0 : NO_TIME_LOOKBACK_MS)),
    to: new Date(at + MATCH_WINDOW_MS),
  });
  const now = ctx.now();
  const check = checkPayment(reported(ticket), rows.map(ledgerRow), now);
  const byId = new Map(rows.map((r) => [r.providerId, r]));
  return {
    ...check,
    transactions: check.transactionIds.flatMap((id) => {
      const r = byId.get(id);
      return r ? [{ provider: r.provider, id: r.providerId, kind: r.kind, status: r.status, amountCents: r.amountCents, currency: r.currency, at: r.occurredAt.toISOString(), captured: r.captured, cardBrand: r.cardBrand, cardLast4: r.cardLast4, orderReference: r.orderReference, chargeId: r.chargeId, arn: r.arn }] : [];
    }),
    explanation: { fr: explainPaymentCheck(check, 'fr'), en: explainPaymentCheck(check, 'en') },
    checkedAt: now.toISOString(),
  };
}

/**
 * `POST /api/tickets/:id/payment-check`: checks again (after an import, say) and, when the
 * verdict differs from the last one on the timeline, records it there and tells agents.
 */
export async function recheckPayment(ctx: AppContext, user: User, idOrReference: string) {
  const ticket = await findTicket(ctx.db.repos, idOrReference);
  const check = await checkTicket(ctx, ticket);
  const recorded = await ctx.db.transaction(async (repos) => {
    const last = await repos.events.lastOfType(ticket.id, 'payment_checked');
    if (last?.data.verdict === check.verdict && last.data.confidence === check.confidence) return null;
    return repos.events.appendOne({
      ticketId: ticket.id,
      type: 'payment_checked',
      actor: `agent:${user.id}`,
      createdAt: ctx.now(),
      data: { verdict: check.verdict, confidence: check.confidence, transactionIds: check.transactionIds, suggestedOutcome: check.suggestedOutcome, authorName: user.name },
    });
  });
  if (recorded) ctx.notifier.toTicket(ticket.id, 'ticket.event', { ticketId: ticket.id, event: timelineEntry(recorded) });
  return { ...check, recorded: recorded !== null };
}
