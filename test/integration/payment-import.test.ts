import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { doubleCharge, startHarness, type Harness, type SignedInClient } from '../support/harness';

/**
 * A shop's Stripe Payments export imported into its ledger, and the verdict of the ledger on
 * a ticket (issue 13, first part): through HTTP, real database.
 */
let h: Harness;
let manager: SignedInClient;
let agent: SignedInClient;
beforeAll(async () => {
  h = await startHarness({ workers: false });
  manager = await h.signIn('manager');
  agent = await h.signIn('agent');
});
afterAll(async () => {
  await h?.close();
});

const HEADER = ['Card Brand', 'id', 'Created date (UTC)', 'Amount', 'Amount Refunded', 'Currency', 'Captured', 'Status', 'Refunded date (UTC)', 'Card Last4', 'Customer Email', 'Description', 'order_id (metadata)'];
const row = (cells: Record<string, string>) => HEADER.map((c) => (cells[c] ?? '').includes(',') ? `"${cells[c]}"` : (cells[c] ?? '')).join(',');
const charge = (id: string, created: string, extra: Record<string, string> = {}) =>
  row({ 'Card Brand': 'Visa', id, 'Created date (UTC)': created, Amount: '59,90', 'Amount Refunded': '0,00', Currency: 'eur', Captured: 'true', Status: 'Paid', 'Card Last4': '4242', 'Customer Email': 'marie.curie@example.fr', Description: 'Commande SFX-10042, merci', 'order_id (metadata)': 'SFX-10042', ...extra });
/** Stripe's export: a byte-order mark, French decimal commas, a quoted field with a comma, columns in its own order. */
const exportFile = (rows: string[]) => Buffer.from(`\ufeff${HEADER.join(',')}\r\n${rows.join('\r\n')}\r\n`);
const asUser = (who: SignedInClient) => request(h.url).post('/api/payments/import').set('Cookie', who.cookie).set('X-CSRF-Token', who.csrfToken);
const upload = (who: SignedInClient, file: Buffer, format = 'stripe_payments') =>
  asUser(who).field('format', format).attach('file', file, { filename: 'unified_payments.csv', contentType: 'text/csv' });

describe('when a manager imports the Stripe Payments export', () => {
  const first = [
    charge('ch_A1', '2026-11-20 13:32:10'),
    charge('ch_A2', '2026-11-20 13:33:05'),
    charge('ch_B1', '2026-11-20 09:00:00', { Amount: '12,00', 'Customer Email': 'other@example.fr', 'order_id (metadata)': 'SFX-9' }),
    charge('ch_BAD', '2026-11-20 09:00:00', { Amount: 'douze' }),
  ];
  let ticket: { id: string };

  beforeAll(async () => {
    ticket = (await h.http().post('/api/tickets').send(doubleCharge).expect(201)).body;
  });

  it('stores each transaction, names the lines it could not read, and the ledger says the ticket is a duplicate capture', async () => {
    const res = await upload(manager, exportFile(first)).expect(200);
    expect(res.body).toEqual({ imported: 3, updated: 0, skipped: 1, errors: [{ line: 5, message: expect.stringContaining('Amount "douze"') }] });
    const check = (await agent.get(`/api/tickets/${ticket.id}/payment-check`).expect(200)).body;
    expect(check).toMatchObject({ verdict: 'duplicate_capture', suggestedOutcome: 'refunded', refundTransactionId: 'ch_A2', confidence: expect.any(Number) });
    expect(check.transactions.map((t: { id: string }) => t.id).sort()).toEqual(['ch_A1', 'ch_A2']);
    expect(check.transactions[0]).toMatchObject({ provider: 'stripe', kind: 'charge', amountCents: 5990, currency: 'EUR', cardLast4: '4242', orderReference: 'SFX-10042' });
    expect(check.explanation.fr).toContain('rembourser le second (ch_A2)');
    expect(check.explanation.en).toContain('refund the second one (ch_A2)');

    // Checked again on demand: the verdict goes on the timeline once, not at every check.
    expect((await agent.post(`/api/tickets/${ticket.id}/payment-check`).expect(200)).body).toMatchObject({ verdict: 'duplicate_capture', recorded: true });
    expect((await agent.post(`/api/tickets/${ticket.id}/payment-check`).expect(200)).body).toMatchObject({ verdict: 'duplicate_capture', recorded: false });
    const timeline = (await agent.get(`/api/tickets/${ticket.id}`).expect(200)).body.timeline as Array<{ type: string; data: Record<string, unknown> }>;
    expect(timeline.filter((e) => e.type === 'payment_checked').map((e) => e.data.verdict)).toEqual(['duplicate_capture']);
  });

  it('imports the same file again without duplicating, and a later export that shows the refund changes the verdict', async () => {
    expect((await upload(manager, exportFile(first)).expect(200)).body).toMatchObject({ imported: 0, updated: 3, skipped: 1 });
    const later = exportFile([first[0], charge('ch_A2', '2026-11-20 13:33:05', { 'Amount Refunded': '59,90', Status: 'Refunded', 'Refunded date (UTC)': '2026-11-21 10:00:00' })]);
    expect((await upload(manager, later).expect(200)).body).toMatchObject({ imported: 1, updated: 2, skipped: 0, errors: [] });
    const check = (await agent.get(`/api/tickets/${ticket.id}/payment-check`).expect(200)).body;
    expect(check).toMatchObject({ verdict: 'refund_issued', suggestedOutcome: 'refunded', refundedAt: '2026-11-21T10:00:00.000Z' });
    expect(check.explanation.fr).toBe('Remboursement effectué le 21 novembre 2026.');
    expect((await agent.post(`/api/tickets/${ticket.id}/payment-check`).expect(200)).body).toMatchObject({ verdict: 'refund_issued', recorded: true });
    const timeline = (await agent.get(`/api/tickets/${ticket.id}`).expect(200)).body.timeline as Array<{ type: string; data: Record<string, unknown> }>;
    expect(timeline.filter((e) => e.type === 'payment_checked').map((e) => e.data.verdict)).toEqual(['duplicate_capture', 'refund_issued']);
  });

  it('refuses a file that is not such an export, a file of unreadable lines, and anyone but a manager', async () => {
    const notStripe = await upload(manager, Buffer.from('Date,Gross\n2026-11-20,59.90\n')).expect(422);
    expect(notStripe.body.error).toMatchObject({ code: 'unrecognised_export', details: { missing: ['id', 'Amount', 'Currency', 'Created date (UTC)'] } });
    const unreadable = await upload(manager, exportFile([charge('ch_X', 'hier'), charge('ch_Y', '2026-11-20 10:00:00', { Currency: 'euro' })])).expect(422);
    expect(unreadable.body.error).toMatchObject({ code: 'nothing_imported', details: { skipped: 2, errors: [{ line: 2 }, { line: 3 }] } });
    expect((await upload(manager, exportFile(first), 'adyen_settlement').expect(400)).body.error.code).toBe('validation_failed');
    const notPaypal = (await upload(manager, exportFile(first), 'paypal_activity').expect(422)).body.error;
    expect(notPaypal).toMatchObject({ code: 'unrecognised_export', message: expect.stringContaining('paypal_activity'), details: { format: 'paypal_activity', missing: ['Date', 'Time', 'TimeZone', 'Type', 'Gross', 'Transaction ID'] } });
    expect((await upload(agent, exportFile(first)).expect(403)).body.error.code).toBe('forbidden');
    expect((await asUser(manager).field('format', 'stripe_payments').expect(400)).body.error.details).toEqual([expect.objectContaining({ field: 'file' })]);
  });

  it('a ticket the ledger knows nothing of: no match, and what to ask the customer', async () => {
    const other = (await h.http().post('/api/tickets').send({ ...doubleCharge, amount: '1.00', customerEmail: 'nobody@example.fr', orderNumber: 'SFX-0' }).expect(201)).body;
    const check = (await agent.get(`/api/tickets/${other.id}/payment-check`).expect(200)).body;
    expect(check).toMatchObject({ verdict: 'no_match', transactions: [] });
    expect(check.explanation.en).toContain('ask the customer for their statement line');
  });
});

/** The sample exports a newcomer imports (samples/payments/), used here as fixtures: they prove the samples import. */
const sample = (name: string) => fs.readFileSync(path.join(__dirname, '../../samples/payments', name));
const report = (fields: Record<string, string>) => h.http().post('/api/tickets').send({ customerName: 'Client', description: 'Voir le paiement.', ...fields }).expect(201);
const checkOf = async (ticket: { body: { id: string } }) => (await agent.get(`/api/tickets/${ticket.body.id}/payment-check`).expect(200)).body;

describe("when a manager imports Stripe's balance report after the Payments export", () => {
  it('each Stripe object is one ledger row: the charges are updated and stay whole, the refunds and disputes are added', async () => {
    expect((await upload(manager, sample('stripe-payments.csv')).expect(200)).body).toEqual({ imported: 25, updated: 0, skipped: 0, errors: [] });
    // 17 captured charges, 2 refunds, 2 disputes (one withdrawn then reinstated: one row); a Radar fee skipped.
    expect((await upload(manager, sample('stripe-balance.csv'), 'stripe_balance').expect(200)).body).toEqual({ imported: 4, updated: 17, skipped: 1, errors: [] });
    expect((await upload(manager, sample('stripe-balance.csv'), 'stripe_balance').expect(200)).body).toEqual({ imported: 0, updated: 21, skipped: 1, errors: [] });

    const duplicate = await checkOf(await report({ type: 'double_charge', customerEmail: 'lea.martin@example.fr', orderNumber: 'SFX-20417', paymentTime: '2026-11-12T19:42:00+01:00', amount: '89.90', cardType: 'visa', cardLast4: '4242' }));
    expect(duplicate).toMatchObject({ verdict: 'duplicate_capture', refundTransactionId: 'ch_3TBdC9LkdIwHu7ix0f4Zt7Rm' });
    // The balance report has no last 4: the Payments export's are still there.
    expect(duplicate.transactions.map((t: { id: string; cardLast4: string }) => [t.id, t.cardLast4])).toEqual([
      ['ch_3TBdA1LkdIwHu7ix1aYp8Qe2', '4242'],
      ['ch_3TBdC9LkdIwHu7ix0f4Zt7Rm', '4242'],
    ]);

    const refunded = await checkOf(await report({ type: 'refund_not_received', customerEmail: 'thomas.petit@example.fr', orderNumber: 'SFX-20388', paymentTime: '2026-11-05T15:20:00+01:00', amount: '32.40', cardType: 'visa', cardLast4: '1881' }));
    expect(refunded).toMatchObject({ verdict: 'refund_issued', refundedAt: '2026-11-09T10:05:12.000Z' });
    expect(refunded.transactions.map((t: { id: string }) => t.id)).toEqual(['ch_3T9wR4LkdIwHu7ix0Qa5Tm8k', 'ch_3T9wR4LkdIwHu7ix0Qa5Tm8k:refund', 're_3T9wR4LkdIwHu7ix0Rf1Ab2c']);

    // Withdrawn then reinstated in the same file: the dispute was won, and the charge stands.
    const won = await checkOf(await report({ type: 'double_charge', customerEmail: 'emma.lefevre@example.fr', orderNumber: 'SFX-20372', paymentTime: '2026-11-03T12:02:00+01:00', amount: '64.00', cardType: 'visa', cardLast4: '7720' }));
    expect(won).toMatchObject({ verdict: 'single_capture' });
    const disputed = await checkOf(await report({ type: 'debit_without_order', customerEmail: 'julien.moreau@example.fr', paymentTime: '2026-11-07T21:11:00+01:00', amount: '149.00', cardType: 'mastercard', cardLast4: '8210' }));
    expect(disputed).toMatchObject({ verdict: 'disputed', disputeDueBy: '2026-12-04T23:59:59.000Z' });
    expect(disputed.transactions.map((t: { id: string; status: string }) => [t.id, t.status])).toContainEqual(['dp_1TAgM6LkdIwHu7ixDsp0Juli', 'needs_response']);
  });
});

describe("when a manager imports PayPal's activity download", () => {
  it('reads the French download (BOM, quoted fields, decimal commas, Paris time) and skips what is no customer payment', async () => {
    // 19 lines: 15 transactions, and 2 currency conversions, a bank transfer and a chargeback fee skipped.
    expect((await upload(manager, sample('paypal-activity.csv'), 'paypal_activity').expect(200)).body).toEqual({ imported: 15, updated: 0, skipped: 4, errors: [] });
    const reports: Array<Record<string, string>> = [
      { type: 'double_charge', customerEmail: 'paul.girard@example.fr', orderNumber: 'SFX-20470', paymentTime: '2026-11-10T18:02:00+01:00', amount: '74.90' },
      { type: 'double_charge', customerEmail: 'ines.fabre@example.fr', orderNumber: 'SFX-20475', paymentTime: '2026-11-14T11:24:00+01:00', amount: '212.00' },
      { type: 'failed_payment', customerEmail: 'hugo.lambert@example.fr', orderNumber: 'SFX-20480', paymentTime: '2026-11-16T19:48:00+01:00', amount: '38.50' },
      { type: 'refund_not_received', customerEmail: 'chloe.bernard@example.fr', orderNumber: 'SFX-20378', paymentTime: '2026-11-04T09:31:00+01:00', amount: '56.00' },
      { type: 'debit_without_order', customerEmail: 'maxime.garnier@example.fr', paymentTime: '2026-11-06T21:07:00+01:00', amount: '99.00' },
    ];
    const verdicts = await Promise.all(reports.map(async (fields) => (await checkOf(await report(fields))).verdict));
    expect(verdicts).toEqual(['duplicate_capture', 'authorization_hold', 'failed_no_charge', 'refund_issued', 'disputed']);
  });

  it('a later download that rewrote a status updates the row: the pending payment is now captured', async () => {
    const ticket = await report({ type: 'debit_without_order', customerEmail: 'gilles.caron@example.fr', orderNumber: 'SFX-20487', paymentTime: '2026-11-18T14:27:00+01:00', amount: '145.00' });
    const before = await checkOf(ticket);
    expect(before.transactions).toEqual([expect.objectContaining({ provider: 'paypal', id: '7JK89012LM345678N', status: 'pending', captured: false })]);
    // The English download, its own column order, the same Transaction ID.
    const later = Buffer.from(
      '\ufeff"Transaction ID","Status","Type","Gross","Currency","Date","Time","TimeZone","From Email Address","Invoice Number"\r\n' +
        '"7JK89012LM345678N","Completed","Website Payment","145,00","EUR","18/11/2026","14:27:36","Europe/Paris","gilles.caron@example.fr","SFX-20487"\r\n',
    );
    expect((await upload(manager, later, 'paypal_activity').expect(200)).body).toEqual({ imported: 0, updated: 1, skipped: 0, errors: [] });
    const after = await checkOf(ticket);
    expect(after).toMatchObject({ verdict: 'single_capture', transactions: [expect.objectContaining({ id: '7JK89012LM345678N', status: 'succeeded', captured: true, at: '2026-11-18T13:27:36.000Z' })] });
  });
});
