import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import request from 'supertest';
import type { AddressInfo } from 'node:net';
import { verifySignature } from '../../domain/webhook-signature';
import { sealSecret } from '../../core/secret-box';
import { dispatchNewDeliveries, pruneDeliveryLog } from '../../core/webhook-deliveries';
import { newDelivery } from '../../db/repositories/webhook.repository';
import { webhookDeliveryQueue } from '../../queues';
import { doubleCharge, startHarness, type Harness, type SignedInClient } from '../support/harness';
import { waitFor } from '../support/wait';

/**
 * A receiver on 127.0.0.1 that answers as told: each path has a script of answers (a status,
 * or 'hang' past the sender's timeout), then 200. It keeps every request as received.
 */
interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  at: number;
}
function startReceiver() {
  const received: Received[] = [];
  const scripts = new Map<string, Array<number | 'hang'>>();
  const hanging: http.ServerResponse[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      received.push({ path: req.url!, headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() });
      const next = scripts.get(req.url!)?.shift() ?? 200;
      if (next === 'hang') return void hanging.push(res);
      res.writeHead(next, { 'Content-Type': 'text/plain' }).end(next >= 300 ? `failure ${next}: try later` : 'ok');
    });
  });
  return new Promise<{ url: (path: string) => string; received: Received[]; script(path: string, answers: Array<number | 'hang'>): void; close(): Promise<void> }>((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: (path) => `http://127.0.0.1:${port}${path}`,
        received,
        script: (path, answers) => void scripts.set(path, [...answers]),
        close: () => {
          hanging.forEach((r) => r.destroy());
          server.closeAllConnections();
          return new Promise((r) => server.close(() => r()));
        },
      });
    });
  });
}

let h: Harness;
let admin: SignedInClient;
let agent: SignedInClient;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let brand: string;
const TIMEOUT_MS = 700;
beforeAll(async () => {
  receiver = await startReceiver();
  h = await startHarness({
    workers: false,
    env: { WEBHOOK_ALLOW_LOOPBACK_HTTP: 'true', WEBHOOK_TIMEOUT_MS: String(TIMEOUT_MS), WEBHOOK_RETRY_BASE_MS: '60', WEBHOOK_DISPATCH_INTERVAL_MS: '100' },
  });
  admin = await h.signIn('admin', 'Hooks Admin');
  agent = await h.signIn('agent', 'Hooks Agent');
  brand = (await h.ctx.db.repos.brands.ensureDefault()).slug;
}, 30_000);
afterAll(async () => {
  await h?.close();
  await receiver?.close();
});

const register = async (path: string, body: Record<string, unknown>) =>
  (await admin.post('/api/webhooks', { brand, url: receiver.url(path), ...body }).expect(201)).body as Record<string, any> & { id: string; secret: string };
const at = (path: string) => receiver.received.filter((r) => r.path === path);
const deliveries = async (endpointId: string) => (await admin.get(`/api/webhooks/${endpointId}/deliveries`).expect(200)).body.items as Array<Record<string, any>>;
const fileTicket = async (extra: Record<string, unknown> = {}) => (await h.http().post('/api/tickets').send({ ...doubleCharge, ...extra }).expect(201)).body;

describe('when the queue loses a delivery before any worker runs', () => {
  it('the outbox still sends it, once, when the workers start', async () => {
    const hook = await register('/no-loss', { events: ['ticket.created'] });
    const ticket = await fileTicket({ customerEmail: 'no.loss@example.fr' });
    // Handed to BullMQ, then Redis loses it (a restart without persistence): only the outbox remembers.
    expect(await dispatchNewDeliveries(h.ctx)).toBe(1);
    await h.ctx.dispatcher.queue(webhookDeliveryQueue.name).obliterate({ force: true });
    h.startWorkers();
    await waitFor(async () => (await deliveries(hook.id))[0]?.status === 'delivered', 20_000, 'the delivery after the queue was lost');
    const got = at('/no-loss');
    expect(got).toHaveLength(1);
    expect(JSON.parse(got[0].body)).toMatchObject({ type: 'ticket.created', ticket: { id: ticket.id, reference: ticket.reference } });
    await admin.patch(`/api/webhooks/${hook.id}`, { enabled: false }).expect(200);
  }, 30_000);
});

describe('when the queue is emptied while a delivery is on its way (Redis restarted without its data)', () => {
  it('the outbox hands it to the queue again and it is delivered, its attempts kept', async () => {
    const hook = await register('/restart', { events: ['ticket.created'] });
    receiver.script('/restart', ['hang']);
    const sent = (await admin.post(`/api/webhooks/${hook.id}/test`).expect(202)).body;
    await waitFor(() => at('/restart').length === 1, 10_000, 'the first attempt reaching the receiver');
    await h.ctx.dispatcher.queue(webhookDeliveryQueue.name).obliterate({ force: true });
    await waitFor(async () => (await deliveries(hook.id)).find((d) => d.id === sent.id)?.status === 'delivered', 20_000, 'the delivery after the queue was emptied');
    expect(at('/restart').map((r) => r.headers['guichet-delivery'])).toEqual([sent.id, sent.id]);
    // The hung attempt ends at its timeout, after the second one delivered: both logged, the delivery stays delivered.
    const done = await waitFor(async () => {
      const d = (await deliveries(hook.id)).find((x) => x.id === sent.id)!;
      return d.attemptLog.length === 2 ? d : null;
    }, 10_000, 'both attempts logged');
    expect(done.status).toBe('delivered');
    expect(done.attemptLog.map((a: { statusCode: number | null }) => a.statusCode).sort()).toEqual([200, null]);
    await admin.patch(`/api/webhooks/${hook.id}`, { enabled: false }).expect(200);
  }, 30_000);
});

describe('when the receiver fails the first attempts (500, then no answer in time, then 200)', () => {
  let hook: Awaited<ReturnType<typeof register>>;
  let ticket: { id: string; reference: string; accessToken: string; statusUrl: string };
  beforeAll(async () => {
    hook = await register('/flaky', { events: ['ticket.created', 'ticket.resolved'] });
    receiver.script('/flaky', [500, 'hang']);
    ticket = await fileTicket({ description: 'Ma carte 4242 4242 4242 4242 a été débitée deux fois, CVV 123.' });
    await waitFor(async () => (await deliveries(hook.id)).find((d) => d.event === 'ticket.created')?.status === 'delivered', 20_000, 'ticket.created delivered');
  }, 30_000);

  it('tries again with growing delays until the receiver takes it, every attempt with the same id, body and a valid signature', () => {
    const got = at('/flaky');
    expect(got).toHaveLength(3);
    const ids = new Set(got.map((r) => r.headers['guichet-delivery']));
    expect(ids.size).toBe(1);
    expect(new Set(got.map((r) => r.body)).size).toBe(1);
    for (const r of got) {
      expect(r.headers['guichet-event']).toBe('ticket.created');
      expect(verifySignature(hook.secret, r.headers['guichet-signature'] as string, r.body, new Date())).toBe(true);
      expect(verifySignature(hook.secret, r.headers['guichet-signature'] as string, r.body.replace('ticket.created', 'ticket.resolved'), new Date())).toBe(false);
    }
    // Backoff: the second retry waits for the hung attempt's timeout, then at least the doubled delay.
    expect(got[1].at - got[0].at).toBeGreaterThanOrEqual(45);
    expect(got[2].at - got[1].at).toBeGreaterThanOrEqual(TIMEOUT_MS + 90);
  });

  it('the delivery log shows each attempt with its code or its error', async () => {
    const [created] = (await deliveries(hook.id)).filter((d) => d.event === 'ticket.created');
    expect(created).toMatchObject({ status: 'delivered', attempts: 3, lastStatusCode: 200, ticketId: ticket.id });
    expect(created.attemptLog.map((a: { statusCode: number | null }) => a.statusCode)).toEqual([500, null, 200]);
    expect(created.attemptLog[0].responseSnippet).toBe('failure 500: try later');
    expect(created.attemptLog[1].error).toMatch(/^timeout/);
    expect(created.attemptLog[1].durationMs).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
  });

  it('the payload names the ticket and its deadlines, and carries no card number, token or private link', () => {
    const body = at('/flaky')[0].body;
    const payload = JSON.parse(body);
    expect(payload).toMatchObject({ type: 'ticket.created', brand: { slug: brand }, ticket: { id: ticket.id, reference: ticket.reference, type: 'double_charge' }, data: { change: 'created' } });
    expect(payload.ticket.url).toMatch(new RegExp(`/agent/tickets/${ticket.id}$`));
    for (const secret of [ticket.accessToken, ticket.statusUrl, '4242 4242 4242 4242', '4242424242424242', 'marie.curie@example.fr', 'CVV 123']) expect(body).not.toContain(secret);
  });

  it('sends only the chosen events: triage and an assignment are no ticket.updated here, the resolution is', async () => {
    const detail = (await agent.get(`/api/tickets/${ticket.id}`).expect(200)).body;
    await agent.post(`/api/tickets/${ticket.id}/resolve`, { version: detail.version, outcome: 'hold_released' }).expect(200);
    await waitFor(async () => (await deliveries(hook.id)).find((d) => d.event === 'ticket.resolved')?.status === 'delivered', 20_000, 'ticket.resolved delivered');
    const events = at('/flaky').map((r) => r.headers['guichet-event']);
    expect(new Set(events)).toEqual(new Set(['ticket.created', 'ticket.resolved']));
    const resolved = JSON.parse(at('/flaky').find((r) => r.headers['guichet-event'] === 'ticket.resolved')!.body);
    expect(resolved).toMatchObject({ ticket: { id: ticket.id, status: 'resolved', outcome: 'hold_released' }, data: { change: 'resolved', outcome: 'hold_released' } });
  }, 30_000);

  it('sends a delivery again on request: the same id and body, its attempts added to the log', async () => {
    const [created] = (await deliveries(hook.id)).filter((d) => d.event === 'ticket.created');
    const before = at('/flaky').length;
    await admin.post(`/api/webhooks/${hook.id}/deliveries/${created.id}/resend`).expect(202);
    await waitFor(() => at('/flaky').length === before + 1, 10_000, 'the resend');
    const again = at('/flaky').at(-1)!;
    expect(again.headers['guichet-delivery']).toBe(created.id);
    expect(again.body).toBe(at('/flaky')[0].body);
    await waitFor(async () => (await deliveries(hook.id)).find((d) => d.id === created.id)?.attempts === 4, 10_000, 'the fourth attempt logged');
  });
});

describe('an endpoint for ticket.updated', () => {
  it('hears an assignment, with what changed', async () => {
    const hook = await register('/updates', { events: ['ticket.updated'] });
    const ticket = await fileTicket({ customerEmail: 'updated.customer@example.fr' });
    await waitFor(async () => (await agent.get(`/api/tickets/${ticket.id}`)).body.status !== 'new', 10_000, 'triage');
    const detail = (await agent.get(`/api/tickets/${ticket.id}`).expect(200)).body;
    await agent.post(`/api/tickets/${ticket.id}/assign`, { version: detail.version, assigneeId: agent.user.id }).expect(200);
    await waitFor(() => at('/updates').some((r) => JSON.parse(r.body).data.change === 'assigned'), 10_000, 'the assignment');
    const assigned = JSON.parse(at('/updates').find((r) => JSON.parse(r.body).data.change === 'assigned')!.body);
    expect(assigned).toMatchObject({ type: 'ticket.updated', ticket: { id: ticket.id, assigneeId: agent.user.id }, data: { assigneeId: agent.user.id } });
    expect(at('/updates').every((r) => r.headers['guichet-event'] === 'ticket.updated')).toBe(true);
    await admin.patch(`/api/webhooks/${hook.id}`, { enabled: false }).expect(200);
  }, 30_000);
});

describe('an endpoint for payment verdicts', () => {
  it('hears the verdict an agent’s check records, and only its verdict and confidence', async () => {
    const hook = await register('/verdicts', { events: ['payment.verdict'] });
    const manager = await h.signIn('manager', 'Hooks Manager');
    const file = fs.readFileSync(path.join(__dirname, '../../samples/payments/stripe-payments.csv'));
    await request(h.url)
      .post('/api/payments/import')
      .set('Cookie', manager.cookie)
      .set('X-CSRF-Token', manager.csrfToken)
      .field('format', 'stripe_payments')
      .attach('file', file, { filename: 'stripe-payments.csv', contentType: 'text/csv' })
      .expect(200);
    const ticket = await fileTicket({ customerEmail: 'verdict.customer@example.fr' });
    await agent.post(`/api/tickets/${ticket.id}/payment-check`).expect(200);
    const got = await waitFor(() => at('/verdicts').find((r) => JSON.parse(r.body).ticket?.id === ticket.id), 15_000, 'the verdict');
    const payload = JSON.parse(got.body);
    expect(got.headers['guichet-event']).toBe('payment.verdict');
    expect(payload.data).toEqual({ change: 'payment_checked', verdict: expect.any(String), confidence: expect.anything(), ...(payload.data.suggestedOutcome !== undefined ? { suggestedOutcome: payload.data.suggestedOutcome } : {}) });
    expect(got.body).not.toMatch(/ch_[A-Za-z0-9]{10,}/);
    await admin.patch(`/api/webhooks/${hook.id}`, { enabled: false }).expect(200);
  }, 30_000);
});

describe('an endpoint that keeps failing', () => {
  it('stops after its attempts, is disabled once failing for days, and gets nothing more', async () => {
    const hook = await register('/down', { events: ['ticket.created'] });
    receiver.script('/down', Array(20).fill(503));
    // Its first failure three and a half days ago (the clock of the rule is the business clock).
    await h.ctx.db.repos.webhooks.markFailing(hook.id, new Date(h.ctx.now().getTime() - 3.5 * 24 * 3600_000));
    const sent = (await admin.post(`/api/webhooks/${hook.id}/test`).expect(202)).body;
    await waitFor(async () => (await deliveries(hook.id)).find((d) => d.id === sent.id)?.status === 'failed', 30_000, 'the last attempt');
    const [failed] = await deliveries(hook.id);
    expect(failed).toMatchObject({ status: 'failed', attempts: 8, lastStatusCode: 503 });
    const endpoint = (await admin.get('/api/webhooks').expect(200)).body.items.find((e: { id: string }) => e.id === hook.id);
    expect(endpoint).toMatchObject({ enabled: false, disabledReason: 'failing', failingSince: expect.any(String) });
    // The sweeper does not start a failed delivery over, and a new ticket records nothing for it.
    await fileTicket({ customerEmail: 'after.disable@example.fr' });
    await new Promise((r) => setTimeout(r, 1000));
    expect(at('/down')).toHaveLength(8);
    expect(await deliveries(hook.id)).toHaveLength(1);
    // Turned back on by an admin, its failure clock starts afresh.
    const back = (await admin.patch(`/api/webhooks/${hook.id}`, { enabled: true }).expect(200)).body;
    expect(back).toMatchObject({ enabled: true, disabledReason: null, failingSince: null });
  }, 40_000);
});

describe('a Slack endpoint for breaches', () => {
  it('receives a { text, blocks } message when a ticket misses its deadline, and nothing else', async () => {
    const hook = await register('/slack', { events: ['sla.breached'], format: 'slack' });
    const ticket = await fileTicket({ customerEmail: 'late.customer@example.fr' });
    await waitFor(async () => (await agent.get(`/api/tickets/${ticket.id}`)).body.status !== 'new', 10_000, 'triage');
    h.clock.set(new Date(Date.parse(ticket.firstResponseDueAt) + 60_000));
    try {
      await waitFor(() => at('/slack').some((r) => r.body.includes(ticket.reference)), 20_000, 'the breach message');
    } finally {
      h.clock.real();
    }
    const got = at('/slack');
    expect(got.every((r) => r.headers['guichet-event'] === 'sla.breached')).toBe(true);
    const mine = got.find((r) => r.body.includes(ticket.reference))!;
    const message = JSON.parse(mine.body);
    expect(message.text).toContain(ticket.reference);
    expect(message.text).toMatch(/Échéance dépassée|Deadline missed/);
    expect(Array.isArray(message.blocks)).toBe(true);
    expect(JSON.stringify(message.blocks)).toContain(`/agent/tickets/${ticket.id}`);
    expect(JSON.stringify(message.blocks)).toMatch(/première réponse|résolution/);
    expect(verifySignature(hook.secret, mine.headers['guichet-signature'] as string, mine.body, new Date())).toBe(true);
  }, 40_000);
});

describe('managing endpoints', () => {
  it('refuses private, link-local and plain-http public targets with webhook_url_refused', async () => {
    for (const [url, reason] of [
      ['https://10.1.2.3/hook', 'private_address'],
      ['https://169.254.169.254/latest/meta-data', 'private_address'],
      ['https://[fd00::1]/hook', 'private_address'],
      ['http://93.184.216.34/hook', 'https_required'],
      ['https://user:pass@93.184.216.34/hook', 'credentials_in_url'],
      ['ftp://93.184.216.34/hook', 'invalid_url'],
      ['https://hooks.guichet.invalid/hook', 'unresolvable'],
    ]) {
      const res = await admin.post('/api/webhooks', { brand, url, events: ['ticket.created'] }).expect(422);
      expect(res.body.error).toMatchObject({ code: 'webhook_url_refused', details: { field: 'url', reason } });
    }
    expect((await admin.post('/api/webhooks', { brand, url: receiver.url('/x'), events: ['ticket.nope'] }).expect(400)).body.error.code).toBe('validation_failed');
  });

  it('keeps the secret sealed, shows it only at creation and rotation, and the test event is signed with the new one', async () => {
    const hook = await register('/rotate', { events: ['payment.verdict'] });
    const rows: Array<Record<string, unknown>> = await h.ctx.db.query('SELECT * FROM webhook_endpoints');
    expect(JSON.stringify(rows)).not.toContain(hook.secret);
    expect(JSON.stringify((await admin.get('/api/webhooks').expect(200)).body)).not.toContain('whsec_');
    const rotated = (await admin.post(`/api/webhooks/${hook.id}/secret`).expect(200)).body;
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(hook.secret);
    await admin.post(`/api/webhooks/${hook.id}/test`).expect(202);
    await waitFor(() => at('/rotate').length === 1, 10_000, 'the test event');
    const got = at('/rotate')[0];
    expect(got.headers['guichet-event']).toBe('webhook.test');
    expect(verifySignature(rotated.secret, got.headers['guichet-signature'] as string, got.body, new Date())).toBe(true);
    expect(verifySignature(hook.secret, got.headers['guichet-signature'] as string, got.body, new Date())).toBe(false);
  });

  it('sends nothing unsigned: a secret that no longer opens is an attempt that says so, and a new secret mends it', async () => {
    const hook = await register('/sealed', { events: ['ticket.created'] });
    const row = (await h.ctx.db.repos.webhooks.findEndpoint(hook.id))!;
    // Sealed for another endpoint (as if copied between rows): it does not open here.
    await h.ctx.db.repos.webhooks.updateEndpoint(hook.id, { secretSealed: sealSecret(h.config.APP_SECRET, hook.secret, 'webhook:another:secret') });
    expect(row.secretSealed).not.toContain(hook.secret);
    receiver.script('/sealed', []);
    const sent = (await admin.post(`/api/webhooks/${hook.id}/test`).expect(202)).body;
    await waitFor(async () => (await deliveries(hook.id)).find((d) => d.id === sent.id)?.attemptLog.length >= 1, 10_000, 'the first attempt');
    const [first] = (await deliveries(hook.id)).find((d) => d.id === sent.id)!.attemptLog;
    expect(first).toMatchObject({ statusCode: null, error: expect.stringMatching(/signing secret cannot be read/) });
    expect(at('/sealed')).toHaveLength(0);
    const rotated = (await admin.post(`/api/webhooks/${hook.id}/secret`).expect(200)).body;
    await waitFor(() => at('/sealed').length === 1, 15_000, 'the retry with the new secret');
    expect(verifySignature(rotated.secret, at('/sealed')[0].headers['guichet-signature'] as string, at('/sealed')[0].body, new Date())).toBe(true);
    await admin.delete(`/api/webhooks/${hook.id}`).expect(204);
  }, 30_000);

  it('is for admins only, and an unknown endpoint is a 404', async () => {
    expect((await agent.get('/api/webhooks').expect(403)).body.error.code).toBe('forbidden');
    const manager = await h.signIn('manager', 'Hooks Manager');
    expect((await manager.post('/api/webhooks', { brand, url: receiver.url('/m'), events: ['ticket.created'] }).expect(403)).body.error.code).toBe('forbidden');
    expect((await admin.get('/api/webhooks/5f0b6c1e-8f43-4a7e-9a1b-3c2d1e0f9a8b/deliveries').expect(404)).body.error.code).toBe('not_found');
    expect((await admin.get('/api/webhooks').query({ brand: 'no-such-shop' }).expect(404)).body.error.code).toBe('not_found');
  });

  it('the delivery log keeps a month: older finished deliveries go, one being sent stays', async () => {
    const hook = await register('/old', { events: ['ticket.created'] });
    const sent = (await admin.post(`/api/webhooks/${hook.id}/test`).expect(202)).body;
    await waitFor(async () => (await deliveries(hook.id))[0]?.status === 'delivered', 10_000, 'the test event');
    const pending = newDelivery(hook.id, 'webhook.test', null, {}, h.ctx.now());
    pending.dispatchedAt = h.ctx.now();
    await h.ctx.db.transaction((repos) => repos.webhooks.insertDeliveries([pending]).then(() => repos.outbox.markAllProcessed([`webhook-${pending.id}`], new Date())));
    h.clock.set(new Date(h.ctx.now().getTime() + 31 * 24 * 3600_000));
    try {
      expect(await pruneDeliveryLog(h.ctx)).toBeGreaterThanOrEqual(1);
    } finally {
      h.clock.real();
    }
    const left = (await deliveries(hook.id)).map((d) => d.id);
    expect(left).not.toContain(sent.id);
    expect(left).toContain(pending.id);
    await admin.delete(`/api/webhooks/${hook.id}`).expect(204);
  });

  it('removes an endpoint with its log', async () => {
    const hook = await register('/gone', { events: ['ticket.created'] });
    await admin.delete(`/api/webhooks/${hook.id}`).expect(204);
    expect((await admin.get(`/api/webhooks/${hook.id}/deliveries`).expect(404)).body.error.code).toBe('not_found');
  });
});
