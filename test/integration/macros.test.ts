import { randomUUID } from 'node:crypto';
import { macroApplyResultSchema, macroListSchema, macroPreviewResultSchema, macroSchema } from '../../domain/macro.schemas';
import { macroSeeds } from '../../domain/macro-seeds';
import { macroVariables } from '../../domain/macro';
import { defaultBrand, omDigitalPreset } from '../../domain/brand-presets';
import { doubleCharge, startHarness, type Harness, type SignedInClient } from '../support/harness';
import { waitFor } from '../support/wait';

/*
 * Macros (issue 16) through HTTP against the real stack, on SQLite and PostgreSQL: who may
 * write them, the seeds, the preview with its missing variables, and applying one (the reply
 * e-mailed, then the status, outcome or assignment, each its own event).
 */

let h: Harness;
let agent: SignedInClient;
let manager: SignedInClient;
let admin: SignedInClient;
beforeAll(async () => {
  h = await startHarness();
  agent = await h.signIn('agent', 'Camille Martin');
  manager = await h.signIn('manager', 'Macro Manager');
  admin = await h.signIn('admin', 'Macro Admin');
});
afterAll(async () => {
  await h?.close();
});

interface Receipt {
  id: string;
  reference: string;
  accessToken: string;
}
let reports = 0;
const report = async (patch: Record<string, unknown> = {}): Promise<Receipt> => {
  reports++;
  const body = { ...doubleCharge, customerEmail: `macro${reports}@example.fr`, orderNumber: `SFX-M${reports}`, ...patch };
  const receipt: Receipt = (await h.http().post('/api/tickets').send(body).expect(201)).body;
  await waitFor(async () => (await h.ctx.db.repos.tickets.findById(receipt.id))?.triagedAt, 10_000, 'triage');
  return receipt;
};
const versionOf = async (id: string) => (await h.ctx.db.repos.tickets.findById(id))!.version;
const eventsOf = async (id: string) => (await h.ctx.db.repos.events.list(id)).map((e) => ({ type: e.type, actor: e.actor, data: e.data }));
const mailFor = (reference: string, subject: RegExp) =>
  waitFor(() => h.smtp.messages.find((m) => m.subject?.includes(reference) && subject.test(m.subject ?? '')), 10_000, `mail ${subject} for ${reference}`);
const listMacros = async (client: SignedInClient, query = '') => macroListSchema.parse((await client.get(`/api/macros${query}`).expect(200)).body);
const seeded = async (key: string, language: 'fr' | 'en') => (await listMacros(agent, `?language=${language}`)).macros.find((m) => m.seedKey === key)!;

/** The ledger of the default shop holds the customer's charge and its refund (with an ARN). */
async function refundInLedger(orderNumber: string, customerEmail: string) {
  const brand = (await h.ctx.db.repos.brands.findDefault())!;
  const chargeId = `ch_${randomUUID().slice(0, 8)}`;
  await h.ctx.db.repos.payments.upsertMany(
    brand.id,
    [
      { provider: 'stripe', providerId: chargeId, kind: 'charge', status: 'succeeded', captured: true, amountCents: 5990, currency: 'EUR', occurredAt: new Date('2026-11-20T13:32:30Z'), cardBrand: 'visa', cardLast4: '4242', customerEmail, orderReference: orderNumber },
      { provider: 'stripe', providerId: `re_${chargeId}`, kind: 'refund', status: 'succeeded', amountCents: 5990, currency: 'EUR', occurredAt: new Date('2026-11-21T09:15:00Z'), chargeId, arn: '74987654321012345678901' },
    ],
    h.ctx.now(),
  );
}

describe('the seeded macros', () => {
  it('are there for the default shop in French and English, with the catalogue of variables', async () => {
    const list = await listMacros(agent);
    const keys = list.macros.map((m) => `${m.seedKey}|${m.language}`).sort();
    expect(keys).toEqual(macroSeeds.map((s) => `${s.key}|${s.language}`).sort());
    expect(list.macros.every((m) => m.brand === defaultBrand.slug)).toBe(true);
    expect(list.variables.map((v) => v.name)).toEqual([...macroVariables]);
    const fr = await listMacros(agent, '?language=fr');
    expect(fr.macros.length).toBe(macroSeeds.length / 2);
    expect(fr.macros.every((m) => m.language === 'fr')).toBe(true);
  });

  it('are seeded once: a deleted seeded macro does not come back', async () => {
    const cancel = await seeded('cancellation_too_late', 'en');
    await manager.delete(`/api/macros/${cancel.id}`).expect(204);
    expect((await listMacros(agent)).macros.find((m) => m.id === cancel.id)).toBeUndefined();
    expect((await listMacros(agent)).macros.filter((m) => m.seedKey === 'cancellation_too_late').map((m) => m.language)).toEqual(['fr']);
    // Put back for the tests below, as a manager would.
    const seed = macroSeeds.find((s) => s.key === 'cancellation_too_late' && s.language === 'en')!;
    await manager.post('/api/macros', { brand: defaultBrand.slug, language: 'en', name: seed.name, body: seed.body, outcome: seed.outcome }).expect(201);
  });

  it('are given to a shop created later, the first time its macros are read', async () => {
    const now = h.ctx.now();
    await h.ctx.db.repos.brands.insert({ id: randomUUID(), slug: 'seeded-later', name: 'Seeded Later', isDefault: false, policy: defaultBrand.policy, createdAt: now, updatedAt: now });
    const list = await listMacros(agent, '?brand=seeded-later');
    expect(list.macros).toHaveLength(macroSeeds.length);
    expect(list.macros.every((m) => m.brand === 'seeded-later')).toBe(true);
    expect((await agent.get('/api/macros?brand=no-such-shop').expect(404)).body.error.code).toBe('not_found');
    // A shop that allows no cancellation once confirmed (seed 004) gets the words for it.
    await h.ctx.db.repos.brands.insert({ id: randomUUID(), slug: 'no-cancellation', name: 'No Cancellation', isDefault: false, policy: omDigitalPreset.policy, createdAt: now, updatedAt: now });
    const om = (await listMacros(agent, '?brand=no-cancellation&language=fr')).macros.find((m) => m.seedKey === 'cancellation_too_late')!;
    expect(om.body).not.toContain('{{brand.cancellation_window}}');
    expect(om.body).toContain('une fois confirmée');
    // The shop of a ticket, as the ticket's reply tab asks.
    const t = await report();
    const ofTicket = await listMacros(agent, `?ticket=${t.reference}&language=en`);
    expect(ofTicket.macros.length).toBeGreaterThan(0);
    expect(ofTicket.macros.every((m) => m.brand === defaultBrand.slug && m.language === 'en')).toBe(true);
    expect((await agent.get('/api/macros?ticket=GCH-0000-0000').expect(404)).body.error.code).toBe('not_found');
  });
});

describe('writing macros', () => {
  const draft = { brand: defaultBrand.slug, language: 'fr', name: 'Relance courte', body: 'Bonjour {{ customer.name }}, où en êtes-vous ? {{agent.name}}', status: 'awaiting_customer' };

  it('is for managers and admins; agents read', async () => {
    expect((await agent.post('/api/macros', draft).expect(403)).body.error.code).toBe('forbidden');
    const created = macroSchema.parse((await manager.post('/api/macros', draft).expect(201)).body);
    expect(created).toMatchObject({ name: 'Relance courte', language: 'fr', status: 'awaiting_customer', outcome: null, assignment: null, seedKey: null });
    expect(macroSchema.parse((await agent.get(`/api/macros/${created.id}`).expect(200)).body)).toEqual(created);
    expect((await agent.put(`/api/macros/${created.id}`, { ...draft, brand: undefined }).expect(403)).body.error.code).toBe('forbidden');
    expect((await agent.delete(`/api/macros/${created.id}`).expect(403)).body.error.code).toBe('forbidden');
    const { brand: _brand, ...fields } = draft;
    expect(created.version).toBe(1);
    const changed = macroSchema.parse((await admin.put(`/api/macros/${created.id}`, { ...fields, version: 1, name: 'Relance', status: null, assignment: { to: 'me' } }).expect(200)).body);
    expect(changed).toMatchObject({ id: created.id, name: 'Relance', status: null, assignment: { to: 'me' }, version: 2 });
    // A manager editing what she saw before that change is told, and nothing is overwritten.
    const stale = await manager.put(`/api/macros/${created.id}`, { ...fields, version: 1, name: 'Relance ancienne' }).expect(409);
    expect(stale.body.error).toMatchObject({ code: 'stale_write', details: { version: 2 } });
    expect((await h.ctx.db.repos.macros.findById(created.id))!.name).toBe('Relance');
    expect((await manager.put(`/api/macros/${created.id}`, { ...fields, name: 'Sans version' }).expect(400)).body.error.code).toBe('validation_failed');
    await admin.delete(`/api/macros/${created.id}`).expect(204);
    expect((await agent.get(`/api/macros/${created.id}`).expect(404)).body.error.code).toBe('not_found');
    expect((await admin.delete(`/api/macros/${created.id}`).expect(404)).body.error.code).toBe('not_found');
  });

  it('refuses unknown variables, naming them, and a name the shop has in that language', async () => {
    const bad = await manager.post('/api/macros', { ...draft, name: 'Inconnue', body: 'Bonjour {{customer.nom}}, {{ticket.reference}} {{ order.numero }}' }).expect(422);
    expect(bad.body.error).toMatchObject({ code: 'unknown_macro_variables', details: { field: 'body', variables: ['customer.nom', 'order.numero'] } });
    expect(bad.body.error.message).toContain('customer.nom');
    await manager.post('/api/macros', { ...draft, name: 'Doublon' }).expect(201);
    expect((await manager.post('/api/macros', { ...draft, name: 'Doublon' }).expect(409)).body.error.code).toBe('macro_name_taken');
    // The same name in the other language is another macro.
    await manager.post('/api/macros', { ...draft, name: 'Doublon', language: 'en' }).expect(201);
  });

  it('answers bad input with 400, never 500', async () => {
    const bad = async (body: object) => (await manager.post('/api/macros', body).expect(400)).body.error.code;
    expect(await bad({ ...draft, status: 'awaiting_customer', outcome: 'hold_released' })).toBe('validation_failed');
    expect(await bad({ ...draft, outcome: 'duplicate_of', status: null })).toBe('validation_failed');
    expect(await bad({ ...draft, language: 'de' })).toBe('validation_failed');
    expect(await bad({ ...draft, body: '' })).toBe('validation_failed');
    expect(await bad({ ...draft, extra: 1 })).toBe('validation_failed');
    expect(await bad({ ...draft, assignment: { to: 'user', userId: randomUUID() } })).toBe('validation_failed');
    expect((await agent.get('/api/macros/not-a-uuid').expect(400)).body.error.code).toBe('validation_failed');
    expect((await agent.get('/api/macros?language=xx').expect(400)).body.error.code).toBe('validation_failed');
  });

  it('stores no card number', async () => {
    const created = macroSchema.parse((await manager.post('/api/macros', { ...draft, name: 'Carte', body: 'Votre carte 4242 4242 4242 4242 {{customer.name}}' }).expect(201)).body);
    expect(created.body).not.toContain('4242 4242 4242 4242');
    expect((await h.ctx.db.repos.macros.findById(created.id))!.body).not.toContain('4242 4242 4242 4242');
  });
});

describe('previewing and applying a macro', () => {
  it('previews with the ticket’s values, a variable without a value flagged and kept as written', async () => {
    const t = await report();
    const refund = await seeded('refund_issued', 'fr');
    const preview = macroPreviewResultSchema.parse((await agent.post(`/api/macros/${refund.id}/preview`, { ticketId: t.id }).expect(200)).body);
    expect(preview.missing).toEqual(['payment.refund_amount', 'payment.refund_date', 'payment.refund_arn']);
    expect(preview.complete).toBe(false);
    expect(preview.text).toContain('Bonjour Marie Curie');
    expect(preview.text).toContain('{{payment.refund_arn}}');
    expect(preview.text).toContain('Camille Martin');
    expect(preview.text).toContain('10 à 15 jours ouvrés');
    expect(preview).toMatchObject({ language: 'fr', outcome: 'refunded', status: null });
    // An edit of the preview is rendered too: the agent's own words, the variables it still holds.
    const edited = macroPreviewResultSchema.parse((await agent.post(`/api/macros/${refund.id}/preview`, { ticketId: t.reference, body: 'Merci {{customer.name}} : {{ ticket.reference }}' }).expect(200)).body);
    expect(edited).toMatchObject({ text: `Merci Marie Curie : ${t.reference}`, missing: [], complete: true });
    expect((await agent.post(`/api/macros/${refund.id}/preview`, { ticketId: 'GCH-0000-0000' }).expect(404)).body.error.code).toBe('not_found');
  });

  it('refuses to send a text with a variable lacking a value, naming it, and sends nothing', async () => {
    const t = await report();
    const hold = await seeded('hold_released', 'en');
    const res = await agent.post(`/api/macros/${hold.id}/apply`, { ticketId: t.id, version: await versionOf(t.id) }).expect(422);
    expect(res.body.error).toMatchObject({ code: 'macro_variables_missing', details: { variables: ['payment.hold_release_date'] } });
    // The agent's edit still holding the variable is refused the same way.
    const edited = await agent.post(`/api/macros/${hold.id}/apply`, { ticketId: t.id, version: await versionOf(t.id), body: 'Gone by {{ payment.hold_release_date }}' }).expect(422);
    expect(edited.body.error.details.variables).toEqual(['payment.hold_release_date']);
    const unknown = await agent.post(`/api/macros/${hold.id}/apply`, { ticketId: t.id, version: await versionOf(t.id), body: 'Hello {{customer.first_name}}' }).expect(422);
    expect(unknown.body.error).toMatchObject({ code: 'unknown_macro_variables', details: { variables: ['customer.first_name'] } });
    expect((await eventsOf(t.id)).filter((e) => e.type === 'reply')).toEqual([]);
    expect((await h.ctx.db.repos.tickets.findById(t.id))!.status).not.toBe('resolved');
  });

  it('sends the refund macro once the ledger shows the refund: the reply e-mailed, then resolved as refunded, each its own event', async () => {
    const t = await report({ customerEmail: 'refunded.macro@example.fr', orderNumber: 'SFX-REFUND-1' });
    await refundInLedger('SFX-REFUND-1', 'refunded.macro@example.fr');
    const refund = await seeded('refund_issued', 'fr');
    const preview = macroPreviewResultSchema.parse((await agent.post(`/api/macros/${refund.id}/preview`, { ticketId: t.id }).expect(200)).body);
    expect(preview.missing).toEqual([]);
    expect(preview.text.replace(/[\u00a0\u202f]/g, ' ')).toContain('Nous avons remboursé 59,90 € le 21 novembre 2026');
    expect(preview.text).toContain('74987654321012345678901');

    const version = await versionOf(t.id);
    const applied = macroApplyResultSchema.parse((await agent.post(`/api/macros/${refund.id}/apply`, { ticketId: t.id, version }).expect(200)).body);
    expect(applied.steps).toEqual(['reply', 'resolve']);
    expect(applied.ticket).toMatchObject({ id: t.id, status: 'resolved', outcome: 'refunded', assigneeId: agent.user.id });
    expect(applied.ticket.version).toBeGreaterThan(version + 1);

    const events = await eventsOf(t.id);
    const reply = events.find((e) => e.type === 'reply')!;
    expect(reply).toMatchObject({ actor: `agent:${agent.user.id}`, data: { body: preview.text, authorName: 'Camille Martin', macro: { id: refund.id, name: refund.name } } });
    // One transaction: the reply and the resolution were written at the same instant.
    const written = await h.ctx.db.repos.events.list(t.id);
    expect(new Set(written.filter((e) => ['reply', 'resolved'].includes(e.type)).map((e) => e.createdAt.getTime())).size).toBe(1);
    const resolved = events.find((e) => e.type === 'resolved')!;
    expect(resolved.data).toMatchObject({ outcome: 'refunded', details: { refundAmountCents: 5990, refundedAt: '2026-11-21T09:15:00.000Z' } });
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['reply', 'resolved', 'assigned']));

    const mail = await mailFor(t.reference, /réponse/);
    expect(mail.text).toContain('74987654321012345678901');
    expect(mail.text).toContain('Bonjour Marie Curie');
    await mailFor(t.reference, /résolue/);
    const stored = await h.ctx.db.repos.tickets.findById(t.id);
    expect(stored!.firstRespondedAt).not.toBeNull();
  });

  it('keeps the private link out of the stored reply: the e-mail carries it under the text', async () => {
    const t = await report();
    // Missing its proof, the report awaits the customer: an agent took it back to work.
    expect((await h.ctx.db.repos.tickets.findById(t.id))!.status).toBe('awaiting_customer');
    await agent.post(`/api/tickets/${t.id}/status`, { version: await versionOf(t.id), status: 'in_progress' }).expect(200);
    const statement = await seeded('statement_line', 'fr');
    const applied = macroApplyResultSchema.parse((await agent.post(`/api/macros/${statement.id}/apply`, { ticketId: t.id, version: await versionOf(t.id) }).expect(200)).body);
    expect(applied.steps).toEqual(['reply', 'status']);
    expect(applied.ticket.status).toBe('awaiting_customer');
    const events = await eventsOf(t.id);
    const reply = events.find((e) => e.type === 'reply')!;
    expect(JSON.stringify(events)).not.toContain(t.accessToken);
    expect(String(reply.data.body)).toContain('votre page de suivi (lien en bas de ce message)');
    expect(events.filter((e) => e.type === 'status_changed').map((e) => e.data)).toEqual([{ from: 'awaiting_customer', to: 'in_progress' }, { from: 'in_progress', to: 'awaiting_customer' }]);
    const mail = await mailFor(t.reference, /réponse/);
    expect(mail.text).toContain(t.accessToken);
    expect(mail.text).toContain('votre page de suivi (lien en bas de ce message)');
  });

  it('sends the agent’s edit of the preview, and assigns as the macro says', async () => {
    const colleague = await h.signIn('agent', 'Dominique Colleague');
    const t = await report({ language: 'en' });
    const macro = macroSchema.parse(
      (await manager.post('/api/macros', { brand: defaultBrand.slug, language: 'en', name: 'Hand over', body: 'Hello {{customer.name}}, {{agent.name}} here.', assignment: { to: 'user', userId: colleague.user.id } }).expect(201)).body,
    );
    const applied = macroApplyResultSchema.parse(
      (await agent.post(`/api/macros/${macro.id}/apply`, { ticketId: t.id, version: await versionOf(t.id), body: 'Hello {{customer.name}}, a colleague takes over from {{agent.name}}.' }).expect(200)).body,
    );
    expect(applied.steps).toEqual(['reply', 'assign']);
    expect(applied.ticket.assigneeId).toBe(colleague.user.id);
    const mail = await mailFor(t.reference, /reply/);
    expect(mail.text).toContain('Hello Marie Curie, a colleague takes over from Camille Martin.');
    const assigned = (await eventsOf(t.id)).find((e) => e.type === 'assigned')!;
    expect(assigned.data).toMatchObject({ assigneeId: colleague.user.id, assigneeName: 'Dominique Colleague' });
  });

  it('refuses a stale version, a resolved ticket and another shop’s macro before sending anything', async () => {
    const t = await report();
    const statement = await seeded('statement_line', 'fr');
    const version = await versionOf(t.id);
    expect((await agent.post(`/api/macros/${statement.id}/apply`, { ticketId: t.id, version: version - 1 }).expect(409)).body.error.code).toBe('stale_write');
    expect((await eventsOf(t.id)).filter((e) => e.type === 'reply')).toEqual([]);

    await agent.post(`/api/tickets/${t.id}/resolve`, { version, outcome: 'no_anomaly_found' }).expect(200);
    const after = await versionOf(t.id);
    const refused = await agent.post(`/api/macros/${statement.id}/apply`, { ticketId: t.id, version: after }).expect(409);
    expect(refused.body.error.code).toBe('invalid_transition');
    expect((await eventsOf(t.id)).filter((e) => e.type === 'reply')).toEqual([]);

    const other = (await listMacros(agent, '?brand=seeded-later&language=fr')).macros.find((m) => m.seedKey === 'statement_line')!;
    const t2 = await report();
    expect((await agent.post(`/api/macros/${other.id}/apply`, { ticketId: t2.id, version: await versionOf(t2.id) }).expect(422)).body.error.code).toBe('macro_other_brand');
    expect((await agent.post(`/api/macros/${other.id}/preview`, { ticketId: t2.id }).expect(422)).body.error.code).toBe('macro_other_brand');
  });

  it('refuses a refund macro on a ticket with no amount to record, before sending', async () => {
    const macro = macroSchema.parse((await manager.post('/api/macros', { brand: defaultBrand.slug, language: 'fr', name: 'Remboursé sans montant', body: 'Bonjour {{customer.name}}, c’est remboursé.', outcome: 'refunded' }).expect(201)).body);
    const t = await report({ type: 'cancellation_request', amount: undefined, paymentTime: undefined, cardType: undefined, cardLast4: undefined, orderTime: '2026-11-20T10:00:00+01:00' });
    expect((await h.ctx.db.repos.tickets.findById(t.id))!.amountCents).toBeNull();
    const res = await agent.post(`/api/macros/${macro.id}/apply`, { ticketId: t.id, version: await versionOf(t.id) }).expect(422);
    expect(res.body.error).toMatchObject({ code: 'macro_variables_missing', details: { variables: ['payment.refund_amount'] } });
    expect((await eventsOf(t.id)).filter((e) => e.type === 'reply')).toEqual([]);
  });

  it('answers bad apply input with 400', async () => {
    const statement = await seeded('statement_line', 'fr');
    expect((await agent.post(`/api/macros/${statement.id}/apply`, { ticketId: 'x' }).expect(400)).body.error.code).toBe('validation_failed');
    expect((await agent.post(`/api/macros/${statement.id}/apply`, { ticketId: 'x', version: 1, body: '' }).expect(400)).body.error.code).toBe('validation_failed');
    expect((await agent.post(`/api/macros/${randomUUID()}/apply`, { ticketId: 'x', version: 1 }).expect(404)).body.error.code).toBe('not_found');
  });
});

