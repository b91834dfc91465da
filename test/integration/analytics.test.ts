import { DateTime } from 'luxon';
import request from 'supertest';
import { refreshRollups } from '../../workers/sla-rollup.processor';
import { runSlaWatch } from '../../workers/sla-watch.task';
import { doubleCharge, startHarness, type Harness, type SignedInClient } from '../support/harness';
import { waitFor } from '../support/wait';

let h: Harness;
const paris = (local: string) => DateTime.fromISO(local, { zone: 'Europe/Paris' }).toJSDate();
const ids: Record<string, string> = {};
const refs: Record<string, string> = {};

/** Sets the clock to a Paris wall time and signs the agent in again (sessions follow the clock). */
async function at(local: string, name = 'Alice Analyst'): Promise<SignedInClient> {
  h.clock.set(paris(local));
  return h.signIn('agent', name);
}
async function report(key: string, local: string, patch: Record<string, unknown> = {}) {
  h.clock.set(paris(local));
  const res = await h.http().post('/api/tickets').send({ ...doubleCharge, customerEmail: `${key}@example.fr`, orderNumber: `SFX-${key}`, paymentTime: '2026-10-01T10:00:00+02:00', ...patch }).expect(201);
  ids[key] = res.body.id;
  refs[key] = res.body.reference;
  await waitFor(async () => (await h.ctx.db.repos.tickets.findById(res.body.id))?.triagedAt, 5000, 'triage');
}
const version = async (agent: SignedInClient, key: string) => (await agent.get(`/api/tickets/${ids[key]}`).expect(200)).body.version as number;
async function claim(agent: SignedInClient, key: string) {
  await agent.post(`/api/tickets/${ids[key]}/claim`, { version: await version(agent, key) }).expect(200);
}
async function replyAt(local: string, key: string, name?: string) {
  const agent = await at(local, name);
  await agent.post(`/api/tickets/${ids[key]}/replies`, { version: await version(agent, key), body: 'Bonjour, nous vérifions.' }).expect(201);
}
async function resolveAt(local: string, key: string, body: Record<string, unknown>, name?: string) {
  const agent = await at(local, name);
  await agent.post(`/api/tickets/${ids[key]}/resolve`, { version: await version(agent, key), ...body }).expect(200);
}

/**
 * Five tickets whose figures are worked out by hand below (Paris business hours 09:00–12:30
 * and 14:00–18:00, first response 450 business minutes, resolution 1350):
 *
 * B failed_payment, Fri 23 Oct 16:00 (summer time) → reply Mon 26 Oct 11:00 (winter time):
 *   120 + 120 = 240 min, met; resolved Tue 27 Oct 15:00: 120 + 450 + 270 = 840 min, met.
 * E double_charge, Mon 2 Nov 10:00 → reply Tue 3 Nov 11:00: 390 + 120 = 510 min, late by 60
 *   (due Tue 10:00); refunded Wed 4 Nov 10:00, reopened Thu 5 Nov 09:30, refunded again at
 *   10:00: 390 + 450 + 450 + 60 = 1350 min, met (a fresh target from the reopening).
 * A double_charge, Tue 10 Nov 17:00, Wednesday 11 November is a holiday → reply Thu 12 Nov
 *   10:00: 60 + 0 + 60 = 120 min, met; order confirmed at 11:00: 180 min, met.
 * C double_charge, Mon 16 Nov 09:00, never answered: due Mon 18:00, breached; at the report
 *   time (Tue 17 Nov 10:00) it is 450 + 60 = 510 min old: 1–2 business days; resolution
 *   still pending (its warning falls on Wed 12:00).
 * D refund_not_received, Tue 17 Nov 09:30, unassigned: 30 min old, 0–1 business day.
 */
beforeAll(async () => {
  h = await startHarness();
  await report('B', '2026-10-23T16:00', { type: 'failed_payment', debited: false });
  await claim(await at('2026-10-23T16:05', 'Bob Analyst'), 'B');
  await replyAt('2026-10-26T11:00', 'B', 'Bob Analyst');
  await resolveAt('2026-10-27T15:00', 'B', { outcome: 'no_anomaly_found' }, 'Bob Analyst');

  await report('E', '2026-11-02T10:00');
  await claim(await at('2026-11-02T10:05'), 'E');
  await replyAt('2026-11-03T11:00', 'E');
  await resolveAt('2026-11-04T10:00', 'E', { outcome: 'refunded', refundAmountCents: 5990 });
  const reopener = await at('2026-11-05T09:30');
  await reopener.post(`/api/tickets/${ids.E}/reopen`, { version: await version(reopener, 'E') }).expect(200);
  await resolveAt('2026-11-05T10:00', 'E', { outcome: 'refunded', refundAmountCents: 5990 });

  await report('A', '2026-11-10T17:00');
  await claim(await at('2026-11-10T17:05'), 'A');
  await replyAt('2026-11-12T10:00', 'A');
  await resolveAt('2026-11-12T11:00', 'A', { outcome: 'order_confirmed' });

  await report('C', '2026-11-16T09:00');
  await report('D', '2026-11-17T09:30', { type: 'refund_not_received', refundDate: '2026-11-01T10:00:00+01:00' });
  h.clock.set(paris('2026-11-17T10:00'));
  await runSlaWatch(h.ctx);
  await refreshRollups(h.ctx);
});
afterAll(async () => {
  await h?.close();
});

const range = { from: '2026-10-01', to: '2026-11-30' };

describe('SLA analytics, figures worked out by hand', () => {
  let manager: SignedInClient;
  beforeAll(async () => {
    manager = await h.signIn('manager', 'Marie Manager');
  });

  it('by type', async () => {
    const res = await manager.get('/api/analytics/sla').query({ ...range, groupBy: 'type' }).expect(200);
    const byKey = Object.fromEntries(res.body.groups.map((g: { key: string }) => [g.key, g]));
    expect(byKey.double_charge).toMatchObject({
      label: 'Débit en double',
      created: 3,
      resolved: 2,
      open: 1,
      reopenRate: 0.3333,
      firstResponse: { met: 1, breached: 2, pending: 0, atRisk: 0, compliance: 0.3333, medianMinutes: 120, p90Minutes: 510 },
      resolution: { met: 2, breached: 0, pending: 1, atRisk: 0, compliance: 1, medianMinutes: 180, p90Minutes: 1350 },
      backlog: { '0-1': 0, '1-2': 1, '2-3': 0, '3+': 0 },
      outcomes: { order_confirmed: 1, refunded: 1 },
    });
    expect(byKey.failed_payment).toMatchObject({
      created: 1,
      resolved: 1,
      firstResponse: { met: 1, medianMinutes: 240, p90Minutes: 240 },
      resolution: { met: 1, medianMinutes: 840 },
      outcomes: { no_anomaly_found: 1 },
    });
    expect(byKey.refund_not_received).toMatchObject({ created: 1, open: 1, firstResponse: { pending: 1, compliance: null, medianMinutes: null }, backlog: { '0-1': 1 } });
    expect(res.body.totals).toMatchObject({
      created: 5,
      resolved: 3,
      open: 2,
      firstResponse: { met: 2, breached: 2, pending: 1, compliance: 0.5, medianMinutes: 240, p90Minutes: 510 },
      resolution: { met: 3, breached: 0, pending: 2, medianMinutes: 840, p90Minutes: 1350 },
      backlog: { '0-1': 1, '1-2': 1, '2-3': 0, '3+': 0 },
    });
  });

  it('by agent and by day', async () => {
    const agents = (await manager.get('/api/analytics/sla').query({ ...range, groupBy: 'agent' }).expect(200)).body.groups;
    const byName = Object.fromEntries(agents.map((g: { label: string }) => [g.label, g]));
    expect(byName['Alice Analyst']).toMatchObject({ created: 2, resolved: 2, firstResponse: { met: 1, breached: 1 } });
    expect(byName['Bob Analyst']).toMatchObject({ created: 1, resolved: 1 });
    expect(byName['Non assigné']).toMatchObject({ created: 2, open: 2 });
    const days = (await manager.get('/api/analytics/sla').query({ ...range, groupBy: 'day' }).expect(200)).body.groups;
    expect(days.map((d: { key: string; created: number }) => `${d.key}:${d.created}`)).toEqual(['2026-10-23:1', '2026-11-02:1', '2026-11-10:1', '2026-11-16:1', '2026-11-17:1']);
  });

  it('lists breaches with how late they were, in business minutes', async () => {
    const res = await manager.get('/api/analytics/breaches').query(range).expect(200);
    const byRef = Object.fromEntries(res.body.items.map((b: { reference: string }) => [b.reference, b]));
    expect(Object.keys(byRef).sort()).toEqual([refs.C, refs.E].sort());
    expect(byRef[refs.E]).toMatchObject({ type: 'double_charge', assignee: 'Alice Analyst', firstResponseLateMinutes: 60, resolutionLateMinutes: null });
    expect(byRef[refs.C]).toMatchObject({ assignee: null, firstResponseLateMinutes: 60, resolutionLateMinutes: null });
  });

  it('gives the same figures from the daily roll-ups as from the tickets themselves', async () => {
    // Whole months (month rows), and a range cut mid-month (edge days from day rows).
    for (const period of [range, { from: '2026-10-20', to: '2026-11-16' }, { from: '2026-09-15', to: '2026-12-05' }]) {
      for (const groupBy of ['type', 'brand', 'agent', 'day']) {
        const [fromRollups, fromTickets] = await Promise.all(
          (['rollups', 'tickets'] as const).map(async (source) => (await manager.get('/api/analytics/sla').query({ ...period, groupBy, source }).expect(200)).body),
        );
        expect({ ...fromRollups, source: 'x', generatedAt: 'x' }).toEqual({ ...fromTickets, source: 'x', generatedAt: 'x' });
      }
    }
    // Shops are named by slug, as the breach list and ?brand= name them.
    const byBrand = (await manager.get('/api/analytics/sla').query({ ...range, groupBy: 'brand' }).expect(200)).body;
    expect(byBrand.groups.map((g: { key: string; label: string }) => [g.key, g.label])).toEqual([['sofimix', 'Sofimix']]);
    // A change to a ticket reaches the roll-ups on the next run.
    const agent = await at('2026-11-17T10:30');
    await agent.post(`/api/tickets/${ids.D}/replies`, { version: await version(agent, 'D'), body: 'Nous regardons.' }).expect(201);
    await refreshRollups(h.ctx);
    const after = (await manager.get('/api/analytics/sla').query({ ...range, groupBy: 'type' }).expect(200)).body;
    const direct = (await manager.get('/api/analytics/sla').query({ ...range, groupBy: 'type', source: 'tickets' }).expect(200)).body;
    expect(after.totals).toEqual(direct.totals);
    expect(after.totals.firstResponse).toMatchObject({ met: 3, pending: 0 });
  });

  it('exports CSV that a spreadsheet opens cleanly', async () => {
    const res = await manager.get('/api/analytics/sla').query({ ...range, groupBy: 'type', format: 'csv' }).buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    }).expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="guichet-sla-type-2026-10-01-2026-11-30.csv"/);
    const body = res.body as Buffer;
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = body.subarray(3).toString('utf8').trimEnd().split('\r\n');
    expect(lines[0].split(',').slice(0, 6)).toEqual(['type', 'label', 'created', 'resolved', 'open', 'reopen_rate']);
    expect(lines).toHaveLength(4);
    expect(lines.find((l) => l.startsWith('double_charge'))).toMatch(/^double_charge,Débit en double,3,2,1,0\.3333,1,2,0,0,0\.3333,120,510,/);
    expect(lines.find((l) => l.startsWith('cancellation_request'))).toBeUndefined();
    const breachesCsv = await manager.get('/api/analytics/breaches').query({ ...range, format: 'csv', lang: 'fr' }).expect(200);
    expect(breachesCsv.text.split('\r\n')[0]).toBe('\ufeffreference,type,brand,status,assignee,created_at,first_response_due_at,first_response_late_business_minutes,resolution_due_at,resolution_late_business_minutes');
  });

  it('refuses agents, customers and bad queries', async () => {
    const agent = await h.signIn('agent', 'Plain Agent');
    expect((await agent.get('/api/analytics/sla').query(range)).status).toBe(403);
    expect((await agent.get('/api/analytics/breaches').query(range)).status).toBe(403);
    expect((await request(h.url).get('/api/analytics/sla')).status).toBe(401);
    expect((await manager.get('/api/analytics/sla').query({ from: '2026-12-01', to: '2026-11-01' }).expect(400)).body.error.code).toBe('validation_failed');
    expect((await manager.get('/api/analytics/sla').query({ groupBy: 'moon' }).expect(400)).body.error.code).toBe('validation_failed');
    const admin = await h.signIn('admin', 'Ada Analyst');
    await admin.get('/api/analytics/sla').query(range).expect(200);
  });

  it('shows the BullMQ queues to admins only', async () => {
    const admin = await h.signIn('admin', 'Ada Analyst');
    const page = await admin.get('/admin/queues').set('Accept', 'text/html').expect(200);
    expect(page.text).toContain('Guichet queues');
    const queues = await admin.get('/admin/queues/api/queues').set('Accept', 'application/json').expect(200);
    expect(queues.body.queues.map((q: { name: string }) => q.name).sort()).toEqual(['alert-mail', 'mail', 'mailbox-fetch', 'payment-checks', 'refusal-mail', 'rollups', 'triage', 'webhook-delivery']);
    expect((await manager.get('/admin/queues/api/queues').set('Accept', 'application/json')).status).toBe(403);
    expect((await (await h.signIn('agent', 'Plain Agent')).get('/admin/queues').set('Accept', 'text/html')).status).toBe(403);
    const anonymous = await request(h.url).get('/admin/queues').set('Accept', 'text/html').expect(302);
    expect(anonymous.headers.location).toBe('/login?next=%2Fadmin%2Fqueues');
    expect((await request(h.url).get('/admin/queues/api/queues').set('Accept', 'application/json')).status).toBe(401);
  });
});
