import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { ensureDemoTickets } from '../../server/services/demo.service';
import { startHarness, type Harness, type SignedInClient } from '../support/harness';

/**
 * The demo a newcomer walks through (README, "Try it"): an empty database gets one report per
 * payment situation, the manager imports samples/payments/stripe-payments.csv, and each
 * report's payment check says what happened. Through the real intake and HTTP, both databases.
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

describe('when a newcomer starts on an empty database and imports the Stripe sample', () => {
  let filed: NonNullable<Awaited<ReturnType<typeof ensureDemoTickets>>>;

  it('files one report per situation through the intake, once, and never in production', async () => {
    expect(await ensureDemoTickets({ ...h.ctx, config: { ...h.ctx.config, NODE_ENV: 'production' } })).toBeNull();
    // The reports' payment times (2 to 20 November 2026) are in the past of the clock (23 November): intake takes them.
    filed = (await ensureDemoTickets(h.ctx))!;
    expect(filed.map((t) => t.shows)).toEqual(['duplicate_capture', 'authorization_hold', 'failed_no_charge', 'refund_issued', 'disputed', 'no_match']);
    expect(await ensureDemoTickets(h.ctx)).toBeNull();
    const queue = (await agent.get('/api/tickets').expect(200)).body;
    expect(JSON.stringify(queue)).toContain(filed[0].reference);
  });

  it('gives each report the verdict it is there to show', async () => {
    const file = fs.readFileSync(path.join(__dirname, '../../samples/payments/stripe-payments.csv'));
    const imported = await request(h.url)
      .post('/api/payments/import')
      .set('Cookie', manager.cookie)
      .set('X-CSRF-Token', manager.csrfToken)
      .field('format', 'stripe_payments')
      .attach('file', file, { filename: 'stripe-payments.csv', contentType: 'text/csv' })
      .expect(200);
    expect(imported.body).toEqual({ imported: 25, updated: 0, skipped: 0, errors: [] });

    const checks = new Map<string, Record<string, unknown>>();
    for (const t of filed) checks.set(t.shows, (await agent.get(`/api/tickets/${t.id}/payment-check`).expect(200)).body);
    expect(filed.map((t) => [t.shows, checks.get(t.shows)!.verdict])).toEqual(filed.map((t) => [t.shows, t.shows]));

    expect(checks.get('duplicate_capture')).toMatchObject({ suggestedOutcome: 'refunded', refundTransactionId: 'ch_3TBdC9LkdIwHu7ix0f4Zt7Rm' });
    // The authorisation of 09:13:27 UTC drops off seven days later.
    expect(checks.get('authorization_hold')).toMatchObject({ suggestedOutcome: 'hold_released', holdDropsOffAt: '2026-11-23T09:13:27.000Z' });
    expect(checks.get('failed_no_charge')).toMatchObject({ declineGuidance: 'use_another_method' });
    expect(checks.get('refund_issued')).toMatchObject({ suggestedOutcome: 'refunded', refundedAt: '2026-11-09T10:05:12.000Z' });
    expect(checks.get('disputed')).toMatchObject({ disputeDueBy: '2026-12-04T23:59:59.000Z' });
    expect(checks.get('no_match')).toMatchObject({ transactions: [] });
  });
});
