import request from 'supertest';
import { plusAddress, replyTokenFor } from '../../core/access-token';
import { importInboundMail } from '../../core/inbound-import';
import { brandPresets } from '../../domain/brand-presets';
import { outgoingMessageId } from '../../domain/inbound-mail';
import { customerViewMergeFields, mergeOverviewSchema, mergeResultSchema } from '../../domain/merge.schemas';
import { doubleCharge, PNG_BYTES, startHarness, type Harness, type SignedInClient } from '../support/harness';
import { waitFor } from '../support/wait';

/*
 * Merge (issue 16): an agent folds a possible duplicate into the older report of the same
 * customer. Through HTTP against the real stack, on SQLite and PostgreSQL.
 */

let h: Harness;
let agent: SignedInClient;
beforeAll(async () => {
  h = await startHarness();
  agent = await h.signIn('agent', 'Merge Agent');
});
afterAll(async () => {
  await h?.close();
});

interface Receipt {
  id: string;
  reference: string;
  accessToken: string;
}

const report = async (patch: Record<string, unknown> = {}, proof = false): Promise<Receipt> => {
  const body = { ...doubleCharge, ...patch };
  if (!proof) return (await h.http().post('/api/tickets').send(body).expect(201)).body;
  const req = h.http().post('/api/tickets');
  for (const [k, v] of Object.entries(body)) if (v !== undefined) req.field(k, String(v));
  return (await req.attach('evidence', PNG_BYTES, { filename: 'second-debit.png', contentType: 'image/png' }).expect(201)).body;
};
const triaged = (id: string) =>
  waitFor(async () => {
    const t = await h.ctx.db.repos.tickets.findById(id);
    return t?.triagedAt ? t : null;
  }, 10_000, 'triage');
const detail = async (id: string) => (await agent.get(`/api/tickets/${id}`).expect(200)).body;
const asCustomer = (path: string, token: string) => request(h.url).get(path).set('Authorization', `Bearer ${token}`);
const mailsTo = (email: string, subject: RegExp) => h.smtp.messages.filter((m) => [m.to ?? []].flat().some((to) => to.value.some((a) => a.address === email)) && subject.test(m.subject ?? ''));

/** Two reports of one customer about one order: the second is flagged as a possible duplicate of the first at triage. */
async function duplicatePair(email: string, order: string) {
  const a = await report({ customerEmail: email, orderNumber: order, cardLast4: undefined });
  await triaged(a.id);
  const b = await report({ customerEmail: email, orderNumber: order, amount: '61.90', secondDebitTime: '2026-11-20T14:35:00+01:00', description: 'Encore débitée !' }, true);
  const bRow = await triaged(b.id);
  expect(bRow.possibleDuplicateOfId).toBe(a.id);
  return { a, b };
}

describe('merging a possible duplicate', () => {
  let a: Receipt;
  let b: Receipt;
  let heard: Array<{ event: string; id: string }>;

  beforeAll(async () => {
    ({ a, b } = await duplicatePair('jeanne.merge@example.fr', 'SFX-M-1'));
    // The customer writes on the duplicate before the merge: her message must move with it.
    await request(h.url).post(`/api/tickets/${b.reference}/evidence`).set('Authorization', `Bearer ${b.accessToken}`).send({ message: 'Voici la deuxième ligne.' }).expect(200);
    const socket = await agent.socket();
    heard = [];
    socket.on('ticket.updated', (n: { ticket: { id: string } }) => heard.push({ event: 'ticket.updated', id: n.ticket.id }));
  });

  it('shows the possible duplicate on both pages, the newer to be folded into the older', async () => {
    const onB = (await agent.get(`/api/tickets/${b.id}/merges`).expect(200)).body;
    mergeOverviewSchema.parse(onB);
    expect(onB).toMatchObject({ id: b.id, mergedInto: null, mergedFrom: [] });
    expect(onB.candidates).toEqual([expect.objectContaining({ id: a.id, reference: a.reference, direction: 'into_candidate', mergeable: true, refusal: null })]);
    const onA = (await agent.get(`/api/tickets/${a.reference}/merges`).expect(200)).body;
    expect(onA.candidates).toEqual([expect.objectContaining({ id: b.id, direction: 'into_this', mergeable: true })]);
  });

  it('refuses stale versions of either ticket, and bad bodies, changing nothing', async () => {
    const [da, db] = [await detail(a.id), await detail(b.id)];
    const stale = await agent.post(`/api/tickets/${b.id}/merge`, { into: a.reference, version: db.version - 1, intoVersion: da.version }).expect(409);
    expect(stale.body.error.code).toBe('stale_write');
    const staleInto = await agent.post(`/api/tickets/${b.id}/merge`, { into: a.reference, version: db.version, intoVersion: da.version + 1 }).expect(409);
    expect(staleInto.body.error.code).toBe('stale_write');
    expect((await agent.post(`/api/tickets/${b.id}/merge`, { into: a.reference, version: 'x' }).expect(400)).body.error.code).toBe('validation_failed');
    expect((await agent.post(`/api/tickets/${b.id}/merge`, { into: 'GCH-NONE-0000', version: db.version, intoVersion: 1 }).expect(422)).body.error.code).toBe('unknown_ticket');
    expect((await agent.post(`/api/tickets/${b.id}/merge`, { into: b.reference, version: db.version, intoVersion: db.version }).expect(422)).body.error.code).toBe('merge_into_itself');
    expect((await h.ctx.db.repos.tickets.findById(b.id))!.mergedIntoId).toBeNull();
  });

  it('moves the timeline, messages, evidence and checklist to the survivor and closes the duplicate', async () => {
    const [da, db] = [await detail(a.id), await detail(b.id)];
    expect(da.checklist.missing).toContain('proof');
    expect(db.files).toHaveLength(1);
    const bEventIds = db.timeline.map((e: { id: number }) => e.id);

    const res = await agent.post(`/api/tickets/${b.id}/merge`, { into: a.reference, version: db.version, intoVersion: da.version }).expect(200);
    // Exactly what the OpenAPI document says it answers (strict: no extra property).
    mergeResultSchema.parse(res.body);
    expect(res.body).toMatchObject({
      survivor: { id: a.id, reference: a.reference },
      merged: { id: b.id, reference: b.reference, status: 'closed' },
      moved: { events: bEventIds.length, files: 1 },
    });
    expect(res.body.filled).toEqual(expect.arrayContaining(['secondDebitTime']));
    // A's facts win; B's different amount and description are kept on the merge event.
    expect(res.body.conflicts).toEqual(expect.arrayContaining([{ field: 'amountCents', kept: 5990, dropped: 6190 }]));

    const after = await detail(a.id);
    expect(after.amountCents).toBe(5990);
    expect(after.secondDebitTime).toBe('2026-11-20T13:35:00.000Z');
    expect(after.files.map((f: { name: string }) => f.name)).toEqual(['second-debit.png']);
    expect(after.checklist.missing).not.toContain('proof');
    // B's history is on A, in the order it happened, each event marked as coming from B.
    const fromB = after.timeline.filter((e: { data: { mergedFrom?: { reference: string } } }) => e.data.mergedFrom?.reference === b.reference);
    expect(fromB.map((e: { id: number }) => e.id)).toEqual(bEventIds);
    expect(after.timeline.map((e: { id: number }) => e.id)).toEqual([...after.timeline.map((e: { id: number }) => e.id)].sort((x: number, y: number) => x - y));
    expect(fromB.some((e: { type: string; data: { message?: string } }) => e.type === 'evidence_added' && e.data.message === 'Voici la deuxième ligne.')).toBe(true);
    const merged = after.timeline.find((e: { type: string }) => e.type === 'merged');
    expect(merged).toMatchObject({ isPublic: true, data: { from: { id: b.id, reference: b.reference }, files: 1 } });
    expect(merged.data.conflicts).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'description' })]));
    // The file is read through the survivor now.
    expect((await agent.get(after.files[0].url).expect(200)).headers['content-type']).toBe('image/png');

    const closed = await detail(b.id);
    expect(closed).toMatchObject({ status: 'closed', outcome: 'duplicate_of', outcomeDetails: { duplicateOfId: a.id, duplicateOfReference: a.reference }, files: [] });
    expect(closed.timeline.map((e: { type: string }) => e.type)).toContain('merged_into');
    expect(closed.timeline.every((e: { data: { mergedFrom?: unknown } }) => !e.data.mergedFrom)).toBe(true);
    const overview = (await agent.get(`/api/tickets/${b.id}/merges`).expect(200)).body;
    expect(overview.mergedInto).toEqual({ id: a.id, reference: a.reference });
    const onA = (await agent.get(`/api/tickets/${a.id}/merges`).expect(200)).body;
    expect(onA.mergedFrom).toEqual([{ id: b.id, reference: b.reference }]);
    expect(onA.candidates).toEqual([]);
    const row = (await h.ctx.db.repos.tickets.findById(b.id))!;
    expect(row).toMatchObject({ mergedIntoId: a.id, proofCount: 0, nextReminderAt: null, slaNextCheckAt: null });
    expect((await h.ctx.db.repos.tickets.findById(a.id))!.proofCount).toBe(1);

    // Agents' screens heard of both tickets.
    await waitFor(() => heard.some((x) => x.id === a.id) && heard.some((x) => x.id === b.id), 5000, 'ticket.updated for both');
  });

  it('tells the customer once, in her language, with the surviving reference and link', async () => {
    const mail = await waitFor(() => mailsTo('jeanne.merge@example.fr', /regroupés/)[0], 15_000, 'the merge mail');
    expect(mail.subject).toBe(`[${a.reference}] Vos signalements ${b.reference} et ${a.reference} sont regroupés`);
    expect(mail.text).toContain(`/t/${a.reference}#token=${a.accessToken}`);
    // A second merge request is refused; the outbox sweep runs meanwhile: still one mail.
    const [da, db] = [await detail(a.id), await detail(b.id)];
    expect((await agent.post(`/api/tickets/${b.id}/merge`, { into: a.id, version: db.version, intoVersion: da.version }).expect(409)).body.error.code).toBe('already_merged');
    await new Promise((r) => setTimeout(r, 1500));
    expect(mailsTo('jeanne.merge@example.fr', /regroupés/)).toHaveLength(1);
    expect((await h.ctx.db.repos.outbox.findByJobId(`mail-${a.id}-merged-${b.id}`))?.processedAt).toBeTruthy();
  });

  it('keeps both private links working: the duplicate’s shows the survivor’s case, saying so', async () => {
    const viaB = (await asCustomer(`/api/tickets/${b.reference}`, b.accessToken).expect(200)).body;
    expect(viaB).toMatchObject({ reference: a.reference, mergedFrom: b.reference, proofCount: 1 });
    expect(customerViewMergeFields.parse(viaB)).toEqual({ mergedFrom: b.reference });
    expect(viaB.timeline.map((e: { type: string }) => e.type)).toContain('merged');
    const viaA = (await asCustomer(`/api/tickets/${a.reference}`, a.accessToken).expect(200)).body;
    expect(viaA.reference).toBe(a.reference);
    expect(viaA).not.toHaveProperty('mergedFrom');
    // A token is still only its own ticket's: B's token does not open A's reference directly, nor A's token B's.
    await asCustomer(`/api/tickets/${a.reference}`, b.accessToken).expect(404);
    // Evidence sent through B's link lands on A.
    const added = await request(h.url).post(`/api/tickets/${b.reference}/evidence`).set('Authorization', `Bearer ${b.accessToken}`).send({ message: 'Encore une précision.' }).expect(200);
    expect(added.body).toMatchObject({ reference: a.reference, mergedFrom: b.reference });
    const fileId = (await detail(a.id)).files[0].id;
    await asCustomer(`/api/tickets/${b.reference}/files/${fileId}`, b.accessToken).expect(200);
  });

  it('threads the customer’s e-mail about the duplicate onto the survivor', async () => {
    const brand = (await h.ctx.db.repos.brands.findById((await h.ctx.db.repos.tickets.findById(b.id))!.brandId))!;
    const inReplyTo = outgoingMessageId(b.id, 'acknowledgement-once', h.config.messageIdDomain);
    const raw = (subject: string, id: string, extra = '') =>
      Buffer.from(`From: jeanne.merge@example.fr\r\nTo: ${brand.policy.supportEmail}\r\nSubject: ${subject}\r\nMessage-ID: <${id}@example.fr>\r\n${extra}Content-Type: text/plain; charset=utf-8\r\n\r\nJe vous renvoie le relevé.\r\n`);
    const byHeader = await importInboundMail(h.ctx, brand, raw('Re: votre signalement', 'merge-thread-1', `In-Reply-To: ${inReplyTo}\r\n`), h.ctx.now());
    expect(byHeader).toMatchObject({ kind: 'reply', ticketId: a.id });
    const bySubject = await importInboundMail(h.ctx, brand, raw(`Re: [${b.reference}] relevé`, 'merge-thread-2'), h.ctx.now());
    expect(bySubject).toMatchObject({ kind: 'reply', ticketId: a.id });
    // The duplicate's own reply address (support+<its token>@…), from a client that keeps no header and writes its own subject.
    await h.ctx.db.repos.mailboxes.save({ brandId: brand.id, host: '127.0.0.1', port: 1, secure: false, username: 'x', sealedPassword: 'x', folder: 'INBOX', doneFolder: null, closedReplies: 'new_ticket', plusAddressing: true, updatedBy: 'test', updatedAt: h.ctx.now() });
    try {
      const to = plusAddress(brand.policy.supportEmail, replyTokenFor(h.config.APP_SECRET, { id: b.id, reference: b.reference }));
      const byToken = await importInboundMail(h.ctx, brand, Buffer.from(`From: jeanne.merge@example.fr\r\nTo: ${to}\r\nSubject: Mon relevé\r\nMessage-ID: <merge-thread-3@example.fr>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nLe voici.\r\n`), h.ctx.now());
      expect(byToken).toMatchObject({ kind: 'reply', ticketId: a.id });
    } finally {
      await h.ctx.db.repos.mailboxes.remove(brand.id);
    }
    const closed = await detail(b.id);
    expect(closed.timeline.some((e: { type: string }) => e.type === 'customer_message')).toBe(false);
    expect((await detail(a.id)).timeline.filter((e: { type: string }) => e.type === 'customer_message')).toHaveLength(3);
  });
});

it('tells an English-speaking customer in English, with the survivor’s link', async () => {
  const a = await report({ customerEmail: 'harry.m@example.co.uk', orderNumber: 'SFX-M-7', language: 'en' });
  await triaged(a.id);
  const b = await report({ customerEmail: 'harry.m@example.co.uk', orderNumber: 'SFX-M-7', language: 'en' });
  await triaged(b.id);
  const [da, db] = [await detail(a.id), await detail(b.id)];
  await agent.post(`/api/tickets/${b.id}/merge`, { into: a.id, version: db.version, intoVersion: da.version }).expect(200);
  const mail = await waitFor(() => mailsTo('harry.m@example.co.uk', /are now one/)[0], 15_000, 'the English merge mail');
  expect(mail.subject).toBe(`[${a.reference}] Your reports ${b.reference} and ${a.reference} are now one`);
  expect(mail.text).toContain(`Everything you sent with ${b.reference}`);
  expect(mail.text).toContain(`/t/${a.reference}#token=${a.accessToken}`);
  expect(mail.text).not.toContain(b.accessToken);
});

it('follows a chain of merges: a report merged into one that is merged in turn leads to the last survivor', async () => {
  const email = 'ines.chain@example.fr';
  const a = await report({ customerEmail: email, orderNumber: 'SFX-M-8' });
  await triaged(a.id);
  const b = await report({ customerEmail: email, orderNumber: 'SFX-M-8' });
  await triaged(b.id);
  const c = await report({ customerEmail: email, orderNumber: 'SFX-M-8' });
  await triaged(c.id);
  const [db, dc] = [await detail(b.id), await detail(c.id)];
  await agent.post(`/api/tickets/${c.id}/merge`, { into: b.id, version: dc.version, intoVersion: db.version }).expect(200);
  const [da, db2] = [await detail(a.id), await detail(b.id)];
  await agent.post(`/api/tickets/${b.id}/merge`, { into: a.id, version: db2.version, intoVersion: da.version }).expect(200);
  expect((await asCustomer(`/api/tickets/${c.reference}`, c.accessToken).expect(200)).body).toMatchObject({ reference: a.reference, mergedFrom: c.reference });
  const created = (await detail(a.id)).timeline.filter((e: { type: string }) => e.type === 'created').map((e: { data: { mergedFrom?: { reference: string } } }) => e.data.mergedFrom?.reference ?? null);
  expect(created).toEqual([null, b.reference, c.reference]);
});

describe('what a merge refuses', () => {
  it('never merges two customers’ reports', async () => {
    const one = await report({ customerEmail: 'alice.m@example.fr', orderNumber: 'SFX-M-2' });
    const other = await report({ customerEmail: 'bob.m@example.fr', orderNumber: 'SFX-M-2' });
    const [d1, d2] = [await detail(one.id), await detail(other.id)];
    const res = await agent.post(`/api/tickets/${other.id}/merge`, { into: one.id, version: d2.version, intoVersion: d1.version }).expect(422);
    expect(res.body.error.code).toBe('merge_other_customer');
    // No customer data of the other ticket in the refusal.
    expect(JSON.stringify(res.body)).not.toContain('alice.m');
  });

  it('never merges across shops, even for the same customer', async () => {
    const admin = await h.signIn('admin', 'Merge Admin');
    await admin.post('/api/brands', { slug: 'offtek-merge', name: 'OFFTEK Merge', policy: brandPresets.find((p) => p.name === 'OFFTEK')!.policy }).expect(201);
    const here = await report({ customerEmail: 'gina.m@example.fr', orderNumber: 'SFX-M-6' });
    const there = await report({ customerEmail: 'gina.m@example.fr', orderNumber: 'SFX-M-6', brand: 'offtek-merge' });
    await Promise.all([triaged(here.id), triaged(there.id)]);
    const [d1, d2] = [await detail(here.id), await detail(there.id)];
    expect((await agent.post(`/api/tickets/${there.id}/merge`, { into: here.reference, version: d2.version, intoVersion: d1.version }).expect(422)).body.error.code).toBe('merge_across_brands');
  });

  it('refuses to merge into a merged ticket or a closed one', async () => {
    const { a, b } = await duplicatePair('carla.m@example.fr', 'SFX-M-3');
    const c = await report({ customerEmail: 'carla.m@example.fr', orderNumber: 'SFX-M-3' });
    await triaged(c.id);
    const [da, db] = [await detail(a.id), await detail(b.id)];
    await agent.post(`/api/tickets/${b.id}/merge`, { into: a.id, version: db.version, intoVersion: da.version }).expect(200);
    const [dbb, dc] = [await detail(b.id), await detail(c.id)];
    const intoMerged = await agent.post(`/api/tickets/${c.id}/merge`, { into: b.id, version: dc.version, intoVersion: dbb.version }).expect(409);
    expect(intoMerged.body.error).toMatchObject({ code: 'merge_into_merged', details: { mergedIntoId: a.id } });

    const resolved = await agent.post(`/api/tickets/${a.id}/resolve`, { version: (await detail(a.id)).version, outcome: 'no_anomaly_found' }).expect(200);
    await agent.post(`/api/tickets/${a.id}/status`, { version: resolved.body.version, status: 'closed' }).expect(200);
    const [closedA, dc2] = [await detail(a.id), await detail(c.id)];
    expect((await agent.post(`/api/tickets/${c.id}/merge`, { into: a.id, version: dc2.version, intoVersion: closedA.version }).expect(409)).body.error.code).toBe('merge_into_closed');
  });

  it('lets only one of two concurrent merges of the same ticket happen', async () => {
    const { a, b } = await duplicatePair('dora.m@example.fr', 'SFX-M-4');
    const c = await report({ customerEmail: 'dora.m@example.fr', orderNumber: 'SFX-M-4' });
    await triaged(c.id);
    const [da, db, dc] = [await detail(a.id), await detail(b.id), await detail(c.id)];
    const [one, two] = await Promise.all([
      agent.post(`/api/tickets/${b.id}/merge`, { into: a.id, version: db.version, intoVersion: da.version }),
      agent.post(`/api/tickets/${b.id}/merge`, { into: c.id, version: db.version, intoVersion: dc.version }),
    ]);
    expect([one.status, two.status].sort()).toEqual([200, 409]);
    const loser = one.status === 409 ? one : two;
    expect(['already_merged', 'stale_write']).toContain(loser.body.error.code);
    const row = (await h.ctx.db.repos.tickets.findById(b.id))!;
    const winner = one.status === 200 ? a : c;
    expect(row.mergedIntoId).toBe(winner.id);
    // B's files are on the winner only.
    expect((await detail(winner.id)).files).toHaveLength(1);
    expect((await detail(winner.id === a.id ? c.id : a.id)).files).toHaveLength(0);
  });

  it('waits for triage: a report not triaged yet is not merged', async () => {
    const a = await report({ customerEmail: 'jade.m@example.fr', orderNumber: 'SFX-M-9' });
    await triaged(a.id);
    // Written as intake leaves it, before any triage job could run on it.
    const fresh = (await h.ctx.db.repos.tickets.findById(a.id))!;
    const b = await report({ customerEmail: 'jade.m@example.fr', orderNumber: 'SFX-M-9' });
    await triaged(b.id);
    await h.ctx.db.repos.tickets.update((await h.ctx.db.repos.tickets.findById(b.id))!, { status: 'new', updatedAt: h.ctx.now() });
    const db = await detail(b.id);
    const res = await agent.post(`/api/tickets/${b.id}/merge`, { into: a.id, version: db.version, intoVersion: fresh.version }).expect(409);
    expect(res.body.error).toMatchObject({ code: 'merge_not_triaged', details: { reference: b.reference } });
  });

  it('is for agents only', async () => {
    const t = await report({ customerEmail: 'erin.m@example.fr', orderNumber: 'SFX-M-5' });
    await request(h.url).post(`/api/tickets/${t.id}/merge`).send({ into: t.id, version: 1, intoVersion: 1 }).expect((res) => expect([401, 403]).toContain(res.status));
    await request(h.url).get(`/api/tickets/${t.id}/merges`).expect(401);
  });
});
