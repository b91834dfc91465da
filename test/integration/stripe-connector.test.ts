import request from 'supertest';
import { startFakeStripe, signedEvent, type FakeStripe } from '../support/fake-stripe';
import { doubleCharge, startHarness, type Harness, type SignedInClient } from '../support/harness';
import { waitFor } from '../support/wait';

/**
 * A shop connected to Stripe (issue 13): its keys sealed, its charges looked up when a ticket
 * arrives, its signed webhooks applied once, and a refund in one click — against a local fake
 * of Stripe's API, through HTTP, with the workers running, on each database.
 */
const SECRET_KEY = 'rk_test_51Guichet0000000000abcd';
const WEBHOOK_SECRET = 'whsec_guichettestsecret0123456789';

let stripe: FakeStripe;
let h: Harness;
let admin: SignedInClient;
let agent: SignedInClient;
beforeAll(async () => {
  stripe = await startFakeStripe();
  h = await startHarness({ env: { STRIPE_API_URL: stripe.url } });
  admin = await h.signIn('admin');
  agent = await h.signIn('agent');
});
afterAll(async () => {
  await h?.close();
  await stripe?.close();
});

type TimelineEvent = { type: string; data: Record<string, unknown> };
const timeline = async (id: string, who = agent) => (await who.get(`/api/tickets/${id}`).expect(200)).body.timeline as TimelineEvent[];
const verdicts = async (id: string) => (await timeline(id)).filter((e) => e.type === 'payment_checked').map((e) => e.data.verdict);
const webhook = (payload: string, signature: string) => h.http().post('/api/payments/webhooks/stripe/sofimix').set('Content-Type', 'application/json').set('Stripe-Signature', signature).send(payload);

describe('when an admin connects the shop to Stripe', () => {
  it('keeps the key and the webhook secret sealed, shows only a hint, and lets no one else change them', async () => {
    const set = await admin.post('/api/brands/sofimix/connectors/stripe').expect(404); // PUT, not POST
    expect(set.body.error.code).toBe('not_found');
    const res = await admin.put('/api/brands/sofimix/connectors/stripe', { secretKey: SECRET_KEY, webhookSecret: WEBHOOK_SECRET }).expect(200);
    expect(res.body).toEqual({ provider: 'stripe', configured: true, keyHint: 'rk_test_…abcd', updatedAt: expect.any(String), webhookUrl: 'https://support.example.test/api/payments/webhooks/stripe/sofimix' });
    const shown = JSON.stringify((await admin.get('/api/brands/sofimix/connectors/stripe').expect(200)).body);
    expect(shown).not.toContain(SECRET_KEY);
    expect(shown).not.toContain(WEBHOOK_SECRET);
    const stored = JSON.stringify(await h.ctx.db.query('SELECT * FROM payment_connectors'));
    expect(stored).not.toContain(SECRET_KEY.slice(8));
    expect(stored).not.toContain(WEBHOOK_SECRET.slice(6));

    const bad = await admin.put('/api/brands/sofimix/connectors/stripe', { secretKey: 'pk_test_public', webhookSecret: WEBHOOK_SECRET }).expect(400);
    expect(bad.body.error.details).toEqual([expect.objectContaining({ field: 'secretKey' })]);
    expect(JSON.stringify(bad.body)).not.toContain(WEBHOOK_SECRET);
    expect((await agent.put('/api/brands/sofimix/connectors/stripe', { secretKey: SECRET_KEY, webhookSecret: WEBHOOK_SECRET }).expect(403)).body.error.code).toBe('forbidden');
    expect((await admin.get('/api/brands/nowhere/connectors/stripe').expect(404)).body.error.code).toBe('not_found');
  });
});

/** The double charge the connected shop's story follows, to its refund's trace reference. */
let ticket: { id: string; reference: string };

describe('when a customer reports a double charge of a connected shop', () => {
  const created = new Date('2026-11-20T13:32:10Z');

  beforeAll(async () => {
    stripe.addCharge({ id: 'ch_first', amount: 5990, created, email: 'marie.curie@example.fr', orderId: 'SFX-10042' });
    stripe.addCharge({ id: 'ch_second', amount: 5990, created: new Date(created.getTime() + 55_000), email: 'marie.curie@example.fr', orderId: 'SFX-10042' });
    stripe.addCharge({ id: 'ch_other', amount: 1200, created, last4: '1881', email: 'other@example.fr' });
    ticket = (await h.http().post('/api/tickets').send(doubleCharge).expect(201)).body;
  });

  it('looks the payments up on Stripe by time window when the ticket arrives, and records the verdict on the timeline', async () => {
    await waitFor(async () => (await verdicts(ticket.id)).includes('duplicate_capture'), 15_000, 'the verdict of the triage-time check');
    const lookup = stripe.requests.find((r) => r.method === 'GET' && r.path === '/v1/charges')!;
    // List with a created range around the reported time (14:32 Paris = 13:32 UTC), ±3 days; never Search.
    expect(Number(lookup.query['created[gte]'])).toBe(Math.floor(new Date('2026-11-17T13:32:00Z').getTime() / 1000));
    // …up to now (the test clock), since nothing was paid in the future.
    expect(Number(lookup.query['created[lte]']) * 1000).toBeLessThanOrEqual(h.ctx.now().getTime() + 1000);
    expect(Number(lookup.query['created[lte]']) * 1000).toBeGreaterThan(new Date('2026-11-23T09:00:00Z').getTime() - 1000);
    expect(stripe.requests.some((r) => r.path.includes('/search'))).toBe(false);
    const check = (await agent.get(`/api/tickets/${ticket.id}/payment-check`).expect(200)).body;
    expect(check).toMatchObject({ verdict: 'duplicate_capture', refundTransactionId: 'ch_second', refund: { via: 'stripe', transactionId: 'ch_second', refundableCents: 5990, currency: 'EUR' } });
    expect(check.suggestedReply.fr).toEqual(expect.any(String));
  });

  it('answers 400 to a webhook whose signature is not the shop’s and changes nothing', async () => {
    const { payload } = signedEvent('charge.refunded', { ...stripe.charge('ch_second')!, refunded: true, amount_refunded: 5990 }, WEBHOOK_SECRET);
    const forged = signedEvent('charge.refunded', JSON.parse(payload).data.object, 'whsec_someoneelse00000000000');
    const res = await webhook(payload, forged.signature).expect(400);
    expect(res.body.error.code).toBe('invalid_webhook_signature');
    expect((await webhook(payload, 'garbage').expect(400)).body.error.code).toBe('invalid_webhook_signature');
    expect((await h.ctx.db.repos.payments.findByProviderId((await h.ctx.db.repos.brands.findDefault())!.id, 'ch_second'))!.refundedCents).toBe(0);
  });

  it('applies a dispute from a signed webhook once, whatever the number of deliveries, and the ticket says disputed', async () => {
    const before = (await agent.get(`/api/tickets/${ticket.id}`).expect(200)).body;
    const dispute = stripe.addDispute(stripe.charge('ch_first')!, { created: new Date('2026-11-22T08:00:00Z'), dueBy: new Date('2026-11-23T17:00:00Z') });
    const delivery = signedEvent('charge.dispute.created', dispute, WEBHOOK_SECRET);
    expect((await webhook(delivery.payload, delivery.signature).expect(200)).body).toMatchObject({ received: true, type: 'charge.dispute.created', applied: 1 });
    expect((await webhook(delivery.payload, delivery.signature).expect(200)).body).toEqual({ received: true, duplicate: true });
    await waitFor(async () => (await verdicts(ticket.id)).includes('disputed'), 15_000, 'the verdict after the dispute');
    const check = (await agent.get(`/api/tickets/${ticket.id}/payment-check`).expect(200)).body;
    expect(check).toMatchObject({ verdict: 'disputed', disputeDueBy: '2026-11-23T17:00:00.000Z', refund: null });
    expect(check.evidenceSummary.en).toContain(`Dispute evidence — request ${ticket.reference}`);
    expect(check.evidenceSummary.en).toContain('Payment ch_second of €59.90');
    expect(check.evidenceSummary.fr).toContain('Deux débits de 59,90 € pour la même commande.');
    // The evidence deadline comes before the SLA's: the queue puts the ticket first by it.
    expect((await agent.get(`/api/tickets/${ticket.id}`).expect(200)).body).toMatchObject({ disputeDueAt: '2026-11-23T17:00:00.000Z', nextDueAt: '2026-11-23T17:00:00.000Z', version: before.version });
    const rows = await h.ctx.db.query(`SELECT * FROM payment_transactions WHERE "kind" = 'dispute'`);
    expect(rows).toHaveLength(1);
    // The dispute is withdrawn (won): the duplicate is back.
    dispute.status = 'won';
    const closed = signedEvent('charge.dispute.closed', dispute, WEBHOOK_SECRET);
    await webhook(closed.payload, closed.signature).expect(200);
    await waitFor(async () => (await verdicts(ticket.id)).at(-1) === 'duplicate_capture', 15_000, 'the verdict after the dispute closed');
    expect((await agent.get(`/api/tickets/${ticket.id}`).expect(200)).body).toMatchObject({ disputeDueAt: null, nextDueAt: before.nextDueAt });
  });

  it('refunds the extra capture in one click, once for a double click, never above what is left, and tells the customer', async () => {
    const { version } = (await agent.get(`/api/tickets/${ticket.id}`).expect(200)).body;
    expect((await agent.post(`/api/tickets/${ticket.id}/refund`, { version, transactionId: 'ch_second', amountCents: 6000 }).expect(422)).body.error).toMatchObject({ code: 'refund_exceeds_refundable', details: { refundableCents: 5990 } });
    expect((await agent.post(`/api/tickets/${ticket.id}/refund`, { version, transactionId: 'ch_nope', amountCents: 100 }).expect(422)).body.error.code).toBe('unknown_transaction');
    expect((await agent.post(`/api/tickets/${ticket.id}/refund`, { version: version + 7, transactionId: 'ch_second', amountCents: 5990 }).expect(409)).body.error.code).toBe('stale_write');

    stripe.failNext(10);
    expect((await agent.post(`/api/tickets/${ticket.id}/refund`, { version, transactionId: 'ch_second', amountCents: 5990 }).expect(502)).body.error.code).toBe('payment_provider_unavailable');
    stripe.failNext(0);
    expect(stripe.charge('ch_second')!.amount_refunded).toBe(0);

    const clicks = await Promise.all([1, 2].map(() => agent.post(`/api/tickets/${ticket.id}/refund`, { version, transactionId: 'ch_second', amountCents: 5990, message: 'Le second débit vous est remboursé.' })));
    const ok = clicks.filter((r) => r.status === 200);
    expect(ok.length).toBeGreaterThanOrEqual(1);
    for (const r of clicks) expect([200, 409]).toContain(r.status);
    expect(ok[0].body).toMatchObject({ ticket: { status: 'resolved', outcome: 'refunded' }, refund: { provider: 'stripe', status: 'pending', amountCents: 5990, currency: 'EUR' } });
    const posts = stripe.requests.filter((r) => r.method === 'POST' && r.path === '/v1/refunds');
    expect(new Set(posts.map((p) => p.idempotencyKey)).size).toBe(1);
    expect(stripe.charge('ch_second')!.amount_refunded).toBe(5990);
    expect(stripe.charge('ch_second')!.refunds!.data).toHaveLength(1);
    expect(posts[posts.length - 1].body).toMatchObject({ charge: 'ch_second', amount: '5990', 'metadata[guichet_ticket]': ticket.reference });

    const events = await timeline(ticket.id);
    expect(events.filter((e) => e.type === 'refund_issued')).toHaveLength(1);
    expect(events.filter((e) => e.type === 'resolved')).toEqual([expect.objectContaining({ data: expect.objectContaining({ outcome: 'refunded', details: expect.objectContaining({ refundAmountCents: 5990, chargeId: 'ch_second' }) }) })]);
    const mail = await waitFor(() => h.smtp.messages.find((m) => m.subject?.includes(ticket.reference) && /résolue|resolved/i.test(m.subject ?? '')), 15_000, 'the resolution e-mail');
    expect(mail.text).toContain('59,90');

    // Nothing is left to refund on that charge now, by Stripe's count.
    const after = (await agent.get(`/api/tickets/${ticket.id}`).expect(200)).body.version;
    expect((await agent.post(`/api/tickets/${ticket.id}/refund`, { version: after, transactionId: 'ch_second', amountCents: 1 }).expect(422)).body.error).toMatchObject({ code: 'refund_exceeds_refundable', details: { refundableCents: 0 } });
  });

  it('learns the trace reference (ARN) of the refund from Stripe’s refund.updated event', async () => {
    const refundId = stripe.charge('ch_second')!.refunds!.data[0].id;
    const settled = stripe.settleRefund(refundId, '74567890123456789012345');
    const delivery = signedEvent('charge.refund.updated', settled, WEBHOOK_SECRET);
    await webhook(delivery.payload, delivery.signature).expect(200);
    const row = (await h.ctx.db.repos.payments.findByProviderId((await h.ctx.db.repos.brands.findDefault())!.id, refundId))!;
    expect(row).toMatchObject({ kind: 'refund', status: 'succeeded', arn: '74567890123456789012345', chargeId: 'ch_second' });
    await waitFor(async () => (await verdicts(ticket.id)).at(-1) === 'refund_issued', 15_000, 'the verdict once the refund is settled');
    expect((await agent.get(`/api/tickets/${ticket.id}/payment-check`).expect(200)).body).toMatchObject({ verdict: 'refund_issued', arn: '74567890123456789012345' });
  });
});

describe('when a cardholder disputes a charge without ever writing to the shop', () => {
  it('opens one ticket for the chargeback, with its deadline first in the queue, and e-mails no one', async () => {
    const charge = stripe.addCharge({ id: 'ch_lonely', amount: 14990, created: new Date('2026-11-18T16:05:00Z'), last4: '0005', brand: 'mastercard', orderId: 'SFX-40404' });
    const dispute = stripe.addDispute(charge, { created: new Date('2026-11-22T10:00:00Z'), dueBy: new Date('2026-11-23T20:00:00Z'), reason: 'fraudulent' });
    const mailsBefore = h.smtp.messages.length;
    const first = signedEvent('charge.dispute.created', dispute, WEBHOOK_SECRET);
    await webhook(first.payload, first.signature).expect(200);
    const again = signedEvent('charge.dispute.updated', dispute, WEBHOOK_SECRET);
    await webhook(again.payload, again.signature).expect(200);
    const opened = await waitFor(async () => {
      const rows = (await h.ctx.db.query(`SELECT "id" FROM tickets WHERE "source" = 'chargeback'`)) as Array<{ id: string }>;
      return rows.length ? rows : null;
    }, 15_000, 'the chargeback ticket');
    expect(opened).toHaveLength(1);
    const id = opened[0].id;
    await waitFor(async () => (await verdicts(id)).includes('disputed'), 15_000, 'its verdict');
    const t = (await agent.get(`/api/tickets/${id}`).expect(200)).body;
    expect(t).toMatchObject({ type: 'debit_without_order', status: 'triaged', amountCents: 14990, cardLast4: '0005', orderNumber: 'SFX-40404', customerName: 'Titulaire de la carte mastercard •••• 0005', disputeDueAt: '2026-11-23T20:00:00.000Z', nextDueAt: '2026-11-23T20:00:00.000Z' });
    expect(t.checklist.missing).toEqual([]);
    await new Promise((r) => setTimeout(r, 500));
    expect(h.smtp.messages.slice(mailsBefore).filter((m) => m.subject?.includes(t.reference))).toEqual([]);
  });
});

describe('when the shop is not connected (its payments come from exports)', () => {
  it('records the refund the agent made elsewhere, with its reference, and resolves the ticket', async () => {
    await admin.delete('/api/brands/sofimix/connectors/stripe').expect(200);
    const ticket = (await h.http().post('/api/tickets').send({ ...doubleCharge, customerEmail: 'jean.valjean@example.fr', orderNumber: 'SFX-20001', amount: '12.00', cardLast4: '1881', paymentTime: '2026-11-20T14:32:00+01:00' }).expect(201)).body;
    await waitFor(async () => (await agent.get(`/api/tickets/${ticket.id}/payment-check`).expect(200)).body.refund, 15_000, 'a refundable match');
    const check = (await agent.get(`/api/tickets/${ticket.id}/payment-check`).expect(200)).body;
    expect(check.refund).toEqual({ via: 'manual', transactionId: 'ch_other', refundableCents: 1200, currency: 'EUR' });
    const before = stripe.requests.length;
    const { version } = (await agent.get(`/api/tickets/${ticket.id}`).expect(200)).body;
    const res = await agent.post(`/api/tickets/${ticket.id}/refund`, { version, transactionId: 'ch_other', amountCents: 1200, reference: 'VIR-2026-118' }).expect(200);
    expect(res.body).toMatchObject({ ticket: { status: 'resolved', outcome: 'refunded' }, refund: { provider: 'manual', status: 'succeeded', amountCents: 1200 } });
    expect(stripe.requests.length).toBe(before);
    expect((await agent.get(`/api/tickets/${ticket.id}/payment-check`).expect(200)).body).toMatchObject({ verdict: 'refund_issued', arn: 'VIR-2026-118', refund: null });
  });
});

describe('when a manager imports an export', () => {
  it('checks the tickets it concerns by itself and records their verdict', async () => {
    const manager = await h.signIn('manager');
    const ticket = (await h.http().post('/api/tickets').send({ ...doubleCharge, customerName: 'Grace Hopper', customerEmail: 'grace.hopper@example.fr', orderNumber: 'SFX-50005', amount: '19.90', cardLast4: '7777', paymentTime: '2026-11-19T10:00:00+01:00' }).expect(201)).body;
    const header = 'id,Created date (UTC),Amount,Amount Refunded,Currency,Captured,Status,Card Brand,Card Last4,Customer Email,order_id (metadata)';
    const row = (id: string, at: string) => `${id},${at},"19,90","0,00",eur,true,Paid,Visa,7777,grace.hopper@example.fr,SFX-50005`;
    const csv = Buffer.from(`${header}\n${row('ch_csv_1', '2026-11-19 09:00:10')}\n${row('ch_csv_2', '2026-11-19 09:01:40')}\n`);
    await request(h.url).post('/api/payments/import').set('Cookie', manager.cookie).set('X-CSRF-Token', manager.csrfToken).field('format', 'stripe_payments').attach('file', csv, { filename: 'unified_payments.csv', contentType: 'text/csv' }).expect(200);
    await waitFor(async () => (await verdicts(ticket.id)).includes('duplicate_capture'), 15_000, 'the verdict recorded after the import, without anyone asking');
  });
});

describe('when a refund made in one click is still not settled by the date it should be back', () => {
  it('puts the ticket back in the agents’ queue, flagged', async () => {
    await admin.put('/api/brands/sofimix/connectors/stripe', { secretKey: SECRET_KEY, webhookSecret: WEBHOOK_SECRET }).expect(200);
    const created = new Date('2026-11-21T10:00:00Z');
    stripe.addCharge({ id: 'ch_third', amount: 2990, created, email: 'ada.lovelace@example.fr', orderId: 'SFX-30003', last4: '5556' });
    stripe.addCharge({ id: 'ch_fourth', amount: 2990, created: new Date(created.getTime() + 30_000), email: 'ada.lovelace@example.fr', orderId: 'SFX-30003', last4: '5556' });
    const ticket = (await h.http().post('/api/tickets').send({ ...doubleCharge, customerName: 'Ada Lovelace', customerEmail: 'ada.lovelace@example.fr', orderNumber: 'SFX-30003', amount: '29.90', cardLast4: '5556', paymentTime: '2026-11-21T11:00:00+01:00' }).expect(201)).body;
    await waitFor(async () => (await verdicts(ticket.id)).includes('duplicate_capture'), 15_000, 'the duplicate');
    const { version } = (await agent.get(`/api/tickets/${ticket.id}`).expect(200)).body;
    await agent.post(`/api/tickets/${ticket.id}/refund`, { version, transactionId: 'ch_fourth', amountCents: 2990 }).expect(200);
    const expected = await waitFor(async () => (await agent.get(`/api/tickets/${ticket.id}`).expect(200)).body.moneyExpectedBy, 15_000, 'the date the refund should be back');
    h.clock.set(new Date(new Date(expected).getTime() + 60_000));
    try {
      const late = await h.signIn('agent', 'late agent'); // sessions expire by the clock too
      const back = await waitFor(async () => {
        const t = (await late.get(`/api/tickets/${ticket.id}`).expect(200)).body;
        return t.status === 'in_progress' && t;
      }, 15_000, 'the ticket back in the queue');
      expect(back).toMatchObject({ outcome: null, resolvedAt: null });
      const events = await timeline(ticket.id, late);
      expect(events.filter((e) => e.type === 'money_not_back')).toEqual([expect.objectContaining({ data: { expectedBy: expected, verdict: 'refund_pending' } })]);
      expect(events.filter((e) => e.type === 'reopened').at(-1)).toMatchObject({ actor: 'system', data: { reason: 'money_not_back' } });
    } finally {
      h.clock.real();
    }
  });
});

describe('when the date a refund should be back passes', () => {
  it('once the refund should be on the customer’s account, e-mails them its trace reference, once', async () => {
    const { moneyExpectedBy } = (await agent.get(`/api/tickets/${ticket.id}`).expect(200)).body;
    expect(moneyExpectedBy).toEqual(expect.any(String));
    h.clock.set(new Date(new Date(moneyExpectedBy).getTime() + 60_000));
    try {
      const late = await h.signIn('agent', 'late agent');
      const mail = await waitFor(() => h.smtp.messages.find((m) => m.subject === `[${ticket.reference}] Votre remboursement : la référence pour votre banque`), 15_000, 'the trace reference e-mail');
      expect(mail.text).toContain('74567890123456789012345');
      expect(mail.text).toContain('59,90');
      await waitFor(async () => (await timeline(ticket.id, late)).some((e) => e.type === 'money_traced'), 5_000, 'the money_traced event');
      await new Promise((r) => setTimeout(r, 1000)); // a few more rounds of the watch
      expect((await timeline(ticket.id, late)).filter((e) => e.type === 'money_traced')).toHaveLength(1);
      expect(h.smtp.messages.filter((m) => m.subject?.includes('la référence pour votre banque') && m.subject.includes(ticket.reference))).toHaveLength(1);
      const customer = (await h.ctx.db.repos.tickets.findById(ticket.id))!;
      expect(customer.moneyCheckAt).toBeNull();
    } finally {
      h.clock.real();
    }
  });
});
