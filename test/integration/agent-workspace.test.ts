import { DateTime } from 'luxon';
import request from 'supertest';
import { runReminderWatch } from '../../workers/reminder-watch.task';
import { doubleCharge, PNG_BYTES, startHarness, TEST_PASSWORD, type Harness, type SignedInClient } from '../support/harness';
import { waitFor } from '../support/wait';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const report = async (patch: Record<string, unknown> = {}) =>
  (await h.http().post('/api/tickets').send({ ...doubleCharge, ...patch }).expect(201)).body as { id: string; reference: string; accessToken: string };
const triaged = (id: string) => waitFor(async () => {
  const t = await h.ctx.db.repos.tickets.findById(id);
  return t?.triagedAt ? t : null;
}, 5000, 'triage');
const mailFor = (reference: string, subject: RegExp) =>
  waitFor(() => h.smtp.messages.find((m) => m.subject?.includes(reference) && subject.test(m.subject ?? '')), 10_000, `mail ${subject} for ${reference}`);
const paris = (local: string) => DateTime.fromISO(local, { zone: 'Europe/Paris' }).toJSDate();

describe('signing in', () => {
  it('sets an httpOnly SameSite session cookie and returns the CSRF token', async () => {
    const agent = await h.signIn('agent', 'Signin Agent');
    expect(agent.cookie).toMatch(/^guichet_session=/);
    const res = await request(h.url).post('/api/auth/login').send({ email: agent.user.email, password: TEST_PASSWORD }).expect(200);
    const setCookie = (res.headers['set-cookie'] as unknown as string[])[0];
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    const me = await agent.get('/api/auth/me').expect(200);
    expect(me.body).toEqual({ user: { id: agent.user.id, email: agent.user.email, name: 'Signin Agent', role: 'agent' }, csrfToken: agent.csrfToken });
    expect(me.body.user).not.toHaveProperty('passwordHash');
  });

  it('refuses a wrong password, then locks the account after repeated failures', async () => {
    const agent = await h.signIn('agent', 'Lockout Agent');
    const attempt = (password: string) => request(h.url).post('/api/auth/login').send({ email: agent.user.email, password });
    for (let i = 0; i < 5; i++) expect((await attempt('wrong password!')).body.error.code).toBe('invalid_credentials');
    const locked = await attempt(TEST_PASSWORD).expect(429);
    expect(locked.body.error.code).toBe('account_locked');
    expect(locked.body.error.details.retryAfterSeconds).toBeGreaterThan(800);
  }, 30_000);

  it('answers the same for an unknown e-mail, and logs out', async () => {
    expect((await request(h.url).post('/api/auth/login').send({ email: 'nobody@guichet.test', password: 'whatever-123' }).expect(401)).body.error.code).toBe('invalid_credentials');
    const agent = await h.signIn('agent', 'Logout Agent');
    await agent.post('/api/auth/logout').expect(204);
    expect((await agent.get('/api/auth/me').expect(200)).body).toEqual({ user: null, csrfToken: null });
    expect((await agent.get('/api/tickets').expect(401)).body.error.code).toBe('unauthenticated');
  });

  it('refuses a session after 12 hours and cleans it away', async () => {
    const agent = await h.signIn('agent', 'Expiring Agent');
    h.clock.set(new Date(Date.now() + 12 * 3600_000 + 1000));
    expect((await agent.get('/api/auth/me').expect(200)).body.user).toBeNull();
    expect((await agent.get('/api/tickets')).status).toBe(401);
    await h.ctx.db.repos.sessions.deleteExpired(h.ctx.now());
    const { createHash } = await import('node:crypto');
    const token = agent.cookie.split('=')[1];
    expect(await h.ctx.db.repos.sessions.findByTokenHash(createHash('sha256').update(token).digest('hex'))).toBeNull();
    h.clock.real();
  });

  it('protects cookie-authenticated writes against cross-site requests', async () => {
    const agent = await h.signIn();
    const t = await report({ customerEmail: 'csrf@example.fr', orderNumber: 'SFX-CSRF' });
    const forged = await request(h.url).post(`/api/tickets/${t.id}/claim`).set('Cookie', agent.cookie).send({ version: 1 }).expect(403);
    expect(forged.body.error.code).toBe('csrf_failed');
  });
});

describe('who may do what', () => {
  let ticket: { id: string; reference: string; accessToken: string };
  let clients: Record<'agent' | 'manager' | 'admin', SignedInClient>;
  beforeAll(async () => {
    ticket = await report({ customerEmail: 'matrix@example.fr', orderNumber: 'SFX-MATRIX' });
    clients = { agent: await h.signIn('agent'), manager: await h.signIn('manager'), admin: await h.signIn('admin') };
  });

  const anonymous = (method: 'get' | 'post' | 'patch', path: string) => request(h.url)[method](path).send({});
  const customer = (method: 'get' | 'post' | 'patch', path: string) => request(h.url)[method](path).set('Authorization', `Bearer ${ticket.accessToken}`).send({});

  const agentEndpoints: Array<['get' | 'post', (t: typeof ticket) => string]> = [
    ['get', () => '/api/tickets'],
    ['get', () => '/api/events?after=0'],
    ['get', () => '/api/users'],
    ['get', () => '/api/brands'],
    ['post', (t) => `/api/tickets/${t.id}/claim`],
    ['post', (t) => `/api/tickets/${t.id}/notes`],
    ['post', (t) => `/api/tickets/${t.id}/replies`],
    ['post', (t) => `/api/tickets/${t.id}/information-requests`],
    ['post', (t) => `/api/tickets/${t.id}/resolve`],
  ];

  it.each(agentEndpoints)('%s %s: nobody without a session, not even the customer token', async (method, path) => {
    expect((await anonymous(method, path(ticket))).status).toBe(401);
    expect((await customer(method, path(ticket))).status).toBe(401);
  });

  it('agents read the queue and tickets; the customer token does not open the agent view', async () => {
    for (const role of ['agent', 'manager', 'admin'] as const) {
      await clients[role].get('/api/tickets').expect(200);
      expect((await clients[role].get('/api/brands').expect(200)).body.items.map((b: { slug: string }) => b.slug)).toEqual(['sofimix']);
      expect((await clients[role].get(`/api/tickets/${ticket.id}`).expect(200)).body).toHaveProperty('customerEmail');
    }
    expect((await customer('get', `/api/tickets/${ticket.id}`)).status).toBe(404);
    expect((await customer('get', `/api/tickets/${ticket.reference}`)).body).not.toHaveProperty('customerEmail');
  });

  it('only admins manage users', async () => {
    const body = { email: 'new.agent@guichet.test', name: 'New Agent', role: 'agent', password: 'a long enough password' };
    expect((await clients.agent.post('/api/users', body)).status).toBe(403);
    expect((await clients.manager.post('/api/users', body)).status).toBe(403);
    const created = await clients.admin.post('/api/users', body).expect(201);
    expect((await clients.agent.patch(`/api/users/${created.body.id}`, { role: 'admin' })).status).toBe(403);
    expect((await clients.manager.patch(`/api/users/${created.body.id}`, { role: 'admin' })).status).toBe(403);
    expect((await clients.admin.patch(`/api/users/${created.body.id}`, { disabled: true }).expect(200)).body.disabled).toBe(true);
    expect((await request(h.url).post('/api/auth/login').send({ email: body.email, password: body.password })).status).toBe(401);
  });

  it('sockets: refused without a session or with the customer token, accepted for agents', async () => {
    await expect(h.agentSocket()).rejects.toThrow(/unauthorized/);
    await expect(h.agentSocket(`guichet_session=${ticket.accessToken}`)).rejects.toThrow(/unauthorized/);
    for (const role of ['agent', 'manager', 'admin'] as const) (await clients[role].socket()).disconnect();
  });
});

describe('the missing-information loop, from report to outcome', () => {
  it('report without proof → request → customer uploads → assignee told → resolve → customer sees the outcome', async () => {
    const agent = await h.signIn('agent', 'Loop Agent');
    const socket = await agent.socket();
    const heard: Array<{ event: string; n: any }> = [];
    socket.onAny((event, n) => heard.push({ event, n }));

    const t = await report({ customerEmail: 'loop@example.fr', orderNumber: 'SFX-LOOP', language: 'en' });
    await waitFor(() => heard.some((x) => x.event === 'ticket.created' && x.n.ticket.id === t.id), 5000, 'ticket.created');
    await triaged(t.id);

    let detail = (await agent.get(`/api/tickets/${t.reference}`).expect(200)).body;
    expect(detail.checklist).toEqual({ required: ['orderNumber', 'paymentTime', 'amount', 'cardType', 'proof'], missing: ['proof'], requested: [] });
    const claimed = await agent.post(`/api/tickets/${t.id}/claim`, { version: detail.version }).expect(200);
    expect(claimed.body.assigneeId).toBe(agent.user.id);

    await agent.post(`/api/tickets/${t.id}/information-requests`, { version: claimed.body.version, message: 'A screenshot of the statement is enough.' }).expect(201);
    const request1 = await mailFor(t.reference, /We need a few more details/);
    expect(request1.text).toContain("A payment proof: your bank's debit SMS");
    expect(request1.text).toContain('A screenshot of the statement is enough.');
    expect(request1.text).toContain(`/t/${t.reference}#token=${t.accessToken}`);
    detail = (await agent.get(`/api/tickets/${t.id}`).expect(200)).body;
    expect(detail.status).toBe('awaiting_customer');
    expect(detail.firstResponseBusinessMinutes).toEqual(expect.any(Number));

    await request(h.url)
      .post(`/api/tickets/${t.reference}/evidence`)
      .set('Authorization', `Bearer ${t.accessToken}`)
      .attach('evidence', PNG_BYTES, { filename: 'statement.png', contentType: 'image/png' })
      .expect(200);
    // The assignee hears it in their own room, at once.
    const told = await waitFor(() => heard.find((x) => x.event === 'ticket.evidence_added' && x.n.ticket.id === t.id), 5000, 'evidence_added');
    expect(told.n.ticket).toMatchObject({ status: 'in_progress', missingEvidenceCount: 0, assigneeId: agent.user.id });

    detail = (await agent.get(`/api/tickets/${t.id}`).expect(200)).body;
    expect(detail.files).toHaveLength(1);
    const file = await agent.get(detail.files[0].url).expect(200);
    expect(file.headers['content-type']).toBe('image/png');
    expect(file.headers['content-disposition']).toMatch(/^inline/);

    expect((await agent.post(`/api/tickets/${t.id}/resolve`, { version: detail.version, outcome: 'refunded', refundAmountCents: 6000 }).expect(422)).body.error.code).toBe('refund_exceeds_payment');
    const resolved = await agent.post(`/api/tickets/${t.id}/resolve`, { version: detail.version, outcome: 'refunded', refundAmountCents: 5990, message: 'Sorry for the trouble.' }).expect(200);
    expect(resolved.body.status).toBe('resolved');

    const mail = await mailFor(t.reference, /resolved/);
    expect(mail.text).toContain('We have refunded €59.90');
    expect(mail.text).toContain('10 to 15 business days');
    const view = await request(h.url).get(`/api/tickets/${t.reference}`).set('Authorization', `Bearer ${t.accessToken}`).expect(200);
    expect(view.body).toMatchObject({ status: 'resolved', outcome: 'refunded', outcomeDetails: { refundAmountCents: 5990 } });
    expect(view.body.timeline.map((e: { type: string }) => e.type)).toEqual(
      expect.arrayContaining(['created', 'triaged', 'information_requested', 'evidence_added', 'resolved']),
    );
    expect(view.body.timeline.map((e: { type: string }) => e.type)).not.toContain('assigned');

    const final = (await agent.get(`/api/tickets/${t.id}`).expect(200)).body;
    expect(final.resolutionBusinessMinutes).toEqual(expect.any(Number));
    expect(final.nextDueAt).toBeNull();
    const types = final.timeline.map((e: { type: string; actor: string }) => `${e.type}:${e.actor.split(':')[0]}`);
    expect(types).toEqual(expect.arrayContaining(['assigned:agent', 'information_requested:agent', 'evidence_added:customer', 'resolved:agent']));
    // Completing the evidence moved the ticket back to work, and the timeline says so.
    expect(final.timeline.filter((e: { type: string }) => e.type === 'status_changed').map((e: { data: object; actor: string }) => ({ ...e.data, actor: e.actor }))).toEqual([
      { from: 'awaiting_customer', to: 'in_progress', actor: 'customer' },
    ]);

    // Resolved once: a second resolution (another outcome) is refused, and the customer gets one outcome e-mail.
    const again = await agent.post(`/api/tickets/${t.id}/resolve`, { version: final.version, outcome: 'no_anomaly_found' }).expect(409);
    expect(again.body.error.code).toBe('already_resolved');
    const after = (await agent.get(`/api/tickets/${t.id}`).expect(200)).body;
    expect(after).toMatchObject({ outcome: 'refunded', version: final.version });
    expect(after.timeline.filter((e: { type: string }) => e.type === 'resolved')).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 500));
    expect(h.smtp.messages.filter((m) => m.subject?.includes(t.reference) && /resolved/.test(m.subject ?? ''))).toHaveLength(1);
  });
});

describe('two agents on one ticket', () => {
  it('refuses the second, stale write with 409 instead of overwriting', async () => {
    const [a, b] = [await h.signIn('agent', 'Agent A'), await h.signIn('agent', 'Agent B')];
    const t = await report({ customerEmail: 'stale@example.fr', orderNumber: 'SFX-STALE' });
    await triaged(t.id);
    const seen = (await a.get(`/api/tickets/${t.id}`).expect(200)).body.version;
    await a.post(`/api/tickets/${t.id}/replies`, { version: seen, body: 'We are looking into it.' }).expect(201);
    const stale = await b.post(`/api/tickets/${t.id}/replies`, { version: seen, body: 'Hello, I am on it too.' }).expect(409);
    expect(stale.body.error.code).toBe('stale_write');
    const timeline = (await a.get(`/api/tickets/${t.id}`).expect(200)).body.timeline;
    expect(timeline.filter((e: { type: string }) => e.type === 'reply')).toHaveLength(1);
    expect((await b.post(`/api/tickets/${t.id}/claim`, { version: seen })).status).toBe(409);
  });

  it('refuses impossible changes and unknown duplicates, and reopens with a fresh resolution target', async () => {
    const agent = await h.signIn();
    const t = await report({ customerEmail: 'rules@example.fr', orderNumber: 'SFX-RULES' });
    await triaged(t.id);
    let v = (await agent.get(`/api/tickets/${t.id}`)).body.version;
    expect((await agent.post(`/api/tickets/${t.id}/status`, { version: v, status: 'closed' }).expect(409)).body.error.code).toBe('invalid_transition');
    expect((await agent.post(`/api/tickets/${t.id}/resolve`, { version: v, outcome: 'duplicate_of', duplicateOfReference: 'GCH-NONE-NONE' }).expect(422)).body.error.code).toBe('unknown_ticket');
    const resolved = (await agent.post(`/api/tickets/${t.id}/resolve`, { version: v, outcome: 'hold_released' }).expect(200)).body;
    // Resolved without a claim: the resolver takes it, so reports by agent count it as theirs.
    expect(resolved.assigneeId).toBe(agent.user.id);
    v = resolved.version;
    const reopened = await agent.post(`/api/tickets/${t.id}/reopen`, { version: v, reason: 'Still debited twice' }).expect(200);
    expect(reopened.body).toMatchObject({ status: 'in_progress', outcome: null });
    expect(new Date(reopened.body.resolutionDueAt).getTime()).toBeGreaterThan(h.ctx.now().getTime());
    expect((await agent.post(`/api/tickets/${t.id}/status`, { version: reopened.body.version, status: 'nope' }).expect(400)).body.error.code).toBe('validation_failed');
  });
});

describe('reminders when the customer does not answer', () => {
  it('reminds after 1 and after 2 business days, then stops', async () => {
    h.clock.set(paris('2026-11-23T10:00')); // Monday
    const agent = await h.signIn('agent', 'Reminder Agent');
    const t = await report({ customerEmail: 'silent@example.fr', orderNumber: 'SFX-SILENT', paymentTime: '2026-11-20T10:00:00+01:00' });
    await triaged(t.id);
    const v = (await agent.get(`/api/tickets/${t.id}`)).body.version;
    await agent.post(`/api/tickets/${t.id}/information-requests`, { version: v }).expect(201);
    await mailFor(t.reference, /Il nous manque quelques informations/);

    const reminders = () => h.smtp.messages.filter((m) => m.subject?.includes(t.reference) && /Rappel/.test(m.subject ?? ''));
    h.clock.set(paris('2026-11-24T09:59'));
    await runReminderWatch(h.ctx);
    expect(reminders()).toHaveLength(0);
    h.clock.set(paris('2026-11-24T10:00')); // one business day later
    await runReminderWatch(h.ctx);
    await waitFor(() => reminders().length === 1, 10_000, 'first reminder');
    expect(reminders()[0].text).toContain('Un justificatif de paiement');
    h.clock.set(paris('2026-11-25T10:00'));
    await runReminderWatch(h.ctx);
    await waitFor(() => reminders().length === 2, 10_000, 'second reminder');
    h.clock.set(paris('2026-11-30T10:00'));
    await runReminderWatch(h.ctx);
    await new Promise((r) => setTimeout(r, 500));
    expect(reminders()).toHaveLength(2);
    const ticket = (await h.ctx.db.repos.tickets.findById(t.id))!;
    expect(ticket).toMatchObject({ remindersSent: 2, nextReminderAt: null });
    h.clock.real();
  });

  it('stops reminding once the customer sends what was missing', async () => {
    h.clock.set(paris('2026-11-23T10:00'));
    const agent = await h.signIn('agent', 'Reminder Agent Two');
    const t = await report({ customerEmail: 'answers@example.fr', orderNumber: 'SFX-ANSWERS', paymentTime: '2026-11-20T10:00:00+01:00' });
    await triaged(t.id);
    await agent.post(`/api/tickets/${t.id}/information-requests`, { version: (await agent.get(`/api/tickets/${t.id}`)).body.version }).expect(201);
    await request(h.url).post(`/api/tickets/${t.reference}/evidence`).set('Authorization', `Bearer ${t.accessToken}`).attach('evidence', PNG_BYTES, 'p.png').expect(200);
    h.clock.set(paris('2026-11-24T10:00'));
    await runReminderWatch(h.ctx);
    expect((await h.ctx.db.repos.tickets.findById(t.id))!.nextReminderAt).toBeNull();
    expect(h.smtp.messages.some((m) => m.subject?.includes(t.reference) && /Rappel/.test(m.subject ?? ''))).toBe(false);
    h.clock.real();
  });
});

describe('presence and catching up', () => {
  it('shows who is viewing or replying, in the room and in the queue', async () => {
    const [a, b] = [await h.signIn('agent', 'Viewer A'), await h.signIn('agent', 'Viewer B')];
    const t = await report({ customerEmail: 'presence@example.fr', orderNumber: 'SFX-PRESENCE' });
    const [sa, sb] = [await a.socket(), await b.socket()];
    await sb.emitWithAck('presence', { ticketId: t.id, activity: 'viewing' });
    const heard = new Promise<any>((resolve) => sb.on('ticket.presence', (p) => p.viewers.some((v: { name: string }) => v.name === 'Viewer A') && resolve(p)));
    expect(await sa.emitWithAck('presence', { ticketId: t.id, activity: 'replying' })).toEqual({ ok: true });
    const presence = await heard;
    expect(presence.viewers).toEqual(expect.arrayContaining([{ userId: a.user.id, name: 'Viewer A', activity: 'replying' }]));
    const row = (await b.get('/api/tickets').query({ q: t.reference }).expect(200)).body.items[0];
    expect(row.viewers.map((v: { name: string }) => v.name).sort()).toEqual(['Viewer A', 'Viewer B']);
    expect(await sa.emitWithAck('presence', { ticketId: 'not-a-uuid', activity: 'viewing' })).toMatchObject({ error: { code: 'validation_failed' } });
    sa.disconnect();
    await waitFor(async () => (await b.get('/api/tickets').query({ q: t.reference })).body.items[0].viewers.length === 1, 5000, 'A gone');
  });

  it('lets a reconnecting client fetch the events it missed', async () => {
    const agent = await h.signIn();
    const before = (await agent.get('/api/events?after=0&limit=1000').expect(200)).body.lastId;
    const t = await report({ customerEmail: 'missed@example.fr', orderNumber: 'SFX-MISSED' });
    await triaged(t.id);
    const missed = (await agent.get(`/api/events?after=${before}`).expect(200)).body;
    expect(missed.items.filter((e: { ticketId: string }) => e.ticketId === t.id).map((e: { type: string }) => e.type)).toEqual(expect.arrayContaining(['created', 'triaged']));
    expect(missed.lastId).toBeGreaterThan(before);
  });
});

describe('when the customer left out or mistyped a payment fact', () => {
  it('the agent completes it (with the brand rules), the checklist follows, the timeline keeps before and after, and the refund is no longer a dead end', async () => {
    const agent = await h.signIn();
    const t = await report({ customerEmail: 'facts@example.fr', orderNumber: 'SFX-FACTS', amount: undefined });
    await triaged(t.id);
    let detail = (await agent.get(`/api/tickets/${t.id}`).expect(200)).body;
    expect(detail.checklist.missing).toContain('amount');
    const dead = await agent.post(`/api/tickets/${t.id}/resolve`, { version: detail.version, outcome: 'refunded', refundAmountCents: 5990 }).expect(422);
    expect(dead.body.error.code).toBe('amount_unknown');

    const wrongCard = await agent.post(`/api/tickets/${t.id}/payment-facts`, { version: detail.version, cardType: 'amex' }).expect(400);
    expect(wrongCard.body.error.details).toEqual([expect.objectContaining({ field: 'cardType' })]);
    expect((await agent.post(`/api/tickets/${t.id}/payment-facts`, { version: detail.version - 1, amount: '59,90' }).expect(409)).body.error.code).toBe('stale_write');

    const fixed = await agent.post(`/api/tickets/${t.id}/payment-facts`, { version: detail.version, amount: '59,90', orderNumber: 'SFX-FACTS-2' }).expect(200);
    expect(fixed.body).toMatchObject({ amountCents: 5990, version: detail.version + 1 });
    detail = (await agent.get(`/api/tickets/${t.id}`).expect(200)).body;
    expect(detail).toMatchObject({ orderNumber: 'SFX-FACTS-2', amountCents: 5990 });
    expect(detail.checklist.missing).not.toContain('amount');
    const audit = detail.timeline.find((e: { type: string }) => e.type === 'payment_facts_corrected');
    expect(audit).toMatchObject({ actor: `agent:${agent.user.id}`, isPublic: false });
    expect(audit.data.changes).toEqual(
      expect.arrayContaining([
        { field: 'amountCents', from: null, to: 5990 },
        { field: 'orderNumber', from: 'SFX-FACTS', to: 'SFX-FACTS-2' },
      ]),
    );
    expect((await agent.post(`/api/tickets/${t.id}/payment-facts`, { version: detail.version, amount: '59.90' }).expect(400)).body.error.code).toBe('nothing_to_change');
    await agent.post(`/api/tickets/${t.id}/resolve`, { version: detail.version, outcome: 'refunded', refundAmountCents: 5990 }).expect(200);
  });
});
