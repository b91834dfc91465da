import { randomUUID } from 'node:crypto';
import { bulkResultSchema, macroListSchema, macroSchema } from '../../domain/macro.schemas';
import { defaultBrand } from '../../domain/brand-presets';
import { doubleCharge, startHarness, type Harness, type SignedInClient } from '../support/harness';
import { waitFor } from '../support/wait';

/*
 * Bulk actions from the queue (issue 16) through HTTP against the real stack, on SQLite and
 * PostgreSQL: each ticket goes through its own action (event, version check, e-mail, live
 * update), and a partial failure says which tickets failed and why.
 */

let h: Harness;
let agent: SignedInClient;
beforeAll(async () => {
  h = await startHarness();
  agent = await h.signIn('agent', 'Bulk Agent');
});
afterAll(async () => {
  await h?.close();
});

let reports = 0;
/** `n` reports, triaged (the triage bumps their version), as the queue shows them: id and version. */
async function reports_(n: number, patch: (i: number) => Record<string, unknown> = () => ({})): Promise<Array<{ id: string; reference: string; version: number }>> {
  const made: Array<{ id: string; reference: string }> = [];
  for (let i = 0; i < n; i++) {
    reports++;
    const body = { ...doubleCharge, customerEmail: `bulk${reports}@example.fr`, orderNumber: `SFX-B${reports}`, ...patch(i) };
    made.push((await h.http().post('/api/tickets').send(body).expect(201)).body);
  }
  return Promise.all(
    made.map(async (t) => {
      const ticket = await waitFor(async () => {
        const found = await h.ctx.db.repos.tickets.findById(t.id);
        return found?.triagedAt ? found : null;
      }, 20_000, 'triage');
      return { id: t.id, reference: t.reference, version: ticket.version };
    }),
  );
}
const bulk = async (body: object, status = 200) => (await agent.post('/api/tickets/bulk', body).expect(status)).body;

describe('bulk assign', () => {
  it('assigns 50 tickets, each with its own event and version, and tells the agents of each', async () => {
    const tickets = await reports_(50);
    const socket = await agent.socket();
    const updated = new Set<string>();
    socket.on('ticket.updated', (m: { ticket: { id: string; assigneeId: string | null } }) => {
      if (m.ticket.assigneeId === agent.user.id) updated.add(m.ticket.id);
    });
    const started = Date.now();
    const result = bulkResultSchema.parse(await bulk({ tickets: tickets.map(({ id, version }) => ({ id, version })), action: { type: 'assign', assignment: { to: 'me' } } }));
    const elapsed = Date.now() - started;
    expect(result).toMatchObject({ succeeded: 50, failed: 0 });
    expect(result.results.map((r) => r.id)).toEqual(tickets.map((t) => t.id));
    for (const [i, r] of result.results.entries()) {
      expect(r.ok).toBe(true);
      if (r.ok) expect(r).toMatchObject({ changed: true, ticket: { assigneeId: agent.user.id, version: tickets[i].version + 1 } });
    }
    for (const t of tickets) {
      const events = (await h.ctx.db.repos.events.list(t.id)).filter((e) => e.type === 'assigned');
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ actor: `agent:${agent.user.id}`, data: { assigneeId: agent.user.id, previousAssigneeId: null } });
    }
    await waitFor(() => updated.size === 50, 5000, 'a live update for each ticket');
    // Sequential and each a few milliseconds: well within what an agent waits for.
    expect(elapsed).toBeLessThan(20_000);

    // Unassigned again, in one go: the versions the first answer gave.
    const back = bulkResultSchema.parse(await bulk({ tickets: result.results.map((r) => ({ id: r.id, version: r.ok ? r.ticket.version : 0 })), action: { type: 'assign', assignment: { to: 'nobody' } } }));
    expect(back.succeeded).toBe(50);
    expect((await h.ctx.db.repos.tickets.findById(tickets[0].id))!.assigneeId).toBeNull();
  }, 120_000);

  it('writes nothing for a ticket that is so already, and says so', async () => {
    const [a, b] = await reports_(2);
    const first = bulkResultSchema.parse(await bulk({ tickets: [{ id: a.id, version: a.version }], action: { type: 'assign', assignment: { to: 'me' } } }));
    const aVersion = first.results[0].ok ? first.results[0].ticket.version : 0;
    const again = bulkResultSchema.parse(await bulk({ tickets: [{ id: a.id, version: aVersion }, { id: b.id, version: b.version }], action: { type: 'assign', assignment: { to: 'me' } } }));
    expect(again.results.map((r) => (r.ok ? [r.changed, r.ticket.version] : null))).toEqual([[false, aVersion], [true, b.version + 1]]);
    expect((await h.ctx.db.repos.events.list(a.id)).filter((e) => e.type === 'assigned')).toHaveLength(1);
    // The version check holds all the same: a stale one is refused even when nothing would change.
    const stale = bulkResultSchema.parse(await bulk({ tickets: [{ id: a.id, version: aVersion - 1 }], action: { type: 'assign', assignment: { to: 'me' } } }));
    expect(stale.results[0]).toMatchObject({ ok: false, error: { code: 'stale_write' }, version: aVersion });
  });

  it('assigns to a colleague; one who is no active agent is refused for the whole request, before any ticket', async () => {
    const colleague = await h.signIn('agent', 'Bulk Colleague');
    const [a, b] = await reports_(2);
    const given = bulkResultSchema.parse(await bulk({ tickets: [a, b].map(({ id, version }) => ({ id, version })), action: { type: 'assign', assignment: { to: 'user', userId: colleague.user.id } } }));
    expect(given.succeeded).toBe(2);
    const versions = await Promise.all([a, b].map(async (t) => ({ id: t.id, version: (await h.ctx.db.repos.tickets.findById(t.id))!.version })));
    const nobody = await bulk({ tickets: versions, action: { type: 'assign', assignment: { to: 'user', userId: randomUUID() } } }, 400);
    expect(nobody.error).toMatchObject({ code: 'validation_failed', details: [{ field: 'action.assignment.userId', code: 'unknown_user' }] });
    await h.ctx.db.repos.users.update(colleague.user.id, { disabledAt: h.ctx.now() });
    expect((await bulk({ tickets: versions, action: { type: 'assign', assignment: { to: 'user', userId: colleague.user.id } } }, 400)).error.code).toBe('validation_failed');
    for (const t of versions) expect((await h.ctx.db.repos.tickets.findById(t.id))!.version).toBe(t.version);
  });
});

describe('a partial failure', () => {
  it('does the others and says which failed and why: stale versions, an invalid transition, an unknown ticket', async () => {
    const tickets = await reports_(5);
    // Meanwhile one was resolved and closed, another changed (its version moved on).
    await agent.post(`/api/tickets/${tickets[1].id}/resolve`, { version: tickets[1].version, outcome: 'no_anomaly_found' }).expect(200);
    await agent.post(`/api/tickets/${tickets[1].id}/status`, { version: (await h.ctx.db.repos.tickets.findById(tickets[1].id))!.version, status: 'closed' }).expect(200);
    const resolvedVersion = (await h.ctx.db.repos.tickets.findById(tickets[1].id))!.version;
    await agent.post(`/api/tickets/${tickets[3].id}/priority`, { version: tickets[3].version, priority: 'high' }).expect(200);
    const ghost = randomUUID();
    const request = [
      { id: tickets[0].id, version: tickets[0].version },
      { id: tickets[1].id, version: resolvedVersion },
      { id: tickets[2].id, version: tickets[2].version },
      { id: tickets[3].id, version: tickets[3].version },
      { id: ghost, version: 1 },
      { id: tickets[4].id, version: tickets[4].version },
    ];
    const result = bulkResultSchema.parse(await bulk({ tickets: request, action: { type: 'status', status: 'in_progress' } }));
    expect(result).toMatchObject({ succeeded: 3, failed: 3 });
    const byId = new Map(result.results.map((r) => [r.id, r]));
    expect(byId.get(tickets[1].id)).toMatchObject({ ok: false, error: { code: 'invalid_transition', details: { from: 'closed', to: 'in_progress' } }, version: resolvedVersion });
    expect(byId.get(tickets[3].id)).toMatchObject({ ok: false, error: { code: 'stale_write' }, version: tickets[3].version + 1 });
    expect(byId.get(ghost)).toMatchObject({ ok: false, error: { code: 'not_found' }, version: null });
    for (const t of [tickets[0], tickets[2], tickets[4]]) {
      expect(byId.get(t.id)).toMatchObject({ ok: true, ticket: { status: 'in_progress', version: t.version + 1 } });
      const changes = (await h.ctx.db.repos.events.list(t.id)).filter((e) => e.type === 'status_changed');
      expect(changes.map((e) => e.data)).toEqual([{ from: 'awaiting_customer', to: 'in_progress' }]);
    }
    // The stale one was left as it was.
    expect((await h.ctx.db.repos.tickets.findById(tickets[3].id))!.status).toBe('awaiting_customer');
  });
});

describe('bulk apply of a macro', () => {
  it('replies to each ticket in its own e-mail; one lacking a variable is refused, naming it, and gets nothing', async () => {
    const manager = await h.signIn('manager', 'Bulk Manager');
    const macro = macroSchema.parse(
      (await manager.post('/api/macros', { brand: defaultBrand.slug, language: 'fr', name: 'Incident du jour', body: 'Bonjour {{customer.name}}, votre commande {{order.number}} est bien notée ({{ticket.reference}}).', status: 'in_progress' }).expect(201)).body,
    );
    const tickets = await reports_(4, (i) => (i === 2 ? { type: 'debit_without_order', orderNumber: undefined, customerEmail: `no-order-${reports}@example.fr` } : {}));
    const result = bulkResultSchema.parse(await bulk({ tickets: tickets.map(({ id, version }) => ({ id, version })), action: { type: 'macro', macroId: macro.id } }));
    expect(result).toMatchObject({ succeeded: 3, failed: 1 });
    expect(result.results[2]).toMatchObject({ id: tickets[2].id, ok: false, error: { code: 'macro_variables_missing', details: { variables: ['order.number'] } }, version: tickets[2].version });
    expect((await h.ctx.db.repos.events.list(tickets[2].id)).filter((e) => e.type === 'reply')).toEqual([]);
    for (const i of [0, 1, 3]) {
      const t = tickets[i];
      expect(result.results[i]).toMatchObject({ ok: true, ticket: { status: 'in_progress' } });
      const replies = (await h.ctx.db.repos.events.list(t.id)).filter((e) => e.type === 'reply');
      expect(replies).toHaveLength(1);
      const stored = (await h.ctx.db.repos.tickets.findById(t.id))!;
      expect(replies[0].data.body).toBe(`Bonjour Marie Curie, votre commande ${stored.orderNumber} est bien notée (${t.reference}).`);
      const mail = await waitFor(() => h.smtp.messages.find((m) => m.subject?.includes(t.reference) && /réponse/.test(m.subject ?? '')), 10_000, 'reply mail');
      expect(mail.text).toContain(`(${t.reference})`);
    }
    // The macros' list still reads (and the bulk did not touch it).
    expect(macroListSchema.parse((await agent.get('/api/macros?language=fr').expect(200)).body).macros.some((m) => m.id === macro.id)).toBe(true);
    expect((await bulk({ tickets: [{ id: tickets[0].id, version: 1 }], action: { type: 'macro', macroId: randomUUID() } }, 404)).error.code).toBe('not_found');
  });
});

describe('throughput', () => {
  it('applies a macro to 100 tickets (the most a request takes) in one request', async () => {
    const manager = await h.signIn('manager', 'Bulk Manager');
    const macros = macroListSchema.parse((await manager.get('/api/macros?language=fr').expect(200)).body);
    const statement = macros.macros.find((m) => m.seedKey === 'statement_line')!;
    const tickets = await reports_(100);
    const started = Date.now();
    const result = bulkResultSchema.parse(await bulk({ tickets: tickets.map(({ id, version }) => ({ id, version })), action: { type: 'macro', macroId: statement.id } }));
    const elapsed = Date.now() - started;
    expect(result).toMatchObject({ succeeded: 100, failed: 0 });
    if (process.env.BULK_TIMING) process.stdout.write(`100 macro applications: ${elapsed} ms\n`);
    expect(elapsed).toBeLessThan(60_000);
  }, 180_000);
});

describe('bad bulk requests', () => {
  it('answers 400 for too many tickets, the same ticket twice, no ticket or an unknown action; 401 without a session', async () => {
    const id = randomUUID();
    const many = Array.from({ length: 101 }, () => ({ id: randomUUID(), version: 1 }));
    expect((await bulk({ tickets: many, action: { type: 'status', status: 'in_progress' } }, 400)).error.code).toBe('validation_failed');
    expect((await bulk({ tickets: [{ id, version: 1 }, { id, version: 2 }], action: { type: 'status', status: 'in_progress' } }, 400)).error.code).toBe('validation_failed');
    expect((await bulk({ tickets: [], action: { type: 'status', status: 'in_progress' } }, 400)).error.code).toBe('validation_failed');
    expect((await bulk({ tickets: [{ id, version: 1 }], action: { type: 'delete' } }, 400)).error.code).toBe('validation_failed');
    expect((await bulk({ tickets: [{ id, version: 1 }], action: { type: 'status', status: 'resolved' } }, 400)).error.code).toBe('validation_failed');
    expect((await bulk({ tickets: [{ id: 'GCH-1', version: 1 }], action: { type: 'status', status: 'in_progress' } }, 400)).error.code).toBe('validation_failed');
    expect((await h.http().post('/api/tickets/bulk').send({ tickets: [{ id, version: 1 }], action: { type: 'status', status: 'in_progress' } }).expect(401)).body.error.code).toBe('unauthenticated');
  });
});
