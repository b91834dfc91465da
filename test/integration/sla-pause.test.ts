import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import request from 'supertest';
import type { Brand } from '../../db/entities/brand.entity';
import { defaultBrand } from '../../domain/brand-presets';
import { runSlaWatch } from '../../workers/sla-watch.task';
import { PNG_BYTES, startHarness, type Harness, type SignedInClient } from '../support/harness';
import { waitFor } from '../support/wait';

/*
 * Issue 15: the resolution clock paused while the customer is awaited (when the shop says
 * so), and priorities by the shop's rules at triage or by an agent, through HTTP.
 */

let h: Harness;
let agent: SignedInClient;
const paris = (local: string) => DateTime.fromISO(local, { zone: 'Europe/Paris' }).toJSDate();
const iso = (local: string) => paris(local).toISOString();
/** The clock moved to a Paris time, the agent signed in again (sessions lapse as days pass). */
async function clockAt(local: string) {
  h.clock.set(paris(local));
  agent = await h.signIn('agent', 'Pause Agent');
}

function brand(slug: string, sla: Partial<Brand['policy']['sla']>, priorityRules: Brand['policy']['priorityRules'] = []): Brand {
  return {
    id: randomUUID(),
    slug,
    name: slug,
    isDefault: false,
    policy: { ...defaultBrand.policy, sla: { ...defaultBrand.policy.sla, ...sla }, priorityRules, supportEmail: `support@${slug}.example`, replyFrom: `${slug} <support@${slug}.example>` },
    createdAt: new Date(),
  };
}

beforeAll(async () => {
  h = await startHarness();
  await h.ctx.db.repos.brands.insert(
    brand('pause-on', {
      pauseWhileAwaitingCustomer: true,
      byPriority: { high: { firstResponseMinutes: 225, resolutionMinutes: 900 }, urgent: { firstResponseMinutes: 60, resolutionMinutes: 450 } },
    }, [{ when: 'amount_at_least', amountCents: 50_000, priority: 'high' }]),
  );
  await h.ctx.db.repos.brands.insert(brand('pause-off', {}));
  await h.ctx.db.repos.brands.insert(brand('dispute-first', { byPriority: { urgent: { firstResponseMinutes: 60, resolutionMinutes: 450 } } }, [{ when: 'open_dispute', priority: 'urgent' }]));
});
afterAll(async () => {
  h?.clock.real();
  await h?.close();
});

type Receipt = { id: string; reference: string; accessToken: string };
let orders = 0;
/** A refund that never came: nothing more is required, so triage leaves it `triaged`. */
async function report(brandSlug: string, patch: Record<string, unknown> = {}): Promise<Receipt> {
  const n = ++orders;
  const t = (
    await h
      .http()
      .post('/api/tickets')
      .send({ brand: brandSlug, type: 'refund_not_received', customerName: 'Rosa Bonheur', customerEmail: `pause${n}@example.fr`, orderNumber: `SFX-P-${n}`, refundDate: '2026-11-02T10:00:00+01:00', amount: '59.90', cardType: 'visa', ...patch })
      .expect(201)
  ).body as Receipt;
  await waitFor(async () => (await h.ctx.db.repos.tickets.findById(t.id))?.triagedAt, 10_000, 'triage');
  return t;
}
const detail = async (id: string) => (await agent.get(`/api/tickets/${id}`).expect(200)).body;
const eventsOf = async (id: string, types: string[]) => (await h.ctx.db.repos.events.list(id)).filter((e) => types.includes(e.type));

describe('a shop that pauses the clock while it awaits the customer', () => {
  it('pauses on an information request, warns of nothing past the old deadline, and resumes with the minutes left when the customer answers', async () => {
    await clockAt('2026-11-23T09:00'); // Monday
    const t = await report('pause-on');
    let d = await detail(t.id);
    expect(d).toMatchObject({ status: 'triaged', priority: 'normal', slaPausedAt: null, resolutionDueAt: iso('2026-11-25T18:00') });

    await clockAt('2026-11-24T10:00'); // Tuesday: 390 + 450 business minutes left
    await agent.post(`/api/tickets/${t.id}/information-requests`, { version: d.version, items: ['proof'] }).expect(201);
    d = await detail(t.id);
    expect(d).toMatchObject({ status: 'awaiting_customer', slaPausedAt: iso('2026-11-24T10:00'), resolutionMinutesLeft: 840 });
    expect(d.timeline.find((e: { type: string }) => e.type === 'sla_paused').data).toEqual({ minutesLeft: 840, dueAt: iso('2026-11-25T18:00') });
    let row = (await h.ctx.db.repos.tickets.findById(t.id))!;
    expect(row.slaNextCheckAt).toBeNull();

    await clockAt('2026-11-26T10:00'); // Thursday, past the old deadline
    const signals = await runSlaWatch(h.ctx);
    expect(signals.filter((s) => s.target === 'resolution')).toEqual([]);
    row = (await h.ctx.db.repos.tickets.findById(t.id))!;
    expect(row).toMatchObject({ resolutionWarnedAt: null, resolutionBreachedAt: null });
    expect((await detail(t.id)).slaState).toBe('ok');

    await clockAt('2026-11-27T09:00'); // Friday: the customer answers
    await request(h.url).post(`/api/tickets/${t.reference}/evidence`).set('Authorization', `Bearer ${t.accessToken}`).send({ message: 'Here is my statement.' }).expect(200);
    d = await detail(t.id);
    // 840 minutes from Friday 09:00: Friday 450, Monday 390.
    expect(d).toMatchObject({ status: 'in_progress', slaPausedAt: null, resolutionMinutesLeft: null, resolutionDueAt: iso('2026-11-30T17:00') });
    expect((await eventsOf(t.id, ['sla_resumed']))[0].data).toEqual({ minutesLeft: 840, dueAt: iso('2026-11-30T17:00'), pausedMinutes: 390 + 450 + 450 });
    row = (await h.ctx.db.repos.tickets.findById(t.id))!;
    expect(row.slaNextCheckAt).toEqual(row.resolutionWarnAt);

    // The report counts the business time worked: a week less the paused span.
    await clockAt('2026-11-30T10:00');
    await agent.post(`/api/tickets/${t.id}/resolve`, { version: d.version, outcome: 'no_anomaly_found' }).expect(200);
    expect((await detail(t.id)).resolutionBusinessMinutes).toBe(5 * 450 + 60 - (390 + 450 + 450));
  });

  it('pauses when an agent sets the status and resumes when an agent moves it back', async () => {
    await clockAt('2026-11-23T09:00');
    const t = await report('pause-on');
    let d = await detail(t.id);
    await clockAt('2026-11-23T14:00');
    d = (await agent.post(`/api/tickets/${t.id}/status`, { version: d.version, status: 'awaiting_customer' }).expect(200)).body;
    expect(d).toMatchObject({ slaPausedAt: iso('2026-11-23T14:00'), resolutionMinutesLeft: 240 + 900 });
    await clockAt('2026-11-24T14:00');
    d = (await agent.post(`/api/tickets/${t.id}/status`, { version: d.version, status: 'in_progress' }).expect(200)).body;
    // Paused for one business day: the deadline a day later.
    expect(d).toMatchObject({ slaPausedAt: null, resolutionDueAt: iso('2026-11-26T18:00') });
    expect((await eventsOf(t.id, ['sla_paused', 'sla_resumed'])).map((e) => e.type)).toEqual(['sla_paused', 'sla_resumed']);
  });

  it('pauses at triage when the report lacks evidence, and resumes when the customer sends it', async () => {
    await clockAt('2026-11-23T10:00');
    const t = await report('pause-on', { type: 'double_charge', paymentTime: '2026-11-20T10:00:00+01:00', cardLast4: '4242' });
    let d = await detail(t.id);
    expect(d).toMatchObject({ status: 'awaiting_customer', checklist: { missing: ['proof'] }, slaPausedAt: iso('2026-11-23T10:00'), resolutionMinutesLeft: 1350, resolutionDueAt: iso('2026-11-26T10:00') });
    await clockAt('2026-11-24T10:00');
    await request(h.url).post(`/api/tickets/${t.reference}/evidence`).set('Authorization', `Bearer ${t.accessToken}`).attach('evidence', PNG_BYTES, { filename: 'statement.png', contentType: 'image/png' }).expect(200);
    d = await detail(t.id);
    // Paused one business day: the deadline a day later than Thursday 10:00.
    expect(d).toMatchObject({ status: 'in_progress', slaPausedAt: null, resolutionDueAt: iso('2026-11-27T10:00') });
  });
});

describe('a shop that keeps the clock running (the default)', () => {
  it('neither pauses nor moves the deadline, and the SLA watch signals the breach', async () => {
    await clockAt('2026-11-23T09:00');
    const t = await report('pause-off');
    let d = await detail(t.id);
    await clockAt('2026-11-24T10:00');
    await agent.post(`/api/tickets/${t.id}/information-requests`, { version: d.version, items: ['proof'] }).expect(201);
    d = await detail(t.id);
    expect(d).toMatchObject({ status: 'awaiting_customer', slaPausedAt: null, resolutionDueAt: iso('2026-11-25T18:00') });
    await clockAt('2026-11-26T10:00');
    await runSlaWatch(h.ctx); // (the workers' own watch may have got there first)
    expect((await h.ctx.db.repos.tickets.findById(t.id))!.resolutionBreachedAt).toEqual(paris('2026-11-26T10:00'));
    expect((await eventsOf(t.id, ['sla_breached'])).map((e) => e.data.target)).toContain('resolution');
    expect(await eventsOf(t.id, ['sla_paused', 'sla_resumed'])).toEqual([]);
  });
});

describe('priorities', () => {
  it('are set by the shop rules at triage, with their targets', async () => {
    await clockAt('2026-11-23T09:00');
    const t = await report('pause-on', { amount: '600.00' });
    const d = await detail(t.id);
    // High: 225 and 900 business minutes from the report.
    expect(d).toMatchObject({ priority: 'high', firstResponseDueAt: iso('2026-11-23T14:15'), resolutionDueAt: iso('2026-11-24T18:00') });
    const changed = (await eventsOf(t.id, ['priority_changed']))[0];
    expect(changed).toMatchObject({ actor: 'system', data: { from: 'normal', to: 'high', by: 'rule', resolutionDueAt: iso('2026-11-24T18:00') } });
    const queued = (await agent.get('/api/tickets').query({ q: t.reference }).expect(200)).body.items;
    expect(queued.find((r: { id: string }) => r.id === t.id)).toMatchObject({ priority: 'high', nextDueAt: iso('2026-11-23T14:15') });
  });

  it('are changed by an agent against the version seen, each change an event, the deadlines moved', async () => {
    await clockAt('2026-11-23T09:00');
    const t = await report('pause-on');
    const before = await detail(t.id);
    await clockAt('2026-11-23T09:30');
    const urgent = (await agent.post(`/api/tickets/${t.id}/priority`, { version: before.version, priority: 'urgent' }).expect(200)).body;
    expect(urgent).toMatchObject({ priority: 'urgent', firstResponseDueAt: iso('2026-11-23T10:00'), resolutionDueAt: iso('2026-11-23T18:00'), nextDueAt: iso('2026-11-23T10:00') });
    const stale = await agent.post(`/api/tickets/${t.id}/priority`, { version: before.version, priority: 'low' }).expect(409);
    expect(stale.body.error.code).toBeDefined();
    await agent.post(`/api/tickets/${t.id}/priority`, { version: urgent.version, priority: 'bogus' }).expect(400);
    const normal = (await agent.post(`/api/tickets/${t.id}/priority`, { version: urgent.version, priority: 'normal' }).expect(200)).body;
    expect(normal).toMatchObject({ priority: 'normal', firstResponseDueAt: before.firstResponseDueAt, resolutionDueAt: before.resolutionDueAt });
    const events = await eventsOf(t.id, ['priority_changed']);
    expect(events.map((e) => ({ actor: e.actor, ...e.data }))).toEqual([
      expect.objectContaining({ actor: `agent:${agent.user.id}`, from: 'normal', to: 'urgent', by: 'agent' }),
      expect.objectContaining({ actor: `agent:${agent.user.id}`, from: 'urgent', to: 'normal', by: 'agent' }),
    ]);
    // The same priority again: nothing written.
    await agent.post(`/api/tickets/${t.id}/priority`, { version: normal.version, priority: 'normal' }).expect(200);
    expect(await eventsOf(t.id, ['priority_changed'])).toHaveLength(2);
  });

  it('are raised when a payment check finds an open chargeback', async () => {
    await clockAt('2026-11-23T09:00');
    const t = await report('dispute-first', { type: 'double_charge', paymentTime: '2026-11-18T10:00:00+01:00', amount: '49.90', cardLast4: '4242', orderNumber: 'SFX-DSP-1' });
    expect((await detail(t.id)).priority).toBe('normal');
    const brandId = (await h.ctx.db.repos.tickets.findById(t.id))!.brandId;
    const at = new Date('2026-11-18T09:00:00Z');
    await h.ctx.db.repos.payments.upsertMany(
      brandId,
      [
        { provider: 'stripe', providerId: 'ch_dsp_1', kind: 'charge', status: 'succeeded', amountCents: 4990, currency: 'EUR', occurredAt: at, captured: true, cardBrand: 'visa', cardLast4: '4242', orderReference: 'SFX-DSP-1' },
        { provider: 'stripe', providerId: 'dp_dsp_1', kind: 'dispute', status: 'needs_response', amountCents: 4990, currency: 'EUR', occurredAt: new Date(at.getTime() + 86_400_000), chargeId: 'ch_dsp_1', dueBy: new Date('2026-12-10T00:00:00Z') },
      ],
      new Date(),
    );
    await clockAt('2026-11-23T09:30');
    expect((await agent.post(`/api/tickets/${t.id}/payment-check`).expect(200)).body).toMatchObject({ verdict: 'disputed', recorded: true });
    const d = await detail(t.id);
    expect(d).toMatchObject({ priority: 'urgent', firstResponseDueAt: iso('2026-11-23T10:00'), resolutionDueAt: iso('2026-11-23T18:00'), disputeDueAt: '2026-12-10T00:00:00.000Z' });
    expect((await eventsOf(t.id, ['priority_changed'])).map((e) => e.data)).toEqual([expect.objectContaining({ from: 'normal', to: 'urgent', by: 'rule' })]);
    // A second check finds the same: nothing more.
    await agent.post(`/api/tickets/${t.id}/payment-check`).expect(200);
    expect(await eventsOf(t.id, ['priority_changed'])).toHaveLength(1);
  });

  it('a reopened ticket gets a whole resolution target for its priority', async () => {
    await clockAt('2026-11-23T09:00');
    const t = await report('pause-on');
    let d = await detail(t.id);
    d = (await agent.post(`/api/tickets/${t.id}/priority`, { version: d.version, priority: 'urgent' }).expect(200)).body;
    d = (await agent.post(`/api/tickets/${t.id}/resolve`, { version: d.version, outcome: 'no_anomaly_found' }).expect(200)).body;
    await clockAt('2026-11-27T17:00'); // Friday, an hour before closing
    d = (await agent.post(`/api/tickets/${t.id}/reopen`, { version: d.version }).expect(200)).body;
    // Urgent: 450 minutes from the reopening, Friday 60 and Monday 390.
    expect(d).toMatchObject({ status: 'in_progress', priority: 'urgent', resolutionDueAt: iso('2026-11-30T17:00') });
  });
});
