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
    expect((await upload(manager, exportFile(first), 'paypal_activity').expect(400)).body.error.code).toBe('validation_failed');
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
