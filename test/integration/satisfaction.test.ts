import request from 'supertest';
import { brandPresets } from '../../domain/brand-presets';
import { csatReportSchema, satisfactionViewSchema } from '../../domain/satisfaction.schemas';
import { openApiDocument } from '../../server/openapi/document';
import { refreshRollups } from '../../workers/sla-rollup.processor';
import { doubleCharge, startHarness, type Harness, type SignedInClient } from '../support/harness';
import { waitFor } from '../support/wait';

/*
 * Satisfaction (issue 16): after resolution the customer rates the answer once, from the
 * resolution e-mail's score links (which only open the page) or from the status page; the
 * managers' report shows CSAT by type, brand and agent. On SQLite and PostgreSQL.
 */

let h: Harness;
let alice: SignedInClient;
let bob: SignedInClient;
let manager: SignedInClient;
beforeAll(async () => {
  h = await startHarness();
  alice = await h.signIn('agent', 'Alice Csat');
  bob = await h.signIn('agent', 'Bob Csat');
  manager = await h.signIn('manager', 'Manon Csat');
});
afterAll(async () => {
  await h?.close();
});

interface Receipt {
  id: string;
  reference: string;
  accessToken: string;
}
const report = async (patch: Record<string, unknown> = {}): Promise<Receipt> => (await h.http().post('/api/tickets').send({ ...doubleCharge, ...patch }).expect(201)).body;
const triaged = (id: string) =>
  waitFor(async () => {
    const t = await h.ctx.db.repos.tickets.findById(id);
    return t?.triagedAt ? t : null;
  }, 10_000, 'triage');
const version = async (agent: SignedInClient, id: string) => (await agent.get(`/api/tickets/${id}`).expect(200)).body.version as number;
async function resolved(agent: SignedInClient, patch: Record<string, unknown> = {}) {
  const t = await report(patch);
  await triaged(t.id);
  await agent.post(`/api/tickets/${t.id}/resolve`, { version: await version(agent, t.id), outcome: 'no_anomaly_found', message: 'Le second débit était une empreinte.' }).expect(200);
  return t;
}
const satisfaction = (t: Receipt, token = t.accessToken) => request(h.url).get(`/api/tickets/${t.reference}/satisfaction`).set('Authorization', `Bearer ${token}`);
const rate = (t: Receipt, body: unknown, token = t.accessToken) => request(h.url).post(`/api/tickets/${t.reference}/satisfaction`).set('Authorization', `Bearer ${token}`).send(body as object);

describe('rating from the resolution e-mail', () => {
  let t: Receipt;
  beforeAll(async () => {
    t = await resolved(alice, { customerEmail: 'rate.mail@example.fr', orderNumber: 'SFX-R-1' });
  });

  it('puts five score links in the resolution e-mail, and following them records nothing', async () => {
    const mail = await waitFor(() => h.smtp.messages.find((m) => m.subject === `[${t.reference}] Votre demande est résolue`), 15_000, 'resolution mail');
    const links = [...(mail.text ?? '').matchAll(/(https?:\/\/\S+\?rate=(\d)#token=\S+)/g)];
    expect(links.map((l) => l[2])).toEqual(['1', '2', '3', '4', '5']);
    expect(links[3][1]).toBe(`${h.config.PUBLIC_URL}/t/${t.reference}?rate=4#token=${t.accessToken}`);
    expect(mail.html).toContain(`?rate=5#token=${t.accessToken}`);
    // A mail scanner follows every link (the fragment never reaches a server), and reads the API too.
    for (const score of [1, 2, 3, 4, 5]) await h.http().get(`/t/${t.reference}?rate=${score}`);
    expect((await satisfaction(t).expect(200)).body).toEqual({ reference: t.reference, rateable: true, reason: null, rating: null });
    expect(await h.ctx.db.repos.satisfaction.listForTicket(t.id)).toHaveLength(0);
  });

  it('records the confirmed score once, the comment redacted, and tells agents', async () => {
    const socket = await alice.socket();
    const heard: string[] = [];
    socket.on('ticket.updated', (n: { ticket: { id: string } }) => heard.push(n.ticket.id));
    const res = await rate(t, { score: 4, comment: 'Rapide. Ma carte 4111 1111 1111 1111 va bien.', via: 'email' }).expect(201);
    satisfactionViewSchema.parse(res.body);
    expect(res.body).toEqual({ reference: t.reference, rateable: false, reason: 'already_rated', rating: { score: 4, comment: 'Rapide. Ma carte •••• •••• •••• 1111 va bien.', at: expect.any(String) } });
    const [row] = await h.ctx.db.repos.satisfaction.listForTicket(t.id);
    expect(row).toMatchObject({ score: 4, via: 'email', agentId: alice.user.id, type: 'double_charge' });
    expect(row.comment).not.toContain('4111 1111');
    const events = await h.ctx.db.repos.events.list(t.id);
    expect(events.filter((e) => e.type === 'satisfaction_rated')).toHaveLength(1);
    expect(events.find((e) => e.type === 'redacted' && JSON.stringify(e.data).includes('comment'))).toBeTruthy();
    expect(JSON.stringify(events)).not.toContain('4111 1111 1111 1111');
    await waitFor(() => heard.includes(t.id), 5000, 'ticket.updated');

    const again = await rate(t, { score: 1 }).expect(409);
    expect(again.body.error.code).toBe('already_rated');
    expect(await h.ctx.db.repos.satisfaction.listForTicket(t.id)).toHaveLength(1);
  });
});

describe('rating from the status page', () => {
  it('refuses an open ticket, a bad score or comment, and anyone without the token', async () => {
    const open = await report({ customerEmail: 'rate.open@example.fr', orderNumber: 'SFX-R-2' });
    await triaged(open.id);
    expect((await satisfaction(open).expect(200)).body).toMatchObject({ rateable: false, reason: 'not_resolved' });
    expect((await rate(open, { score: 5 }).expect(409)).body.error).toMatchObject({ code: 'not_rateable', details: { reason: 'not_resolved' } });
    const t = await resolved(bob, { customerEmail: 'rate.page@example.fr', orderNumber: 'SFX-R-3' });
    for (const body of [{ score: 0 }, { score: 6 }, { score: 3.5 }, { score: '5' }, {}, { score: 5, comment: 'x'.repeat(1001) }, { score: 5, extra: 1 }, [5]]) {
      expect((await rate(t, body)).status).toBe(400);
    }
    await rate(t, { score: 5 }, open.accessToken).expect(404);
    await request(h.url).post(`/api/tickets/${t.reference}/satisfaction`).send({ score: 5 }).expect(404);
    expect(await h.ctx.db.repos.satisfaction.listForTicket(t.id)).toHaveLength(0);
    await rate(t, { score: 5, comment: 'Parfait' }).expect(201);
  });

  it('takes one rating of two sent at once', async () => {
    const t = await resolved(bob, { customerEmail: 'rate.race@example.fr', orderNumber: 'SFX-R-4' });
    const answers = await Promise.all([rate(t, { score: 2 }), rate(t, { score: 3 }), rate(t, { score: 4 })]);
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409]);
    expect(await h.ctx.db.repos.satisfaction.listForTicket(t.id)).toHaveLength(1);
  });

  it('takes a new rating after the ticket is reopened and resolved again (one per resolution)', async () => {
    const t = await resolved(alice, { customerEmail: 'rate.reopen@example.fr', orderNumber: 'SFX-R-5' });
    await rate(t, { score: 2, comment: 'Pas résolu' }).expect(201);
    await alice.post(`/api/tickets/${t.id}/reopen`, { version: await version(alice, t.id), reason: 'La cliente a écrit' }).expect(200);
    expect((await satisfaction(t).expect(200)).body).toMatchObject({ rateable: false, reason: 'not_resolved', rating: null });
    await alice.post(`/api/tickets/${t.id}/resolve`, { version: await version(alice, t.id), outcome: 'no_anomaly_found' }).expect(200);
    expect((await satisfaction(t).expect(200)).body).toMatchObject({ rateable: true, rating: null });
    await rate(t, { score: 5 }).expect(201);
    expect((await h.ctx.db.repos.satisfaction.listForTicket(t.id)).map((r) => r.score)).toEqual([2, 5]);
  });

  it('rates the survivor through a merged ticket’s link', async () => {
    const a = await report({ customerEmail: 'rate.merge@example.fr', orderNumber: 'SFX-R-6' });
    await triaged(a.id);
    const b = await report({ customerEmail: 'rate.merge@example.fr', orderNumber: 'SFX-R-6' });
    await triaged(b.id);
    await alice.post(`/api/tickets/${b.id}/merge`, { into: a.id, version: await version(alice, b.id), intoVersion: await version(alice, a.id) }).expect(200);
    await alice.post(`/api/tickets/${a.id}/resolve`, { version: await version(alice, a.id), outcome: 'no_anomaly_found' }).expect(200);
    expect((await satisfaction(b).expect(200)).body).toMatchObject({ reference: a.reference, rateable: true });
    await rate(b, { score: 4 }).expect(201);
    expect((await h.ctx.db.repos.satisfaction.listForTicket(a.id)).map((r) => r.score)).toEqual([4]);
    expect(await h.ctx.db.repos.satisfaction.listForTicket(b.id)).toHaveLength(0);
  });
});

describe('the managers’ CSAT report', () => {
  // A fresh period of its own: the tickets above were created on the harness's first day.
  const day = '2026-12-07';
  const range = { from: day, to: day };
  beforeAll(async () => {
    h.clock.set(new Date(`${day}T09:30:00Z`));
    // Sessions last 12 hours: sign in again on that day.
    [alice, bob, manager] = [await h.signIn('agent', 'Alice Csat'), await h.signIn('agent', 'Bob Csat'), await h.signIn('manager', 'Manon Csat')];
    const offtek = brandPresets.find((p) => p.name === 'OFFTEK')!;
    const admin = await h.signIn('admin', 'Admin Csat');
    await admin.post('/api/brands', { slug: 'offtek-csat', name: 'OFFTEK Csat', policy: offtek.policy }).expect(201);
    const rated = async (agent: SignedInClient, patch: Record<string, unknown>, score: number | null) => {
      const t = await resolved(agent, patch);
      if (score !== null) await rate(t, { score }).expect(201);
      return t;
    };
    await rated(alice, { customerEmail: 'r1@example.fr', orderNumber: 'SFX-C-1' }, 5);
    await rated(alice, { customerEmail: 'r2@example.fr', orderNumber: 'SFX-C-2' }, 4);
    await rated(alice, { customerEmail: 'r3@example.fr', type: 'failed_payment', orderNumber: undefined, debited: false }, 2);
    await rated(bob, { customerEmail: 'r4@example.fr', orderNumber: 'SFX-C-4' }, 1);
    await rated(bob, { customerEmail: 'r5@example.fr', orderNumber: 'SFX-C-5' }, null);
    await rated(bob, { customerEmail: 'r6@example.fr', orderNumber: 'SFX-C-6', brand: 'offtek-csat' }, 5);
    // Open: counts for neither side.
    await triaged((await report({ customerEmail: 'r7@example.fr', orderNumber: 'SFX-C-7' })).id);
    await refreshRollups(h.ctx);
    h.clock.real();
  });

  const csat = async (query: Record<string, string>) => csatReportSchema.parse((await manager.get('/api/analytics/satisfaction').query({ ...range, ...query }).expect(200)).body);
  const byKey = (groups: Array<{ key: string }>) => Object.fromEntries(groups.map((g) => [g.key, g]));

  it('by type: CSAT (share of 4–5), average, count and response rate over resolved tickets', async () => {
    const report = await csat({ groupBy: 'type' });
    expect(report.totals).toMatchObject({ ratings: 5, csat: 0.6, averageScore: 3.4, resolved: 6, ratedTickets: 5, responseRate: 0.8333, scores: { '1': 1, '2': 1, '3': 0, '4': 1, '5': 2 } });
    const types = byKey(report.groups);
    expect(types.double_charge).toMatchObject({ label: 'Débit en double', ratings: 4, csat: 0.75, averageScore: 3.75, resolved: 5, responseRate: 0.8 });
    expect(types.failed_payment).toMatchObject({ ratings: 1, csat: 0, averageScore: 2, resolved: 1, responseRate: 1 });
  });

  it('by brand and by the agent who resolved', async () => {
    const brands = byKey((await csat({ groupBy: 'brand' })).groups);
    expect(brands.sofimix).toMatchObject({ ratings: 4, resolved: 5, csat: 0.5 });
    expect(brands['offtek-csat']).toMatchObject({ label: 'OFFTEK Csat', ratings: 1, resolved: 1, csat: 1 });
    const agents = Object.fromEntries((await csat({ groupBy: 'agent', lang: 'en' })).groups.map((g: { label: string }) => [g.label, g]));
    expect(agents['Alice Csat']).toMatchObject({ ratings: 3, csat: 0.6667, averageScore: 3.67, resolved: 3, responseRate: 1 });
    expect(agents['Bob Csat']).toMatchObject({ ratings: 2, csat: 0.5, averageScore: 3, resolved: 3, responseRate: 0.6667 });
    expect((await csat({ groupBy: 'brand', brand: 'offtek-csat' })).totals).toMatchObject({ ratings: 1, resolved: 1 });
  });

  it('gives the same figures from the roll-ups as from the tickets, and a CSV', async () => {
    for (const groupBy of ['type', 'brand', 'agent', 'day']) {
      const [fromRollups, fromTickets] = [await csat({ groupBy }), await csat({ groupBy, source: 'tickets' })];
      expect({ ...fromRollups, source: 'x', generatedAt: 'x' }).toEqual({ ...fromTickets, source: 'x', generatedAt: 'x' });
    }
    const csv = await manager.get('/api/analytics/satisfaction').query({ ...range, groupBy: 'type', format: 'csv' }).expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.text).toContain('type,label,ratings,csat,average_score,score_1,score_2,score_3,score_4,score_5,resolved,rated_tickets,response_rate');
    expect(csv.text).toContain('double_charge,Débit en double,4,0.75,3.75,1,0,0,1,2,5,4,0.8');
  });

  it('is for managers, and refuses a bad query with a 400', async () => {
    await alice.get('/api/analytics/satisfaction').expect(403);
    expect((await manager.get('/api/analytics/satisfaction').query({ groupBy: 'colour' }).expect(400)).body.error.code).toBe('validation_failed');
  });
});

it('describes its routes in the OpenAPI document', async () => {
  const doc = (await h.http().get('/api/openapi.json').expect(200)).body;
  expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/tickets/{reference}/satisfaction', '/api/analytics/satisfaction', '/api/tickets/{id}/merge', '/api/tickets/{id}/merges']));
  expect(Object.keys(doc.paths['/api/tickets/{reference}/satisfaction'].post.responses)).toEqual(expect.arrayContaining(['201', '400', '404', '409']));
  expect(openApiDocument().paths!['/api/tickets/{id}/merge']!.post!.responses!['422']).toBeDefined();
});
