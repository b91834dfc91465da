import { fromStripeCharge, fromStripeDispute, fromStripeEvent, fromStripeRefund, stripeWebhookEvents } from '../../domain/stripe-ledger';
import { signedEvent, stripeCharge, stripeDispute } from '../support/fake-stripe';
import type Stripe from 'stripe';

const created = new Date('2026-11-20T13:32:10Z');

describe("Stripe's objects as ledger rows", () => {
  it('a captured charge: its card (last 4 only), e-mail, order from metadata, amounts in cents', () => {
    const [row] = fromStripeCharge(stripeCharge({ id: 'ch_1', amount: 5990, created, email: 'marie.curie@example.fr', orderId: 'SFX-10042' }));
    expect(row).toMatchObject({ provider: 'stripe', providerId: 'ch_1', kind: 'charge', status: 'succeeded', captured: true, released: false, amountCents: 5990, currency: 'EUR', occurredAt: created, cardBrand: 'visa', cardLast4: '4242', customerEmail: 'marie.curie@example.fr', orderReference: 'SFX-10042' });
  });

  it('an authorisation never captured: a hold with its expiry; cancelled, it is released and nothing was refunded', () => {
    const captureBefore = new Date('2026-11-27T13:32:10Z');
    const hold = stripeCharge({ id: 'ch_h', amount: 5990, created, captured: false, captureBefore });
    expect(fromStripeCharge(hold)[0]).toMatchObject({ captured: false, released: false, captureBefore, refundedCents: 0 });
    expect(fromStripeCharge({ ...hold, refunded: true, amount_refunded: 5990 })[0]).toMatchObject({ captured: false, released: true, refundedCents: 0 });
  });

  it("a declined charge names the issuer's reason, never as a capture", () => {
    const [row] = fromStripeCharge(stripeCharge({ amount: 5990, created, status: 'failed', failureCode: 'card_declined', declineReason: 'insufficient_funds' }));
    expect(row).toMatchObject({ status: 'failed', captured: false, declineCode: 'insufficient_funds' });
  });

  it('never keeps a card number a shop wrote in a description', () => {
    const charge = { ...stripeCharge({ amount: 100, created }), description: 'Client carte 4111 1111 1111 1111 commande 77' };
    const text = JSON.stringify(fromStripeCharge(charge));
    expect(text).not.toMatch(/4111\s?1111\s?1111\s?1111/);
    expect(text).toContain('1111');
  });

  it('a refund keeps its charge and, once Stripe has it, its trace reference (ARN)', () => {
    const refund = { id: 're_1', object: 'refund', amount: 5990, charge: 'ch_2', created: Math.floor(created.getTime() / 1000) + 86_400, currency: 'eur', status: 'succeeded', destination_details: { type: 'card', card: { reference: '74567890123456789012345', reference_status: 'available', reference_type: 'acquirer_reference_number', type: 'refund' } } } as Stripe.Refund;
    expect(fromStripeRefund(refund)).toEqual([expect.objectContaining({ providerId: 're_1', kind: 'refund', status: 'succeeded', chargeId: 'ch_2', arn: '74567890123456789012345', amountCents: 5990 })]);
    // Refunds of an uncaptured charge are how Stripe releases a hold: not a refund to follow.
    expect(fromStripeRefund(refund, { captured: false })).toEqual([]);
  });

  it('a dispute keeps its status and evidence deadline', () => {
    const dueBy = new Date('2026-12-02T23:59:59Z');
    expect(fromStripeDispute(stripeDispute(stripeCharge({ id: 'ch_3', amount: 5990, created }), { created, dueBy }))).toMatchObject({ kind: 'dispute', status: 'needs_response', chargeId: 'ch_3', dueBy, declineCode: 'duplicate' });
  });

  it('webhook events: charges, refunds and disputes change the ledger (an expired authorisation is released); others are acknowledged and ignored', () => {
    const hold = stripeCharge({ id: 'ch_4', amount: 5990, created, captured: false });
    const at = new Date('2026-11-21T00:00:00Z');
    const expired = fromStripeEvent(signedEvent('charge.expired', hold, 'whsec_x', { created: at }).event as unknown as Stripe.Event)!;
    expect(expired[0]).toMatchObject({ providerId: 'ch_4', released: true, observedAt: at });
    expect(fromStripeEvent(signedEvent('customer.created', { id: 'cus_1' }, 'whsec_x').event as unknown as Stripe.Event)).toBeNull();
  });

  it('applies every event the admin is told to select (the list the connection screen shows)', () => {
    const charge = stripeCharge({ id: 'ch_5', amount: 5990, created });
    const objects: Record<string, unknown> = {
      charge,
      refund: { id: 're_5', object: 'refund', amount: 100, charge: 'ch_5', created: 1, currency: 'eur', status: 'pending' },
      dispute: stripeDispute(charge, { created, dueBy: created }),
    };
    for (const type of stripeWebhookEvents) {
      const object = type.startsWith('charge.dispute') ? objects.dispute : type.startsWith('charge.refund') || type.startsWith('refund.') ? objects.refund : objects.charge;
      expect([type, fromStripeEvent(signedEvent(type, object, 'whsec_x').event as unknown as Stripe.Event)?.length]).toEqual([type, expect.any(Number)]);
    }
  });
});
