import type Stripe from 'stripe';
import type { ImportedTransaction } from './payment-imports';
import { redact } from './redaction';

/*
 * Stripe's objects (from a lookup, a webhook or a refund we made) as ledger rows. Pure: the
 * same object always gives the same rows, whichever way it came. Provider ids are Stripe's
 * own (`ch_…`, `re_…`, `dp_…`), so a charge seen by a lookup and again by a webhook is one row.
 */

/** A ledger row from any source: an import, Stripe, or a refund an agent recorded as made elsewhere (`manual`). */
export type LedgerRow = Omit<ImportedTransaction, 'provider'> & { provider: ImportedTransaction['provider'] | 'manual'; observedAt?: Date };

const at = (seconds: number | null | undefined) => (seconds ? new Date(seconds * 1000) : null);
const idOf = (ref: string | { id: string } | null | undefined) => (ref == null ? null : typeof ref === 'string' ? ref : ref.id);
const clean = (text: string | null | undefined, max: number) => (text ? redact(text).text.slice(0, max) : null);

/** The order a charge pays for, as shops record it: an `order…` metadata key, else the description. */
function orderOf(metadata: Stripe.Metadata | null | undefined, description: string | null): string | null {
  const key = Object.keys(metadata ?? {}).find((k) => /^order[_ ]?(id|number|ref(erence)?)?$/i.test(k));
  return clean(key ? metadata![key] : description, 128);
}

/** A charge, and its refunds when Stripe sent them along (`expand: ['data.refunds']`). */
export function fromStripeCharge(charge: Stripe.Charge, observedAt?: Date): LedgerRow[] {
  const card = charge.payment_method_details?.card;
  // An authorisation cancelled or expired before capture shows as `refunded` with nothing captured: released, not refunded.
  const released = !charge.captured && (charge.refunded || charge.amount_refunded > 0);
  const row: LedgerRow = {
    provider: 'stripe',
    providerId: charge.id,
    kind: 'charge',
    status: charge.status,
    amountCents: charge.amount,
    currency: charge.currency.toUpperCase(),
    occurredAt: at(charge.created)!,
    captured: charge.status === 'failed' ? false : charge.captured,
    released,
    captureBefore: at(card?.capture_before),
    refundedCents: charge.captured ? charge.amount_refunded : 0,
    // An issuer's decline names its reason in the outcome (insufficient_funds…); Stripe's own blocks in failure_code.
    declineCode: charge.status === 'failed' ? (charge.outcome?.reason ?? charge.failure_code ?? null) : null,
    cardBrand: card?.brand ?? null,
    cardLast4: card?.last4 ?? null,
    cardFingerprint: card?.fingerprint ?? null,
    customerEmail: clean(charge.billing_details?.email ?? charge.receipt_email, 254),
    orderReference: orderOf(charge.metadata, charge.description),
    chargeId: null,
    arn: null,
    dueBy: null,
    observedAt,
  };
  const refunds = (charge.refunds?.data ?? []).flatMap((r) => fromStripeRefund(r, charge, observedAt));
  return [row, ...refunds];
}

/** A refund of a captured charge (a released authorisation has no refund to follow). */
export function fromStripeRefund(refund: Stripe.Refund, charge?: Pick<Stripe.Charge, 'captured'>, observedAt?: Date): LedgerRow[] {
  if (charge && !charge.captured) return [];
  const status = refund.status ?? 'pending';
  return [
    {
      provider: 'stripe',
      providerId: refund.id,
      kind: 'refund',
      status: status === 'requires_action' ? 'pending' : status,
      amountCents: refund.amount,
      currency: refund.currency.toUpperCase(),
      occurredAt: at(refund.created)!,
      captured: null,
      released: false,
      captureBefore: null,
      refundedCents: 0,
      declineCode: refund.failure_reason ?? null,
      cardBrand: null,
      cardLast4: null,
      cardFingerprint: null,
      customerEmail: null,
      orderReference: null,
      chargeId: idOf(refund.charge),
      // The acquirer reference number, the trace a customer's bank can follow.
      arn: refund.destination_details?.card?.reference ?? null,
      dueBy: null,
      observedAt,
    },
  ];
}

export function fromStripeDispute(dispute: Stripe.Dispute, observedAt?: Date): LedgerRow {
  return {
    provider: 'stripe',
    providerId: dispute.id,
    kind: 'dispute',
    status: dispute.status,
    amountCents: dispute.amount,
    currency: dispute.currency.toUpperCase(),
    occurredAt: at(dispute.created)!,
    captured: null,
    released: false,
    captureBefore: null,
    refundedCents: 0,
    declineCode: dispute.reason ?? null,
    cardBrand: null,
    cardLast4: null,
    cardFingerprint: null,
    customerEmail: null,
    orderReference: null,
    chargeId: idOf(dispute.charge),
    arn: null,
    dueBy: at(dispute.evidence_details?.due_by),
    observedAt,
  };
}

/** The webhook events Guichet applies to the ledger: the ones an admin selects on the shop's endpoint in Stripe. */
export const stripeWebhookEvents = [
  'charge.succeeded',
  'charge.failed',
  'charge.pending',
  'charge.captured',
  'charge.refunded',
  'charge.expired',
  'charge.updated',
  'charge.refund.updated',
  'refund.created',
  'refund.updated',
  'refund.failed',
  'charge.dispute.created',
  'charge.dispute.updated',
  'charge.dispute.closed',
  'charge.dispute.funds_withdrawn',
  'charge.dispute.funds_reinstated',
] as const satisfies ReadonlyArray<Stripe.Event['type']>;

/** The webhook events that change the ledger (stripeWebhookEvents), and what each says; null for the others (acknowledged, ignored). */
export function fromStripeEvent(event: Stripe.Event): LedgerRow[] | null {
  const observedAt = new Date(event.created * 1000);
  switch (event.type) {
    case 'charge.succeeded':
    case 'charge.failed':
    case 'charge.captured':
    case 'charge.refunded':
    case 'charge.expired':
    case 'charge.updated':
    case 'charge.pending': {
      const rows = fromStripeCharge(event.data.object, observedAt);
      // Stripe marks an expired authorisation refunded; say released even if it did not.
      if (event.type === 'charge.expired') rows[0].released = true;
      return rows;
    }
    case 'charge.refund.updated':
    case 'refund.created':
    case 'refund.updated':
    case 'refund.failed':
      return fromStripeRefund(event.data.object, undefined, observedAt);
    case 'charge.dispute.created':
    case 'charge.dispute.updated':
    case 'charge.dispute.closed':
    case 'charge.dispute.funds_withdrawn':
    case 'charge.dispute.funds_reinstated':
      return [fromStripeDispute(event.data.object, observedAt)];
    default:
      return null;
  }
}
