import { DateTime } from 'luxon';
import { doubleCharge, startHarness, type Harness, type SignedInClient } from '../support/harness';
import { waitFor } from '../support/wait';

let h: Harness;
let agent: SignedInClient;
let other: SignedInClient;
const tickets: Array<{ id: string; reference: string; createdAt: Date }> = [];
const paris = (local: string) => DateTime.fromISO(local, { zone: 'Europe/Paris' }).toJSDate();

/**
 * Twelve reports filed over two weeks, so their deadlines differ: the queue must list them
 * by nearest open deadline, page through them without gaps or repeats, and filter them.
 */
beforeAll(async () => {
  h = await startHarness();
  agent = await h.signIn('agent', 'Queue Agent');
  other = await h.signIn('agent', 'Other Agent');
  const start = paris('2026-11-09T09:30');
  for (let i = 0; i < 12; i++) {
    const createdAt = new Date(start.getTime() + ((i * 7) % 12) * 26 * 3600_000); // shuffled over two weeks
    h.clock.set(createdAt);
    const res = await h
      .http()
      .post('/api/tickets')
      .send({ ...doubleCharge, customerEmail: `q${i}@example.fr`, orderNumber: `SFX-Q${i}`, paymentTime: '2026-11-01T10:00:00+01:00', type: i % 3 === 0 ? 'failed_payment' : 'double_charge', debited: false })
      .expect(201);
    tickets.push({ id: res.body.id, reference: res.body.reference, createdAt });
  }
  h.clock.real();
  await waitFor(async () => (await Promise.all(tickets.map((t) => h.ctx.db.repos.tickets.findById(t.id)))).every((t) => t?.triagedAt), 10_000, 'triage');
  agent = await h.signIn('agent', 'Queue Agent');
  other = await h.signIn('agent', 'Other Agent');
});
afterAll(async () => {
  await h?.close();
});

async function allPages(query: Record<string, string | number>) {
  const seen: any[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const res: { body: { items: any[]; nextCursor: string | null } } = await agent.get('/api/tickets').query({ ...query, ...(cursor ? { cursor } : {}) }).expect(200);
    seen.push(...res.body.items);
    cursor = res.body.nextCursor;
    pages++;
  } while (cursor && pages < 50);
  return { seen, pages };
}

describe('the agents queue', () => {
  it('lists by nearest open deadline and pages without gaps or repeats', async () => {
    const { seen, pages } = await allPages({ limit: 5 });
    expect(pages).toBe(3);
    expect(seen.map((r) => r.id).sort()).toEqual(tickets.map((t) => t.id).sort());
    const dues = seen.map((r) => new Date(r.nextDueAt).getTime());
    expect(dues).toEqual([...dues].sort((a, b) => a - b));
    expect(seen[0]).toMatchObject({ reference: expect.any(String), type: expect.any(String), status: expect.any(String), customerName: 'Marie Curie', amountCents: 5990, missingEvidenceCount: expect.any(Number), slaState: 'breached', assignee: null, viewers: [] });
    expect(seen[0]).toHaveProperty('firstResponseDueAt');
    expect(seen[0]).toHaveProperty('resolutionDueAt');
  });

  it('stays correct while tickets change between pages', async () => {
    const first = await agent.get('/api/tickets').query({ limit: 4 }).expect(200);
    // Meanwhile an agent answers the first listed ticket: its deadline moves to the resolution target.
    const moved = first.body.items[0];
    await other.post(`/api/tickets/${moved.id}/replies`, { version: moved.version, body: 'On it.' }).expect(201);
    const rest = await allPages({ limit: 4, cursor: first.body.nextCursor });
    const ids = [...first.body.items, ...rest.seen].map((r: { id: string }) => r.id);
    const unchanged = tickets.map((t) => t.id).filter((id) => id !== moved.id);
    for (const id of unchanged) expect(ids.filter((x) => x === id)).toHaveLength(1);
  });

  it('sorts by creation, newest first', async () => {
    const { seen } = await allPages({ sort: 'created', limit: 5 });
    const created = seen.map((r) => new Date(r.createdAt).getTime());
    expect(created).toEqual([...created].sort((a, b) => b - a));
    expect(seen).toHaveLength(12);
  });

  it('filters by type, status, assignee, SLA state and search', async () => {
    const failed = (await agent.get('/api/tickets').query({ type: 'failed_payment' }).expect(200)).body.items;
    expect(failed).toHaveLength(4);
    expect(failed.every((r: { type: string }) => r.type === 'failed_payment')).toBe(true);

    const target = tickets[5];
    const row = (await agent.get('/api/tickets').query({ q: target.reference.toLowerCase() }).expect(200)).body.items;
    expect(row.map((r: { id: string }) => r.id)).toEqual([target.id]);
    expect((await agent.get('/api/tickets').query({ q: 'SFX-Q5' }).expect(200)).body.items.map((r: { id: string }) => r.id)).toEqual([target.id]);
    expect((await agent.get('/api/tickets').query({ q: 'Q5@Example.fr' }).expect(200)).body.items.map((r: { id: string }) => r.id)).toEqual([target.id]);

    const v = (await agent.get(`/api/tickets/${target.id}`)).body.version;
    await agent.post(`/api/tickets/${target.id}/claim`, { version: v }).expect(200);
    const mine = (await agent.get('/api/tickets').query({ assignee: 'me' }).expect(200)).body.items;
    expect(mine.map((r: { id: string }) => r.id)).toEqual([target.id]);
    expect(mine[0].assignee).toEqual({ id: agent.user.id, name: 'Queue Agent' });
    expect((await other.get('/api/tickets').query({ assignee: 'me' }).expect(200)).body.items).toHaveLength(0);
    expect((await agent.get('/api/tickets').query({ assignee: 'unassigned', limit: 100 }).expect(200)).body.items.map((r: { id: string }) => r.id)).not.toContain(target.id);

    const awaiting = (await agent.get('/api/tickets').query({ status: 'awaiting_customer' }).expect(200)).body.items;
    expect(awaiting.every((r: { status: string }) => r.status === 'awaiting_customer')).toBe(true);

    // Reports from two weeks ago are past their first-response deadline.
    const breached = (await agent.get('/api/tickets').query({ sla: 'breached', limit: 100 }).expect(200)).body.items;
    expect(breached.length).toBeGreaterThan(0);
    expect(breached.every((r: { slaState: string }) => r.slaState === 'breached')).toBe(true);
    const ok = (await agent.get('/api/tickets').query({ sla: 'ok', limit: 100 }).expect(200)).body.items;
    expect(ok.every((r: { slaState: string }) => r.slaState === 'ok')).toBe(true);
  });

  it('answers bad queries with 400', async () => {
    expect((await agent.get('/api/tickets').query({ sla: 'late' }).expect(400)).body.error.code).toBe('validation_failed');
    expect((await agent.get('/api/tickets').query({ limit: 1000 }).expect(400)).body.error.code).toBe('validation_failed');
    expect((await agent.get('/api/tickets').query({ cursor: 'garbage' }).expect(400)).body.error.code).toBe('invalid_cursor');
    expect((await agent.get('/api/tickets').query({ status: 'new,lost' }).expect(400)).body.error.code).toBe('validation_failed');
    expect((await agent.get('/api/tickets').query({ brand: 'nope' }).expect(400)).body.error.code).toBe('validation_failed');
  });
});
