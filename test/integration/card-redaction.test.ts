import { doubleCharge, startHarness, type Harness } from '../support/harness';
import { waitFor } from '../support/wait';

/** A card number however its groups are separated (spaces, no-break spaces, ' - ', '/'). */
const FULL_NUMBER = /4111\D{0,3}1111\D{0,3}1111\D{0,3}1111/;
const MASKED = '•••• •••• •••• 1111';
const NBSP_NUMBER = '4111\u00a01111\u00a01111\u00a01111';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const report = async (patch: Record<string, unknown> = {}) =>
  (await h.http().post('/api/tickets').send({ ...doubleCharge, ...patch }).expect(201)).body as { id: string; reference: string };
const triaged = (id: string) =>
  waitFor(async () => {
    const t = await h.ctx.db.repos.tickets.findById(id);
    return t?.triagedAt ? t : null;
  }, 5000, 'triage');
/** Everything stored about a ticket: its row and its whole timeline. */
const stored = async (id: string) => JSON.stringify({ ticket: await h.ctx.db.repos.tickets.findById(id), events: await h.ctx.db.repos.events.list(id) });

describe('a card number typed by staff', () => {
  it('is masked in the name of a user an admin creates or renames', async () => {
    const admin = await h.signIn('admin', 'Card Admin');
    const created = await admin
      .post('/api/users', { email: 'card.named@guichet.test', name: 'Jean 4111 1111 1111 1111 Dupont', role: 'agent', password: 'a long enough password' })
      .expect(201);
    expect(created.body.name).toBe(`Jean ${MASKED} Dupont`);
    expect((await h.ctx.db.repos.users.findById(created.body.id))!.name).toBe(`Jean ${MASKED} Dupont`);

    const renamed = await admin.patch(`/api/users/${created.body.id}`, { name: `Jean\u00a0${NBSP_NUMBER}` }).expect(200);
    expect(renamed.body.name).toBe(`Jean\u00a0${MASKED}`);
    expect((await h.ctx.db.repos.users.findById(created.body.id))!.name).toBe(`Jean\u00a0${MASKED}`);
  });

  it('is masked in notes, replies and the reply e-mail, information requests, resolutions and reopening reasons', async () => {
    const agent = await h.signIn('agent', 'Card Agent');
    const t = await report({ customerEmail: 'card.staff@example.fr', orderNumber: 'SFX-CARD-1' });
    await triaged(t.id);
    const version = async () => (await agent.get(`/api/tickets/${t.id}`).expect(200)).body.version as number;

    await agent.post(`/api/tickets/${t.id}/notes`, { body: `Client a dicté ${NBSP_NUMBER} au téléphone` }).expect(201);
    await agent.post(`/api/tickets/${t.id}/replies`, { version: await version(), body: `Nous avons bien noté la carte ${NBSP_NUMBER}.` }).expect(201);
    const mail = await waitFor(() => h.smtp.messages.find((m) => m.subject?.includes(t.reference) && /réponse/.test(m.subject ?? '')), 10_000, 'reply e-mail');
    expect(`${mail.text}\n${mail.html}`).not.toMatch(FULL_NUMBER);
    expect(mail.text).toContain(MASKED);

    await agent.post(`/api/tickets/${t.id}/information-requests`, { version: await version(), items: ['amount'], message: 'Carte 4111 - 1111 - 1111 - 1111 ?' }).expect(201);
    await agent.post(`/api/tickets/${t.id}/resolve`, { version: await version(), outcome: 'hold_released', message: 'Carte 4111/1111/1111/1111 débloquée.' }).expect(200);
    await agent.post(`/api/tickets/${t.id}/reopen`, { version: await version(), reason: 'Encore débité sur 4111\t1111\t1111\t1111' }).expect(200);

    const events = await h.ctx.db.repos.events.list(t.id);
    const typed = (type: string, field: string) => events.find((e) => e.type === type)?.data[field];
    expect(typed('note', 'body')).toBe(`Client a dicté ${MASKED} au téléphone`);
    expect(typed('reply', 'body')).toBe(`Nous avons bien noté la carte ${MASKED}.`);
    expect(typed('information_requested', 'message')).toBe(`Carte ${MASKED} ?`);
    expect(typed('resolved', 'message')).toBe(`Carte ${MASKED} débloquée.`);
    expect(typed('reopened', 'reason')).toBe(`Encore débité sur ${MASKED}`);
    expect(await stored(t.id)).not.toMatch(FULL_NUMBER);
  });
});

describe('a card number in a customer report', () => {
  it("is masked whether the groups are joined by ' - ' or '/', and the rest is kept as typed", async () => {
    const description = 'Débité deux fois sur 4111 - 1111 - 1111 - 1111, puis remboursé sur 4111/1111/1111/1111 le 20/11/2026. Tél. 06 12 34 56 78.';
    const t = await report({ customerEmail: 'card.customer@example.fr', orderNumber: 'SFX-CARD-2', description });
    const ticket = (await h.ctx.db.repos.tickets.findById(t.id))!;
    expect(ticket.description).toBe(`Débité deux fois sur ${MASKED}, puis remboursé sur ${MASKED} le 20/11/2026. Tél. 06 12 34 56 78.`);
    await triaged(t.id);
    expect(await stored(t.id)).not.toMatch(FULL_NUMBER);
    const ack = await waitFor(() => h.smtp.messages.find((m) => m.subject?.includes(t.reference)), 10_000, 'acknowledgement');
    expect(`${ack.text}\n${ack.html}`).not.toMatch(FULL_NUMBER);
  });
});

describe('a card number hidden under a "__proto__" key of a report', () => {
  it('is never read through it: the report is refused or stored without the number', async () => {
    const body = `{"__proto__": {"description": "carte ${NBSP_NUMBER}"}, ${JSON.stringify({ ...doubleCharge, customerEmail: 'proto@example.fr', orderNumber: 'SFX-PROTO' }).slice(1)}`;
    const res = await h.http().post('/api/tickets').set('Content-Type', 'application/json').send(body);
    expect(res.status).toBeLessThan(500);
    if (res.status === 201) expect(await stored(res.body.id)).not.toMatch(FULL_NUMBER);
    expect(JSON.stringify(res.body)).not.toMatch(FULL_NUMBER);
  });
});
