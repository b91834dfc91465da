import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ParsedMail } from 'mailparser';
import request from 'supertest';
import { enqueueAlerts } from '../../core/alerts';
import type { Brand } from '../../db/entities/brand.entity';
import type { AlertKind } from '../../domain/alerts';
import { defaultBrand } from '../../domain/brand-presets';
import { alertMailQueue } from '../../queues';
import { runSlaWatch } from '../../workers/sla-watch.task';
import { doubleCharge, startHarness, type Harness, type SignedInClient } from '../support/harness';
import { waitFor } from '../support/wait';

let h: Harness;
let manager: SignedInClient;
let harmony: Brand;
beforeAll(async () => {
  h = await startHarness();
  manager = await h.signIn('manager', 'Alert Manager');
  harmony = {
    id: randomUUID(),
    slug: 'harmony-alerts',
    name: 'Harmony',
    isDefault: false,
    policy: { ...defaultBrand.policy, supportEmail: 'support@harmony.example', replyFrom: 'Harmony <support@harmony.example>' },
    createdAt: new Date(),
  };
  await h.ctx.db.repos.brands.insert(harmony);
});
afterAll(async () => {
  await h?.close();
});

type Receipt = { id: string; reference: string; accessToken: string };
let orders = 0;
async function report(patch: Record<string, unknown> = {}): Promise<Receipt> {
  const n = ++orders;
  const t = (await h.http().post('/api/tickets').send({ ...doubleCharge, customerEmail: `alerts${n}@example.fr`, orderNumber: `SFX-AL-${n}`, ...patch }).expect(201)).body as Receipt;
  await waitFor(async () => (await h.ctx.db.repos.tickets.findById(t.id))?.triagedAt, 5000, 'triage');
  return t;
}
async function assign(by: SignedInClient, t: Receipt, assignee: SignedInClient) {
  const { version } = (await by.get(`/api/tickets/${t.id}`).expect(200)).body;
  await by.post(`/api/tickets/${t.id}/assign`, { version, assigneeId: assignee.user.id }).expect(200);
}

/** The alerts a user received about a ticket (the customer's own mails go elsewhere). */
const alertsTo = (who: SignedInClient, t: Receipt) => h.smtp.messages.filter((m) => m.to && 'value' in m.to && m.to.value[0].address === who.user.email && m.subject?.includes(t.reference));
const alertTo = (who: SignedInClient, t: Receipt, subject: RegExp) =>
  waitFor(() => alertsTo(who, t).find((m) => subject.test(m.subject ?? '')), 10_000, `alert ${subject} to ${who.user.name} on ${t.reference}`);
/** The outbox row an alert would have: none means nobody decided to send it. */
async function alertJob(who: SignedInClient, kind: AlertKind, t: Receipt, eventType: string) {
  const event = await h.ctx.db.repos.events.lastOfType(t.id, eventType);
  return event && h.ctx.db.repos.outbox.findByJobId(alertMailQueue.jobId({ userId: who.user.id, kind, ticketId: t.id, eventId: event.id }));
}
/** Long enough for a duplicate to show up: several outbox sweeps and SLA watch runs. */
const settle = () => sleep(1500);

describe('when a ticket is assigned to an agent', () => {
  it('e-mails them once, in French by default, with the ticket and a link to it, as an automatic message', async () => {
    const agent = await h.signIn('agent', 'Alert Agent');
    const t = await report();
    await assign(manager, t, agent);
    const mail = await alertTo(agent, t, /Demande assignée/);
    expect(mail.subject).toBe(`[${t.reference}] Demande assignée : Débit en double – Marie Curie`);
    expect(mail.text).toContain('Bonjour Alert Agent,');
    expect(mail.text).toContain('Client : Marie Curie');
    expect(mail.text).toContain('Échéance (première réponse) :');
    expect(mail.text).toContain(`https://support.example.test/agent/tickets/${t.id}`);
    expect(mail.html).toContain(`href="https://support.example.test/agent/tickets/${t.id}"`);
    expect(mail.headers.get('auto-submitted')).toBe('auto-generated');
    expect(mail.headers.get('content-language')).toBe('fr');
    expect(mail.headers.get('x-guichet-ticket')).toBeUndefined();
    expect(mail.replyTo?.value[0].address).toBe('no-reply@support.example.test');
    for (const part of [mail.text!, mail.html as string]) expect(part).not.toContain('4242');
    await settle();
    expect(alertsTo(agent, t)).toHaveLength(1);
  });

  it('writes in English to an agent whose language is English', async () => {
    const agent = await h.signIn('agent', 'Alert Agent En');
    expect((await agent.put('/api/me/alerts', { language: 'en' }).expect(200)).body.language).toBe('en');
    const t = await report();
    await assign(manager, t, agent);
    const mail = await alertTo(agent, t, /Ticket assigned/);
    expect(mail.subject).toBe(`[${t.reference}] Ticket assigned: Charged twice – Marie Curie`);
    expect(mail.text).toContain('Hello Alert Agent En,');
    expect(mail.text).not.toMatch(/ :|Bonjour|Demande/);
    expect(mail.headers.get('content-language')).toBe('en');
  });

  it('e-mails nobody when the agent takes the ticket themselves', async () => {
    const agent = await h.signIn('agent', 'Self Agent');
    const t = await report();
    await assign(agent, t, agent);
    expect(await h.ctx.db.repos.events.lastOfType(t.id, 'assigned')).not.toBeNull();
    expect(await alertJob(agent, 'assigned', t, 'assigned')).toBeNull();
    await settle();
    expect(alertsTo(agent, t)).toEqual([]);
  });

  it('stops once the agent turns assignment alerts off in their profile', async () => {
    const agent = await h.signIn('agent', 'Quiet Agent');
    const before = (await agent.get('/api/me/alerts').expect(200)).body;
    expect(before).toMatchObject({ language: 'fr', preferences: { assigned: true, customer_reply: true, sla_warning: true, sla_breach: true }, watchedBrandIds: null, watchesBrands: false });
    expect(before.brands.map((b: { slug: string }) => b.slug)).toContain('harmony-alerts');
    const after = (await agent.put('/api/me/alerts', { preferences: { assigned: false } }).expect(200)).body;
    expect(after.preferences).toEqual({ assigned: false, customer_reply: true, sla_warning: true, sla_breach: true });
    // Another change leaves the kinds it does not name as they were.
    expect((await agent.put('/api/me/alerts', { preferences: { sla_warning: true } }).expect(200)).body.preferences.assigned).toBe(false);
    expect((await agent.get('/api/me/alerts').expect(200)).body.preferences.assigned).toBe(false);

    const t = await report();
    await assign(manager, t, agent);
    expect(await alertJob(agent, 'assigned', t, 'assigned')).toBeNull();
    await settle();
    expect(alertsTo(agent, t)).toEqual([]);
  });

  it('sends nothing for an alert decided before the user turned it off', async () => {
    const agent = await h.signIn('agent', 'Late Quiet Agent');
    const t = await report();
    await assign(manager, t, agent);
    await alertTo(agent, t, /Demande assignée/);
    await agent.put('/api/me/alerts', { preferences: { customer_reply: false } }).expect(200);
    // Recorded as if decided just before the change: the job reads the preference again.
    const event = (await h.ctx.db.repos.events.lastOfType(t.id, 'assigned'))!;
    const job = alertMailQueue.job({ userId: agent.user.id, kind: 'customer_reply', ticketId: t.id, eventId: event.id });
    await h.ctx.db.transaction((repos) => repos.outbox.addOnce(job));
    await h.ctx.dispatcher.dispatch([job]);
    await waitFor(async () => (await h.ctx.db.repos.outbox.findByJobId(job.jobId))?.processedAt, 10_000, 'the job done');
    await settle();
    expect(alertsTo(agent, t)).toHaveLength(1);
  });
});

describe('the profile API', () => {
  it('is for signed-in staff only, and refuses what it does not know', async () => {
    expect((await request(h.url).get('/api/me/alerts')).status).toBe(401);
    const agent = await h.signIn('agent', 'Alert Agent');
    const unknownKind = await agent.put('/api/me/alerts', { preferences: { everything: false } }).expect(400);
    expect(unknownKind.body.error.code).toBe('validation_failed');
    const extra = await agent.put('/api/me/alerts', { role: 'admin' }).expect(400);
    expect(extra.body.error.code).toBe('validation_failed');
    expect((await agent.put('/api/me/alerts', { preferences: { assigned: 'no' } }).expect(400)).body.error.details[0].field).toBe('preferences.assigned');
    const unknownShop = await agent.put('/api/me/alerts', { watchedBrandIds: [harmony.id, randomUUID()] }).expect(400);
    expect(unknownShop.body.error.details).toEqual([{ field: 'watchedBrandIds.1', code: 'unknown_brand', message: 'no shop with this id' }]);
    expect((await agent.put('/api/me/alerts', { language: 'de' }).expect(400)).body.error.code).toBe('validation_failed');
    expect((await agent.get('/api/me/alerts').expect(200)).body.watchedBrandIds).toBeNull();
    // Nothing to change: the settings as they are.
    expect((await agent.put('/api/me/alerts', {}).expect(200)).body.preferences).toEqual({ assigned: true, customer_reply: true, sla_warning: true, sla_breach: true });
  });
});

describe('SLA warnings and breaches', () => {
  it('e-mail the assignee once each, however often the watch runs', async () => {
    const agent = await h.signIn('agent', 'Sla Agent');
    const t = await report();
    await assign(manager, t, agent);
    await alertTo(agent, t, /Demande assignée/);
    const row = (await h.ctx.db.repos.tickets.findById(t.id))!;
    try {
      h.clock.set(row.firstResponseWarnAt);
      await runSlaWatch(h.ctx);
      await runSlaWatch(h.ctx);
      const warning = await alertTo(agent, t, /Échéance proche/);
      expect(warning.text).toContain('L’échéance de première réponse d’une demande approche.');
      h.clock.set(row.firstResponseDueAt);
      await runSlaWatch(h.ctx);
      await runSlaWatch(h.ctx);
      const breach = await alertTo(agent, t, /Échéance dépassée/);
      expect(breach.text).toContain('L’échéance de première réponse d’une demande est dépassée.');
      await settle();
    } finally {
      h.clock.real();
    }
    expect(alertsTo(agent, t).map((m) => m.subject!.replace(/ :.*/, ''))).toEqual([`[${t.reference}] Demande assignée`, `[${t.reference}] Échéance proche`, `[${t.reference}] Échéance dépassée`]);
    // The managers are told only about tickets nobody holds.
    expect(alertsTo(manager, t)).toEqual([]);
  });

  it('on a ticket nobody holds, e-mail the managers watching its shop, and only them', async () => {
    const shopBManager = await h.signIn('manager', 'Harmony Manager');
    const limited = await shopBManager.get('/api/me/alerts').expect(200);
    expect(limited.body.watchesBrands).toBe(true);
    await shopBManager.put('/api/me/alerts', { watchedBrandIds: [harmony.id] }).expect(200);
    const agent = await h.signIn('agent', 'Alert Agent');
    const sofimix = await report();
    const harmonyTicket = await report({ brand: 'harmony-alerts', orderNumber: 'H-AL-1' });
    const row = (await h.ctx.db.repos.tickets.findById(sofimix.id))!;
    try {
      h.clock.set(new Date(Math.max(row.firstResponseWarnAt.getTime(), (await h.ctx.db.repos.tickets.findById(harmonyTicket.id))!.firstResponseWarnAt.getTime())));
      await runSlaWatch(h.ctx);
      await runSlaWatch(h.ctx);
      const mail = await alertTo(manager, sofimix, /Échéance proche/);
      expect(mail.text).toContain('Personne n’a cette demande');
      expect(mail.text).toContain('Boutique : Sofimix');
      await alertTo(manager, harmonyTicket, /Échéance proche/);
      await alertTo(shopBManager, harmonyTicket, /Échéance proche/);
      expect(await alertJob(shopBManager, 'sla_warning', sofimix, 'sla_warning')).toBeNull();
      await settle();
    } finally {
      h.clock.real();
    }
    expect(alertsTo(shopBManager, sofimix)).toEqual([]);
    expect(alertsTo(manager, sofimix)).toHaveLength(1);
    expect(alertsTo(agent, sofimix)).toEqual([]);
  });
});

describe('when the customer adds a message on their status page', () => {
  it('e-mails the agent who holds the ticket', async () => {
    const agent = await h.signIn('agent', 'Reply Agent');
    const t = await report();
    await assign(manager, t, agent);
    await alertTo(agent, t, /Demande assignée/);
    await h.http().post(`/api/tickets/${t.reference}/evidence`).set('Authorization', `Bearer ${t.accessToken}`).send({ message: 'Voici mon relevé, les deux débits y sont.' }).expect(200);
    const mail = await alertTo(agent, t, /Nouveau message du client/);
    expect(mail.text).toContain('Le client a ajouté un message ou des pièces à une demande.');
    await settle();
    expect(alertsTo(agent, t)).toHaveLength(2);
  });
});

describe('the same alert decided twice', () => {
  it('is sent once', async () => {
    const agent = await h.signIn('agent', 'Twice Agent');
    const t = await report();
    await assign(agent, t, agent); // no alert: they took it
    const ticket = (await h.ctx.db.repos.tickets.findById(t.id))!;
    const event = (await h.ctx.db.repos.events.lastOfType(t.id, 'assigned'))!;
    const decide = () => h.ctx.db.transaction((repos) => enqueueAlerts(repos, { kind: 'customer_reply', ticket, eventId: event.id, actorId: null }));
    const [first, second] = await Promise.all([decide(), decide()]);
    expect(first.map((j) => j.jobId)).toEqual([`alert-${agent.user.id}-customer_reply-${t.id}-${event.id}`]);
    await h.ctx.dispatcher.dispatch([...first, ...second]);
    await alertTo(agent, t, /Nouveau message du client/);
    await waitFor(async () => (await h.ctx.db.repos.outbox.findByJobId(first[0].jobId))?.processedAt, 5000, 'processed');
    // Handed to BullMQ again once the first job is gone from Redis: the outbox row says it was done.
    await (await h.ctx.dispatcher.queue(alertMailQueue.name).getJob(first[0].jobId))?.remove();
    await h.ctx.db.transaction((repos) => enqueueAlerts(repos, { kind: 'customer_reply', ticket, eventId: event.id, actorId: null }));
    await h.ctx.dispatcher.dispatch(first);
    await settle();
    expect(alertsTo(agent, t)).toHaveLength(1);
  });
});
