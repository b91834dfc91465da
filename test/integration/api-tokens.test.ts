import { createHash } from 'node:crypto';
import request from 'supertest';
import { doubleCharge, startHarness, type Harness, type SignedInClient } from '../support/harness';

let h: Harness;
let admin: SignedInClient;
let agent: SignedInClient;
let ticketId: string;
beforeAll(async () => {
  h = await startHarness();
  admin = await h.signIn('admin', 'Tokens Admin');
  agent = await h.signIn('agent', 'Tokens Agent');
  ticketId = (await h.http().post('/api/tickets').send(doubleCharge).expect(201)).body.id;
});
afterAll(async () => {
  await h?.close();
});

const issue = async (body: Record<string, unknown>) => (await admin.post('/api/api-tokens', body).expect(201)).body as Record<string, any> & { token: string };
const withToken = (token: string) => ({
  get: (path: string) => request(h.url).get(path).set('Authorization', `Bearer ${token}`),
  post: (path: string, body: object = {}) => request(h.url).post(path).set('Authorization', `Bearer ${token}`).send(body),
});
const version = async () => (await agent.get(`/api/tickets/${ticketId}`).expect(200)).body.version as number;

describe('when an admin issues a write token', () => {
  let issued: Awaited<ReturnType<typeof issue>>;
  beforeAll(async () => {
    issued = await issue({ name: 'Back office sync', scope: 'write' });
  });

  it('shows the token once, with a recognisable prefix, and lists it without it', async () => {
    expect(issued.token).toMatch(/^gch_[A-Za-z0-9_-]{43}$/);
    expect(issued).toMatchObject({ name: 'Back office sync', scope: 'write', state: 'active', prefix: issued.token.slice(0, 10), createdBy: 'Tokens Admin', lastUsedAt: null, revokedAt: null });
    const list = await admin.get('/api/api-tokens').expect(200);
    const row = list.body.items.find((t: { id: string }) => t.id === issued.id);
    expect(row).toMatchObject({ id: issued.id, prefix: issued.prefix });
    expect(JSON.stringify(list.body)).not.toContain(issued.token);
  });

  it('keeps only its SHA-256 in the database', async () => {
    const rows: Array<Record<string, unknown>> = await h.ctx.db.query('SELECT * FROM api_tokens');
    const row = rows.find((r) => r.id === issued.id)!;
    expect(row.tokenHash).toBe(createHash('sha256').update(issued.token).digest('hex'));
    expect(JSON.stringify(rows)).not.toContain(issued.token.slice(4));
  });

  it('reads and writes as an agent without a cookie or a CSRF token, and its note is attributed to "API: <name>"', async () => {
    const api = withToken(issued.token);
    const queue = await api.get('/api/tickets').expect(200);
    expect(queue.body.items.map((t: { id: string }) => t.id)).toContain(ticketId);
    await api.post(`/api/tickets/${ticketId}/notes`, { body: 'Synchronised with the back office.' }).expect(201);
    const note = (await h.ctx.db.repos.events.findOfType(ticketId, 'note')).at(-1)!;
    expect(note.actor).toBe(`agent:${issued.userId}`);
    expect((await h.ctx.db.repos.users.findById(issued.userId))).toMatchObject({ name: 'API: Back office sync', role: 'agent' });
    const claimed = await api.post(`/api/tickets/${ticketId}/claim`, { version: await version() }).expect(200);
    expect(claimed.body.assigneeId).toBe(issued.userId);
  });

  it('never reaches a manager’s or an admin’s route', async () => {
    const api = withToken(issued.token);
    for (const path of ['/api/api-tokens', '/api/webhooks', '/api/analytics/sla']) {
      expect((await api.get(path).expect(403)).body.error.code).toBe('forbidden');
    }
    expect((await api.post('/api/api-tokens', { name: 'escalate', scope: 'write' }).expect(403)).body.error.code).toBe('forbidden');
    expect((await api.post('/api/users', { email: 'x@guichet.test', name: 'X', role: 'admin', password: 'a long enough password' }).expect(403)).body.error.code).toBe('forbidden');
  });

  it('is no one who can sign in, be assigned or alerted: its user is not among the colleagues', async () => {
    const colleagues = await agent.get('/api/users').expect(200);
    expect(colleagues.body.items.map((u: { id: string }) => u.id)).not.toContain(issued.userId);
    const user = (await h.ctx.db.repos.users.findById(issued.userId))!;
    const login = await h.http().post('/api/auth/login').send({ email: user.email, password: issued.token }).expect(401);
    expect(login.body.error.code).toBe('invalid_credentials');
  });

  it('is not on the admins’ users screen, and no admin can give it a password or enable it there', async () => {
    const everyone = await admin.get('/api/users?include=disabled').expect(200);
    expect(everyone.body.items.map((u: { id: string }) => u.id)).not.toContain(issued.userId);
    const change = await admin.patch(`/api/users/${issued.userId}`, { disabled: false, password: 'a long enough password' }).expect(404);
    expect(change.body.error.code).toBe('not_found');
    expect((await h.ctx.db.repos.users.findById(issued.userId))!.disabledAt).not.toBeNull();
  });

  it('records its last use, at most once every few minutes', async () => {
    const api = withToken(issued.token);
    await api.get('/api/tickets').expect(200);
    const first = await waitForLastUse(issued.id);
    await api.get('/api/tickets').expect(200);
    await new Promise((r) => setTimeout(r, 200));
    expect((await h.ctx.db.repos.apiTokens.findById(issued.id))!.lastUsedAt!.getTime()).toBe(first.getTime());
  });

  it('answers 401 invalid_token once revoked, and revoking again changes nothing', async () => {
    const revoked = await admin.delete(`/api/api-tokens/${issued.id}`).expect(200);
    expect(revoked.body).toMatchObject({ id: issued.id, state: 'revoked', revokedAt: expect.any(String) });
    const res = await withToken(issued.token).get('/api/tickets').expect(401);
    expect(res.body.error.code).toBe('invalid_token');
    expect((await admin.delete(`/api/api-tokens/${issued.id}`).expect(200)).body.revokedAt).toBe(revoked.body.revokedAt);
  });
});

async function waitForLastUse(id: string): Promise<Date> {
  for (let i = 0; i < 100; i++) {
    const row = await h.ctx.db.repos.apiTokens.findById(id);
    if (row?.lastUsedAt) return row.lastUsedAt;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('last use never recorded');
}

describe('a read token', () => {
  it('reads, and every write answers 403 insufficient_scope', async () => {
    const { token } = await issue({ name: 'Dashboard', scope: 'read' });
    const api = withToken(token);
    await api.get(`/api/tickets/${ticketId}`).expect(200);
    const res = await api.post(`/api/tickets/${ticketId}/notes`, { body: 'should not be written' }).expect(403);
    expect(res.body.error).toMatchObject({ code: 'insufficient_scope', details: { scope: 'read' } });
    expect((await h.ctx.db.repos.events.findOfType(ticketId, 'note')).map((e) => e.data.body)).not.toContain('should not be written');
  });

  it('lends no write to a session cookie sent with it: the request is the token’s alone', async () => {
    const { token } = await issue({ name: 'Dashboard two', scope: 'read' });
    const res = await request(h.url)
      .post(`/api/tickets/${ticketId}/notes`)
      .set('Authorization', `Bearer ${token}`)
      .set('Cookie', agent.cookie)
      .set('X-CSRF-Token', agent.csrfToken)
      .send({ body: 'cookie riding on a read token' })
      .expect(403);
    expect(res.body.error.code).toBe('insufficient_scope');
  });
});

describe('tokens that do not open', () => {
  it('an unknown token of the right shape, and an expired one, answer 401 invalid_token', async () => {
    const unknown = `gch_${'A'.repeat(43)}`;
    expect((await withToken(unknown).get('/api/tickets').expect(401)).body.error.code).toBe('invalid_token');
    const expiresAt = new Date(h.ctx.now().getTime() + 3600_000).toISOString();
    const { token, id } = await issue({ name: 'One hour', scope: 'read', expiresAt });
    await withToken(token).get('/api/tickets').expect(200);
    h.clock.set(new Date(h.ctx.now().getTime() + 2 * 3600_000));
    try {
      expect((await withToken(token).get('/api/tickets').expect(401)).body.error.code).toBe('invalid_token');
      const row = (await admin.get('/api/api-tokens').expect(200)).body.items.find((t: { id: string }) => t.id === id);
      expect(row.state).toBe('expired');
    } finally {
      h.clock.real();
    }
  });

  it('a customer’s own access token still opens their ticket (it is no API token)', async () => {
    const created = await h.http().post('/api/tickets').send({ ...doubleCharge, customerEmail: 'token.customer@example.fr' }).expect(201);
    await request(h.url).get(`/api/tickets/${created.body.reference}`).set('Authorization', `Bearer ${created.body.accessToken}`).expect(200);
  });
});

describe('issuing', () => {
  it('is for admins only', async () => {
    expect((await agent.post('/api/api-tokens', { name: 'mine', scope: 'write' }).expect(403)).body.error.code).toBe('forbidden');
    expect((await agent.get('/api/api-tokens').expect(403)).body.error.code).toBe('forbidden');
  });

  it('refuses a bad scope, a blank name and an expiry in the past, naming the field', async () => {
    const bad = async (body: object, field: string) => {
      const res = await admin.post('/api/api-tokens', body).expect(400);
      expect(res.body.error.code).toBe('validation_failed');
      expect(res.body.error.details.map((d: { field: string }) => d.field)).toContain(field);
    };
    await bad({ name: 'x', scope: 'admin' }, 'scope');
    await bad({ name: '   ', scope: 'read' }, 'name');
    await bad({ name: 'late', scope: 'read', expiresAt: new Date(h.ctx.now().getTime() - 60_000).toISOString() }, 'expiresAt');
    await bad({ name: 'late', scope: 'read', expiresAt: 'tomorrow' }, 'expiresAt');
  });

  it('a revocation of an unknown token is a 404', async () => {
    expect((await admin.delete('/api/api-tokens/9b2f8a52-3a55-4a39-9d63-0f4b8b0d2d11').expect(404)).body.error.code).toBe('not_found');
  });
});
