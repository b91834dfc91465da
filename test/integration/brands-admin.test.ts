import IORedis from 'ioredis';
import request from 'supertest';
import { cachedBrand } from '../../core/brands';
import { brandsChangedChannel } from '../../core/notifier';
import { brandPresets, sofimixPreset } from '../../domain/brand-presets';
import { BusinessCalendar } from '../../domain/business-calendar';
import { slaDeadlines } from '../../domain/sla';
import { runOwedRecomputes, recomputeOpenDeadlines, RECOMPUTE_GRACE_MS } from '../../core/deadline-recompute';
import { REDIS_URL, startHarness, doubleCharge, type Harness, type SignedInClient } from '../support/harness';

let h: Harness;
let admin: SignedInClient;
let agent: SignedInClient;
let manager: SignedInClient;
beforeAll(async () => {
  h = await startHarness({ workers: false });
  admin = await h.signIn('admin', 'Brands Admin');
  agent = await h.signIn('agent', 'Brands Agent');
  manager = await h.signIn('manager', 'Brands Manager');
});
afterAll(async () => {
  await h?.close();
});

const policy = sofimixPreset.policy;
const eventsOf = async (slug: string) => (await admin.get(`/api/brands/${slug}/events`).expect(200)).body.items as Array<{ id: number; type: string; actorId: string; changes: Array<{ path: string; before: unknown; after: unknown }>; createdAt: string }>;
const rowOf = async (slug: string) => (await h.ctx.db.repos.brands.findBySlug(slug))!;

describe('an admin creates a shop from a preset', () => {
  it('lists the four seed shops as presets, each a whole policy', async () => {
    const res = await admin.get('/api/brands/presets').expect(200);
    expect(res.body.items.map((p: { name: string }) => p.name)).toEqual(['Sofimix', 'OFFTEK', 'Harmony', 'OM Digital Solutions']);
    expect(res.body.items[2]).toEqual({ slug: 'harmony', name: 'Harmony', source: '003_0a42d90602c9be84', policy: JSON.parse(JSON.stringify(brandPresets[2].policy)) });
  });

  it('201 with the view, the row stored, a `created` event by the admin', async () => {
    const harmony = brandPresets[2];
    const res = await admin.post('/api/brands', { slug: 'harmony-us', name: 'Harmony US', policy: harmony.policy }).expect(201);
    expect(res.headers.location).toBe('/api/brands/harmony-us');
    expect(res.body).toEqual({ slug: 'harmony-us', name: 'Harmony US', isDefault: false, policy: JSON.parse(JSON.stringify({ ...harmony.policy })), updatedAt: expect.any(String) });
    expect((await admin.get('/api/brands/harmony-us').expect(200)).body).toEqual(res.body);
    expect((await rowOf('harmony-us')).policy).toEqual(harmony.policy);
    const [created] = await eventsOf('harmony-us');
    expect(created).toMatchObject({ type: 'created', actorId: admin.user.id, actorName: 'Brands Admin' });
    expect(created.changes.map((c) => c.path)).toEqual(['slug', 'name', 'policy']);
    // Agents see it in the list at once; the form can file to it.
    expect((await agent.get('/api/brands').expect(200)).body.items.map((b: { slug: string }) => b.slug)).toContain('harmony-us');
    expect((await h.http().get('/api/brands/current?brand=harmony-us').expect(200)).body).toMatchObject({ name: 'Harmony US', timeZone: 'America/Los_Angeles', acceptedCardTypes: ['visa', 'mastercard', 'paypal', 'webmoney'] });
  });

  it('a slug already taken answers 409 slug_taken, and nothing changes', async () => {
    const before = await rowOf('harmony-us');
    const res = await admin.post('/api/brands', { slug: 'harmony-us', name: 'Another', policy }).expect(409);
    expect(res.body.error.code).toBe('slug_taken');
    expect(await rowOf('harmony-us')).toEqual(before);
    expect(await eventsOf('harmony-us')).toHaveLength(1);
  });

  it.each([
    ['a slug with capitals', { slug: 'Bad Slug', name: 'X', policy }, 'slug'],
    ['a slug of one character', { slug: 'a', name: 'X', policy }, 'slug'],
    ['a reserved slug', { slug: 'presets', name: 'X', policy }, 'slug'],
    ['an empty name', { slug: 'empty-name', name: '  ', policy }, 'name'],
    ['a name too long', { slug: 'long-name', name: 'n'.repeat(121), policy }, 'name'],
    ['a policy that is not an object', { slug: 'not-object', name: 'X', policy: 'visa' }, 'policy'],
    ['an unknown field', { slug: 'unknown-field', name: 'X', policy, isDefault: true }, 'isDefault'],
  ])('%s answers 400 validation_failed naming the field, and creates nothing', async (_what, body, field) => {
    const res = await admin.post('/api/brands', body).expect(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.details.map((d: { field: string }) => d.field)).toContain(field);
    if (typeof body.slug === 'string' && /^[a-z-]+$/.test(body.slug)) expect(await h.ctx.db.repos.brands.findBySlug(body.slug)).toBeNull();
  });

  it('a policy that breaks the schema answers 422 invalid_policy with each field’s path, and creates nothing', async () => {
    const bad = { ...policy, sla: { ...policy.sla, resolutionMinutes: -5 }, calendar: { ...policy.calendar, timeZone: 'Mars/Olympus' }, acceptedCardTypes: ['amex'] };
    const res = await admin.post('/api/brands', { slug: 'broken-shop', name: 'Broken', policy: bad }).expect(422);
    expect(res.body.error.code).toBe('invalid_policy');
    const fields = res.body.error.details.map((d: { field: string }) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['policy.sla.resolutionMinutes', 'policy.calendar.timeZone', 'policy.acceptedCardTypes.0']));
    expect(res.body.error.details[0]).toEqual({ field: expect.any(String), code: expect.any(String), message: expect.any(String) });
    expect(await h.ctx.db.repos.brands.findBySlug('broken-shop')).toBeNull();
    expect((await admin.get('/api/brands/broken-shop').expect(404)).body.error.code).toBe('not_found');
  });

  it('agents and managers get 403, the public 401, on every admin route', async () => {
    for (const client of [agent, manager]) {
      expect((await client.get('/api/brands/presets')).status).toBe(403);
      expect((await client.get('/api/brands/sofimix')).status).toBe(403);
      expect((await client.get('/api/brands/sofimix/events')).status).toBe(403);
      expect((await client.post('/api/brands', { slug: 'agent-shop', name: 'Agent', policy })).status).toBe(403);
      expect((await client.patch('/api/brands/sofimix', { name: 'Hijacked' })).status).toBe(403);
    }
    expect((await h.http().get('/api/brands/sofimix')).status).toBe(401);
    expect((await h.http().get('/api/brands/presets')).status).toBe(401);
    expect(await h.ctx.db.repos.brands.findBySlug('agent-shop')).toBeNull();
    expect((await rowOf('sofimix')).name).toBe('Sofimix');
  });
});

describe('an admin changes a shop’s calendar and targets', () => {
  const slug = 'recompute-shop';
  const ids: Record<string, string> = {};
  const paris = (local: string) => new Date(`${local}:00+01:00`);

  beforeAll(async () => {
    await admin.post('/api/brands', { slug, name: 'Recompute Shop', policy }).expect(201);
    const file = async (at: string, email: string) => {
      h.clock.set(paris(at));
      return (await h.http().post('/api/tickets').send({ ...doubleCharge, paymentTime: '2026-11-19T14:32:00+01:00', brand: slug, customerEmail: email, orderNumber: `RC-${email.length}${at.slice(-5)}` }).expect(201)).body.id as string;
    };
    ids.fresh = await file('2026-11-23T10:00', 'fresh@example.fr');
    ids.answered = await file('2026-11-23T11:00', 'answered@example.fr');
    ids.late = await file('2026-11-20T10:00', 'late@example.fr');
    ids.closed = await file('2026-11-23T10:30', 'closed@example.fr');
    ids.otherShop = (await h.http().post('/api/tickets').send({ ...doubleCharge, customerEmail: 'other@example.fr', orderNumber: 'RC-OTHER' }).expect(201)).body.id;
    const repos = h.ctx.db.repos;
    const answered = (await repos.tickets.findById(ids.answered))!;
    await repos.tickets.update(answered, { status: 'in_progress', firstRespondedAt: paris('2026-11-23T11:30') });
    const late = (await repos.tickets.findById(ids.late))!;
    await repos.tickets.update(late, { firstResponseWarnedAt: late.firstResponseWarnAt, firstResponseBreachedAt: late.firstResponseDueAt });
    const closed = (await repos.tickets.findById(ids.closed))!;
    await repos.tickets.update(closed, { status: 'closed', firstRespondedAt: paris('2026-11-23T10:40'), resolvedAt: paris('2026-11-23T10:50') });
    h.clock.set(paris('2026-11-23T12:00'));
  });
  afterAll(() => h.clock.real());

  it('invalid input changes nothing: the row, the tickets, the events', async () => {
    const before = { brand: await rowOf(slug), events: await eventsOf(slug), ticket: await h.ctx.db.repos.tickets.findById(ids.fresh) };
    const bad = await admin.patch(`/api/brands/${slug}`, { policy: { ...policy, sla: { ...policy.sla, resolutionMinutes: 0 } } }).expect(422);
    expect(bad.body.error).toMatchObject({ code: 'invalid_policy', details: [{ field: 'policy.sla.resolutionMinutes', code: 'too_small', message: expect.any(String) }] });
    const windows = await admin.patch(`/api/brands/${slug}`, { policy: { ...policy, calendar: { ...policy.calendar, windows: [{ start: '14:00', end: '12:00' }] } } }).expect(422);
    expect(windows.body.error.details[0].field).toBe('policy.calendar');
    for (const body of [{}, { name: '' }, { policy: [] }, { slug: 'renamed' }]) expect((await admin.patch(`/api/brands/${slug}`, body).expect(400)).body.error.code).toBe('validation_failed');
    expect((await admin.patch('/api/brands/no-such-shop', { name: 'X' }).expect(404)).body.error.code).toBe('not_found');
    expect(await rowOf(slug)).toEqual(before.brand);
    expect(await eventsOf(slug)).toEqual(before.events);
    expect(await h.ctx.db.repos.tickets.findById(ids.fresh)).toEqual(before.ticket);
  });

  it('moves the open tickets’ deadlines exactly as the domain says, says how many, leaves a closed ticket and other shops alone', async () => {
    const repos = h.ctx.db.repos;
    const closedBefore = await repos.tickets.findById(ids.closed);
    const otherBefore = await repos.tickets.findById(ids.otherShop);
    // The shop closes on Tuesday 24 November and gives itself two business days to resolve.
    const next = { ...policy, calendar: { ...policy.calendar, closedDates: ['2026-11-24'] }, sla: { ...policy.sla, resolutionMinutes: 900 } };
    const res = await admin.patch(`/api/brands/${slug}`, { policy: next }).expect(200);
    expect(res.body).toEqual({ brand: { slug, name: 'Recompute Shop', isDefault: false, policy: { ...JSON.parse(JSON.stringify(policy)), calendar: { ...JSON.parse(JSON.stringify(policy.calendar)), closedDates: ['2026-11-24'] }, sla: { ...policy.sla, resolutionMinutes: 900 } }, updatedAt: paris('2026-11-23T12:00').toISOString() }, deadlinesRecomputed: 3 });

    // The oracle: the domain's own deadline function on the new calendar, from each ticket's start.
    const calendar = new BusinessCalendar(next.calendar);
    const sla = { ...policy.sla, resolutionMinutes: 900 };
    const oracle = (start: Date, priority = 'normal') => slaDeadlines(calendar, sla, 'double_charge', start, priority as never);

    const fresh = (await repos.tickets.findById(ids.fresh))!;
    expect(fresh).toMatchObject(oracle(paris('2026-11-23T10:00')));
    expect(fresh.firstResponseDueAt).toEqual(paris('2026-11-25T10:00')); // Monday 10:00 + 450 min, Tuesday closed
    expect(fresh.resolutionDueAt).toEqual(paris('2026-11-26T10:00'));
    expect(fresh.nextDueAt).toEqual(fresh.firstResponseDueAt);
    expect(fresh.slaNextCheckAt).toEqual(fresh.firstResponseWarnAt);

    const answered = (await repos.tickets.findById(ids.answered))!;
    const answeredOracle = oracle(paris('2026-11-23T11:00'));
    expect(answered.firstResponseDueAt).toEqual(paris('2026-11-24T11:00')); // met: kept as it was
    expect(answered).toMatchObject({ resolutionDueAt: answeredOracle.resolutionDueAt, resolutionWarnAt: answeredOracle.resolutionWarnAt, nextDueAt: answeredOracle.resolutionDueAt });

    // Friday's ticket had breached its first response on Monday 10:00; the new deadline too has passed: the breach stays.
    const late = (await repos.tickets.findById(ids.late))!;
    expect(late).toMatchObject({ ...oracle(paris('2026-11-20T10:00')), firstResponseBreachedAt: paris('2026-11-23T10:00') });

    expect(await repos.tickets.findById(ids.closed)).toEqual(closedBefore);
    expect(await repos.tickets.findById(ids.otherShop)).toEqual(otherBefore);

    const timeline = await repos.events.findOfType(ids.fresh, 'deadlines_recomputed');
    expect(timeline).toHaveLength(1);
    expect(timeline[0]).toMatchObject({ actor: `agent:${admin.user.id}`, isPublic: false });
    expect(timeline[0].data.after).not.toHaveProperty('resolutionDueAt');
    expect(timeline[0].data).toMatchObject({
      reason: 'brand_changed',
      paths: ['policy.calendar.closedDates', 'policy.sla.resolutionMinutes'],
      before: { firstResponseDueAt: paris('2026-11-24T10:00').toISOString() },
      // 900 min from Monday 10:00 with Tuesday closed end on Thursday 10:00, as 1350 did with it open: unchanged, not listed.
      after: { firstResponseDueAt: paris('2026-11-25T10:00').toISOString(), resolutionWarnAt: paris('2026-11-25T16:00').toISOString() },
    });
    expect(await repos.events.findOfType(ids.closed, 'deadlines_recomputed')).toEqual([]);
  });

  it('records the change as an event, newest first, with each changed path before and after', async () => {
    const events = await eventsOf(slug);
    expect(events.map((e) => e.type)).toEqual(['changed', 'created']);
    expect(events[0]).toMatchObject({ actorId: admin.user.id, createdAt: paris('2026-11-23T12:00').toISOString() });
    expect(events[0].changes).toEqual([
      { path: 'policy.calendar.closedDates', before: [], after: ['2026-11-24'] },
      { path: 'policy.sla.resolutionMinutes', before: 1350, after: 900 },
    ]);
  });

  it('the same change again, or a new name only, recomputes nothing', async () => {
    const current = (await admin.get(`/api/brands/${slug}`).expect(200)).body;
    expect((await admin.patch(`/api/brands/${slug}`, { policy: current.policy }).expect(200)).body.deadlinesRecomputed).toBe(0);
    expect(await eventsOf(slug)).toHaveLength(2);
    const renamed = await admin.patch(`/api/brands/${slug}`, { name: 'Recompute & Co' }).expect(200);
    expect(renamed.body).toMatchObject({ brand: { name: 'Recompute & Co' }, deadlinesRecomputed: 0 });
    expect((await eventsOf(slug))[0].changes).toEqual([{ path: 'name', before: 'Recompute Shop', after: 'Recompute & Co' }]);
    expect(await h.ctx.db.repos.events.findOfType(ids.fresh, 'deadlines_recomputed')).toHaveLength(1);
  });
});

describe('a recompute counts from each ticket’s own start: its reopening, without its pause', () => {
  const paris = (local: string) => new Date(`${local}:00+01:00`);
  it('a reopened ticket’s resolution from its reopening; a paused one keeps its pause with the minutes now left', async () => {
    const pausing = { ...policy, sla: { ...policy.sla, pauseWhileAwaitingCustomer: true } };
    await admin.post('/api/brands', { slug: 'pause-shop', name: 'Pause Shop', policy: pausing }).expect(201);
    h.clock.set(paris('2026-11-23T10:00'));
    const file = async (email: string) => (await h.http().post('/api/tickets').send({ ...doubleCharge, paymentTime: '2026-11-19T14:32:00+01:00', brand: 'pause-shop', customerEmail: email, orderNumber: email.slice(0, 6) }).expect(201)).body.id as string;
    const reopenedId = await file('reopened@example.fr');
    const pausedId = await file('paused@example.fr');
    const version = async (id: string) => (await agent.get(`/api/tickets/${id}`).expect(200)).body.version as number;
    h.clock.set(paris('2026-11-23T11:00'));
    await agent.post(`/api/tickets/${reopenedId}/status`, { version: await version(reopenedId), status: 'triaged' }).expect(200);
    await agent.post(`/api/tickets/${reopenedId}/resolve`, { version: await version(reopenedId), outcome: 'no_anomaly_found' }).expect(200);
    await agent.post(`/api/tickets/${pausedId}/status`, { version: await version(pausedId), status: 'triaged' }).expect(200);
    h.clock.set(paris('2026-11-23T11:30'));
    await agent.post(`/api/tickets/${pausedId}/status`, { version: await version(pausedId), status: 'awaiting_customer' }).expect(200);
    h.clock.set(paris('2026-11-23T12:00'));
    await agent.post(`/api/tickets/${reopenedId}/reopen`, { version: await version(reopenedId) }).expect(200);
    expect((await h.ctx.db.repos.tickets.findById(pausedId))!.slaPausedAt).toEqual(paris('2026-11-23T11:30'));

    h.clock.set(paris('2026-11-23T15:00'));
    const next = { ...pausing, sla: { ...pausing.sla, resolutionMinutes: 900 } };
    expect((await admin.patch('/api/brands/pause-shop', { policy: next }).expect(200)).body.deadlinesRecomputed).toBe(2);
    const calendar = new BusinessCalendar(next.calendar);

    const reopened = (await h.ctx.db.repos.tickets.findById(reopenedId))!;
    const fromReopening = slaDeadlines(calendar, next.sla, 'double_charge', paris('2026-11-23T12:00'), reopened.priority);
    expect(reopened).toMatchObject({ status: 'in_progress', resolutionDueAt: fromReopening.resolutionDueAt, resolutionWarnAt: fromReopening.resolutionWarnAt });

    // Opened at 10:00, paused at 11:30: 90 business minutes ran, 810 of the new 900 are left.
    const paused = (await h.ctx.db.repos.tickets.findById(pausedId))!;
    expect(paused).toMatchObject({ status: 'awaiting_customer', slaPausedAt: paris('2026-11-23T11:30'), resolutionMinutesLeft: 810 });
    expect(paused.resolutionDueAt).toEqual(calendar.addBusinessMinutes(paris('2026-11-23T11:30'), 810));
    h.clock.real();
  });
});

describe('a recompute walks the open tickets in batches', () => {
  it('every ticket of every batch, once; a second run changes nothing', async () => {
    h.clock.set(new Date('2026-11-23T10:00:00+01:00'));
    await admin.post('/api/brands', { slug: 'batch-shop', name: 'Batch Shop', policy }).expect(201);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push((await h.http().post('/api/tickets').send({ ...doubleCharge, paymentTime: '2026-11-19T14:32:00+01:00', brand: 'batch-shop', customerEmail: `batch${i}@example.fr`, orderNumber: `BATCH-${i}` }).expect(201)).body.id);
    }
    const brand = await rowOf('batch-shop');
    const next = { ...policy, sla: { ...policy.sla, firstResponseMinutes: 225, warningRatio: 0.5 } };
    await h.ctx.db.repos.brands.update(brand, { name: brand.name, policy: next, updatedAt: h.ctx.now() });
    expect(await recomputeOpenDeadlines(h.ctx, brand, 'system', [], 2)).toBe(5);
    const calendar = new BusinessCalendar(next.calendar);
    for (const id of ids) {
      const t = (await h.ctx.db.repos.tickets.findById(id))!;
      expect(t).toMatchObject(slaDeadlines(calendar, next.sla, 'double_charge', t.createdAt, t.priority));
      expect(await h.ctx.db.repos.events.findOfType(id, 'deadlines_recomputed')).toHaveLength(1);
    }
    expect(await recomputeOpenDeadlines(h.ctx, brand, 'system', [], 2)).toBe(0);
    h.clock.real();
  });

  it('a change whose process died before the recompute ended is finished by the workers’ watch, once', async () => {
    h.clock.set(new Date('2026-11-23T10:30:00+01:00'));
    await admin.post('/api/brands', { slug: 'crash-shop', name: 'Crash Shop', policy }).expect(201);
    const id = (await h.http().post('/api/tickets').send({ ...doubleCharge, paymentTime: '2026-11-19T14:32:00+01:00', brand: 'crash-shop', customerEmail: 'crash@example.fr', orderNumber: 'CRASH-1' }).expect(201)).body.id;
    const brand = await rowOf('crash-shop');
    // The change committed with its request for a recompute, and the process died there.
    const next = { ...policy, sla: { ...policy.sla, resolutionMinutes: 900 } };
    const askedAt = h.ctx.now();
    await h.ctx.db.repos.brands.update(brand, { name: brand.name, policy: next, updatedAt: askedAt, recomputeRequestedAt: askedAt });
    // Not yet abandoned: the request may still be running.
    expect(await runOwedRecomputes(h.ctx)).toBe(0);
    h.clock.set(new Date(askedAt.getTime() + RECOMPUTE_GRACE_MS + 1000));
    // (a worker's own watch may get there first: the state is what counts)
    await runOwedRecomputes(h.ctx);
    const t = (await h.ctx.db.repos.tickets.findById(id))!;
    expect(t.resolutionDueAt).toEqual(slaDeadlines(new BusinessCalendar(next.calendar), next.sla, 'double_charge', t.createdAt, t.priority).resolutionDueAt);
    expect((await rowOf('crash-shop')).recomputeRequestedAt).toBeNull();
    expect(await runOwedRecomputes(h.ctx)).toBe(0);
    h.clock.real();
  });

  it('the watch runs a change’s recompute once more, catching a report filed meanwhile with the old policy cached', async () => {
    h.clock.set(new Date('2026-11-23T11:00:00+01:00'));
    await admin.post('/api/brands', { slug: 'stale-shop', name: 'Stale Shop', policy }).expect(201);
    const next = { ...policy, sla: { ...policy.sla, resolutionMinutes: 900 } };
    expect((await admin.patch('/api/brands/stale-shop', { policy: next }).expect(200)).body.deadlinesRecomputed).toBe(0);
    expect((await rowOf('stale-shop')).recomputeRequestedAt).not.toBeNull();
    // Another process, its cache still holding the old policy, files a report just after.
    const id = (await h.http().post('/api/tickets').send({ ...doubleCharge, paymentTime: '2026-11-19T14:32:00+01:00', brand: 'stale-shop', customerEmail: 'stale@example.fr', orderNumber: 'STALE-1' }).expect(201)).body.id;
    const ticket = (await h.ctx.db.repos.tickets.findById(id))!;
    const old = slaDeadlines(new BusinessCalendar(policy.calendar), policy.sla, 'double_charge', ticket.createdAt, ticket.priority);
    await h.ctx.db.repos.tickets.update(ticket, { ...old, updatedAt: h.ctx.now() });
    h.clock.set(new Date(h.ctx.now().getTime() + RECOMPUTE_GRACE_MS + 1000));
    // (a worker's own watch may get there first: the state is what counts)
    await runOwedRecomputes(h.ctx);
    const fixed = (await h.ctx.db.repos.tickets.findById(id))!;
    expect(fixed.resolutionDueAt).toEqual(slaDeadlines(new BusinessCalendar(next.calendar), next.sla, 'double_charge', fixed.createdAt, fixed.priority).resolutionDueAt);
    expect((await rowOf('stale-shop')).recomputeRequestedAt).toBeNull();
    h.clock.real();
  });
});

describe('the customer form per shop', () => {
  it('a shop’s own host name serves its form and files to it; the change shows at once', async () => {
    const current = (await admin.get('/api/brands/harmony-us').expect(200)).body;
    const res = await admin.patch('/api/brands/harmony-us', { policy: { ...current.policy, hostNames: ['support.harmony.example'] } }).expect(200);
    expect(res.body.deadlinesRecomputed).toBe(0);
    const byHost = await h.http().get('/api/brands/current').set('Host', 'support.harmony.example').expect(200);
    expect(byHost.body).toMatchObject({ slug: 'harmony-us', name: 'Harmony US', timeZone: 'America/Los_Angeles' });
    // A slug named in the address wins over the host; an unknown host is the default shop's.
    expect((await h.http().get('/api/brands/current?brand=sofimix').set('Host', 'support.harmony.example').expect(200)).body.slug).toBe('sofimix');
    expect((await h.http().get('/api/brands/current').set('Host', 'elsewhere.example').expect(200)).body.slug).toBe('sofimix');
    const filed = await h.http().post('/api/tickets').set('Host', 'support.harmony.example').send({ ...doubleCharge, cardType: 'paypal', customerEmail: 'host@example.fr', orderNumber: 'HOST-1' }).expect(201);
    expect((await h.ctx.db.repos.tickets.findById(filed.body.id))!.brandId).toBe((await rowOf('harmony-us')).id);
  });

  it('a host name already another shop’s answers 422 and changes nothing', async () => {
    const res = await admin.patch('/api/brands/sofimix', { policy: { ...policy, hostNames: ['support.harmony.example'] } }).expect(422);
    expect(res.body.error.details).toEqual([{ field: 'policy.hostNames', code: 'host_name_taken', message: expect.any(String) }]);
    expect((await rowOf('sofimix')).policy.hostNames).toEqual([]);
  });

  it('every process forgets its cached brands when another announces a change', async () => {
    const brand = await rowOf('harmony-us');
    expect((await cachedBrand(h.ctx.db, { slug: 'harmony-us' }))!.name).toBe('Harmony US');
    // Another process changed the row and announced it: this process's cache is emptied by the message.
    await h.ctx.db.repos.brands.update(brand, { name: 'Harmony Elsewhere', policy: brand.policy, updatedAt: new Date() });
    expect((await cachedBrand(h.ctx.db, { slug: 'harmony-us' }))!.name).toBe('Harmony US');
    const other = new IORedis(REDIS_URL);
    try {
      await other.publish(brandsChangedChannel(h.config.QUEUE_PREFIX), brand.id);
    } finally {
      other.disconnect();
    }
    const deadline = Date.now() + 3000;
    while ((await cachedBrand(h.ctx.db, { slug: 'harmony-us' }))!.name !== 'Harmony Elsewhere' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect((await cachedBrand(h.ctx.db, { slug: 'harmony-us' }))!.name).toBe('Harmony Elsewhere');
    expect(request).toBeDefined();
  });
});
