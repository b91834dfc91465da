import type { AppContext } from '../../core/context';
import { ledgerChanged } from '../../core/payment-verification';
import { isStripeRefusal, stripeConnectorFor } from '../../core/stripe-connector';
import type { PaymentTransaction } from '../../db/entities/payment-transaction.entity';
import type { User } from '../../db/entities/user.entity';
import { StaleTicketError } from '../../db/repositories/ticket.repository';
import type { RefundInput } from '../../domain/agent-actions.schemas';
import type { LedgerRow } from '../../domain/stripe-ledger';
import { isOpen } from '../../domain/ticket-status';
import { AppError } from '../errors';
import { findTicket } from '../services/find-ticket';
import { resolution } from './resolve';
import { actor, runAction } from './run-action';

/**
 * Refund in one click: through the brand's Stripe when the charge came from it (never more
 * than Stripe says is left; an idempotency key made of the ticket, the version the agent saw,
 * the charge and the amount, so a double click or a retry refunds once), or recorded as made
 * elsewhere. Then the ledger, the timeline and the resolution (the customer is e-mailed) —
 * even if the ticket changed while Stripe answered: the money has moved, it is written down.
 */
export async function refundPayment(ctx: AppContext, user: User, id: string, input: RefundInput) {
  const ticket = await findTicket(ctx.db.repos, id);
  if (ticket.version !== input.version) throw new StaleTicketError(ticket.id);
  const charge = await ctx.db.repos.payments.findByProviderId(ticket.brandId, input.transactionId);
  if (!charge || charge.kind !== 'charge') throw new AppError(422, 'unknown_transaction', 'No charge with this id in the shop’s payment ledger.');
  const now = ctx.now();
  const connector = charge.provider === 'stripe' ? await stripeConnectorFor(ctx.db, ctx.config, ticket.brandId, ctx.logger) : null;
  let rows: LedgerRow[];
  if (connector) {
    // Stripe's word on what is left, not the ledger's: a refund may have been made from its dashboard since.
    const key = `guichet-refund-${ticket.id}-v${input.version}-${charge.providerId}-${input.amountCents}`;
    const { rows: [fresh, ...refunds], refundByRequest } = await provider(() => connector.charge(charge.providerId, now));
    const repeat = refunds.find((r) => r.providerId === refundByRequest.get(key));
    if (!repeat) ensureRefundable(fresh.captured ? fresh.amountCents - (fresh.refundedCents ?? 0) : 0, input.amountCents);
    // A repeat of this very request (a double click) is answered with the refund it made, not a second one.
    const made = repeat ?? (await provider(() => connector.refund(charge.providerId, input.amountCents, key, { guichet_ticket: ticket.reference }, now)));
    rows = [{ ...fresh, refundedCents: Math.max(fresh.refundedCents ?? 0, refundedAfter(refunds, made)) }, ...refunds.filter((r) => r.providerId !== made.providerId), made];
  } else {
    ensureRefundable(charge.captured !== false && charge.status === 'succeeded' ? charge.amountCents - charge.refundedCents : 0, input.amountCents);
    rows = [{ ...ledgerRowOf(charge), refundedCents: charge.refundedCents + input.amountCents }, manualRefund(charge, ticket.id, input, now)];
  }
  const refund = rows[rows.length - 1];
  const summary = await runAction(ctx, ticket.id, null, async (read, repos, at) => {
    // Two clicks at once: the second waits here for the first, then sees its refund recorded.
    const current = (await repos.tickets.findForUpdate(read.id)) ?? read;
    await repos.payments.upsertMany(current.brandId, rows, at);
    const jobs = await ledgerChanged(repos, current.brandId, rows.map((r) => r.providerId));
    const already = (await repos.events.findOfType(current.id, 'refund_issued')).some((e) => e.data.refundId === refund.providerId);
    if (!already) {
      await repos.events.append({
        ticketId: current.id,
        type: 'refund_issued',
        actor: actor(user),
        createdAt: at,
        data: { refundId: refund.providerId, chargeId: charge.providerId, provider: refund.provider, amountCents: refund.amountCents, currency: refund.currency, status: refund.status, arn: refund.arn, authorName: user.name },
      });
    }
    if (already || !isOpen(current.status)) return { ticket: current, mails: jobs };
    const details = { refundAmountCents: refund.amountCents, refundedAt: at.toISOString(), currency: refund.currency, refundId: refund.providerId, chargeId: charge.providerId };
    const resolved = await resolution(user, { version: current.version, outcome: 'refunded', refundAmountCents: refund.amountCents, message: input.message }, details)(current, repos, at);
    return { ticket: resolved.ticket, mails: [...(resolved.mails ?? []), ...jobs] };
  });
  return { ticket: summary, refund: { provider: refund.provider, id: refund.providerId, status: refund.status, amountCents: refund.amountCents, currency: refund.currency } };
}

function ensureRefundable(refundableCents: number, amountCents: number) {
  if (amountCents > refundableCents) {
    throw new AppError(422, 'refund_exceeds_refundable', `At most ${refundableCents} cents can still be refunded on this charge.`, { refundableCents });
  }
}

/** What the charge has refunded once this refund is counted (a repeat of the same refund counts once). */
const refundedAfter = (known: LedgerRow[], made: LedgerRow) =>
  [...known.filter((r) => r.providerId !== made.providerId), made].filter((r) => r.status !== 'failed' && r.status !== 'canceled').reduce((sum, r) => sum + r.amountCents, 0);

/** Stripe said no (422, its reason shown to the agent) or did not answer (502: nothing was refunded, try again). */
async function provider<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (isStripeRefusal(err)) throw new AppError(422, 'payment_provider_refused', err.message, { reason: err.message, code: err.code ?? null });
    throw new AppError(502, 'payment_provider_unavailable', 'Stripe did not answer: nothing was refunded. Try again in a moment.');
  }
}

const ledgerRowOf = (p: PaymentTransaction): LedgerRow => {
  const { id: _id, brandId: _brand, updatedAt: _updated, observedAt: _observed, ...row } = p;
  return row as LedgerRow;
};

/** A refund the agent made in the provider's own back office (a CSV-only shop), recorded in the ledger. */
function manualRefund(charge: PaymentTransaction, ticketId: string, input: RefundInput, now: Date): LedgerRow {
  return {
    provider: 'manual',
    providerId: `manual-${ticketId}-v${input.version}`,
    kind: 'refund',
    status: 'succeeded',
    amountCents: input.amountCents,
    currency: charge.currency,
    occurredAt: now,
    captured: null,
    released: false,
    captureBefore: null,
    refundedCents: 0,
    declineCode: null,
    cardBrand: null,
    cardLast4: null,
    cardFingerprint: null,
    customerEmail: null,
    orderReference: null,
    chargeId: charge.providerId,
    arn: input.reference ?? null,
    dueBy: null,
  };
}
