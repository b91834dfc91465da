import { doubleCharge, startHarness, type Harness, type SignedInClient } from '../support/harness';
import { waitFor } from '../support/wait';
import { TicketRepository } from '../../db/repositories/ticket.repository';

let h: Harness;
let agent: SignedInClient;
let admin: SignedInClient;
type Filed = { id: string; reference: string; accessToken: string };
const t: Record<'marie' | 'john' | 'elodie' | 'klarna' | 'paul', Filed> = {} as never;

async function file(body: Record<string, unknown>): Promise<Filed> {
  const res = await h.http().post('/api/tickets').send(body).expect(201);
  return { id: res.body.id, reference: res.body.reference, accessToken: res.body.accessToken };
}

/** The queue's search as the agent's box asks it: the rows' ids, and the whole rows. */
async function search(q: string, extra: Record<string, string | number> = {}) {
  const res = await agent.get('/api/tickets').query({ q, ...extra }).expect(200);
  return { ids: res.body.items.map((r: { id: string }) => r.id) as string[], rows: res.body.items as Array<{ id: string; match?: { field: string; snippet: string } }>, nextCursor: res.body.nextCursor as string | null };
}

const others = (...except: Filed[]) => Object.values(t).filter((x) => !except.includes(x)).map((x) => x.id);

/**
 * Five reports whose words, names and identifiers differ, then a customer's message, a reply
 * and a note: each kind of query must find its ticket and no other, through the real API.
 */
beforeAll(async () => {
  h = await startHarness();
  t.marie = await file({ ...doubleCharge, description: 'Deux débits de 59,90 € pour la même commande, je voudrais le remboursement du second.' });
  t.john = await file({
    ...doubleCharge,
    customerName: 'John Smith',
    customerEmail: 'john.smith@shop.example',
    orderNumber: 'ORD-7781',
    amount: '12.50',
    language: 'en',
    description: 'I was charged twice for the same order, please help.',
  });
  t.elodie = await file({
    type: 'failed_payment',
    customerName: 'Élodie Dupré',
    customerEmail: 'elodie.dupre@example.com',
    paymentTime: '2026-11-20T10:00:00+01:00',
    amount: '130',
    cardType: 'mastercard',
    debited: false,
    description: 'Paiement refusé par la banque au moment de valider le panier.',
  });
  t.klarna = await file({ ...doubleCharge, customerName: 'Hélène Martin', customerEmail: 'helene@example.org', orderNumber: 'SFX-20001', amount: '45.00', description: 'Paiement Klarna débité deux fois, remboursement attendu.' });
  t.paul = await file({ ...doubleCharge, customerName: 'Paul Durand', customerEmail: 'paul@example.net', orderNumber: 'SFX-30003', amount: '19.99', description: 'Commande annulée mais toujours pas de nouvelles.' });
  await waitFor(async () => (await Promise.all(Object.values(t).map((x) => h.ctx.db.repos.tickets.findById(x.id)))).every((x) => x?.triagedAt), 15_000, 'triage');
  agent = await h.signIn('agent', 'Search Agent');
  admin = await h.signIn('admin', 'Search Admin');
  // The customer writes from the status page, pasting a card number (redacted before anything stores it).
  await h.http().post(`/api/tickets/${t.elodie.reference}/evidence`).set('Authorization', `Bearer ${t.elodie.accessToken}`)
    .send({ message: 'Voici le message de la banque: opposition temporaire. Ma carte 4970 1012 3456 7893 est bien active.' }).expect(200);
  const john = (await agent.get(`/api/tickets/${t.john.id}`).expect(200)).body;
  await agent.post(`/api/tickets/${t.john.id}/replies`, { version: john.version, body: 'We issued a refund through PayPal yesterday.' }).expect(201);
  await agent.post(`/api/tickets/${t.paul.id}/notes`, { body: 'Vérifié chez Stripe : capture orpheline.' }).expect(201);
});
afterAll(async () => {
  await h?.close();
});

describe('searching the queue', () => {
  it('finds a ticket by its reference, typed in lower case, without dashes, with O for 0', async () => {
    const ref = t.marie.reference;
    for (const typed of [ref, ref.toLowerCase(), ref.replace(/-/g, '').toLowerCase(), ref.slice(4), ref.replace(/0/g, 'O')]) {
      const { ids, rows } = await search(typed);
      expect(ids[0]).toBe(t.marie.id);
      expect(ids).not.toEqual(expect.arrayContaining(others(t.marie)));
      expect(rows[0].match).toEqual({ field: 'reference', snippet: `«${ref}»` });
    }
    // Its first half, typed with the dash: the reference's tokens are an identifier's, asked as one.
    expect((await search(ref.slice(0, 8))).ids).toEqual([t.marie.id]);
  });

  it('finds by e-mail, whole or in part', async () => {
    const whole = await search('John.Smith@shop.example');
    expect(whole.ids).toEqual([t.john.id]);
    expect(whole.rows[0].match).toEqual({ field: 'email', snippet: '«john.smith@shop.example»' });
    expect((await search('smith@sho')).ids).toEqual([t.john.id]);
    expect((await search('example.com')).ids).toEqual([t.elodie.id]);
    // Typed as it is written (a compound), an address's parts written together find it; a word
    // of letters being typed reads words, not the joins of addresses ("smithshop…").
    const smithSho = await search('john.smith');
    expect(smithSho.ids).toEqual([t.john.id]);
    expect(smithSho.rows[0].match?.snippet).toBe('«john.smith@shop.example»');
    expect((await search('smithsho')).ids).toEqual([]);
  });

  it('finds by order number, exactly first, then by its parts', async () => {
    const exact = await search('ORD-7781');
    expect(exact.ids).toEqual([t.john.id]);
    expect(exact.rows[0].match).toEqual({ field: 'order', snippet: '«ORD-7781»' });
    expect((await search('ord7781')).ids).toEqual([t.john.id]);
    expect((await search('20001')).ids).toEqual([t.klarna.id]);
    // SFX- is the shop's prefix: every SFX order, never John's.
    expect((await search('sfx')).ids.sort()).toEqual([t.marie.id, t.klarna.id, t.paul.id].sort());
  });

  it('finds by customer name, accents or not, as it is typed', async () => {
    expect((await search('Élodie')).ids).toEqual([t.elodie.id]);
    expect((await search('elodie dupre ')).ids).toEqual([t.elodie.id]);
    expect((await search('dup')).ids).toEqual([t.elodie.id]);
    // A stop word still being typed is the start of a word: "Paiement Ma" is on its way to Martin.
    expect((await search('Paiement Ma')).ids).toEqual([t.klarna.id]);
    expect((await search('Paiement')).ids.sort()).toEqual([t.elodie.id, t.klarna.id].sort());
    const name = await search('Smi');
    expect(name.ids).toEqual([t.john.id]);
    expect(name.rows[0].match?.field).toMatch(/name|email/);
  });

  it('finds by amount, however it is written', async () => {
    for (const typed of ['59,90', '59.90', '59,90 €', '59,9']) {
      const { ids, rows } = await search(typed);
      expect(ids).toEqual([t.marie.id]);
      expect(rows[0].match?.snippet).toContain('«59,90»');
    }
    expect((await search('12,50')).ids).toEqual([t.john.id]);
    expect((await search('130 €')).ids).toEqual([t.elodie.id]);
    expect((await search('130,00')).ids).toEqual([t.elodie.id]);
    expect((await search('77,77')).ids).toEqual([]);
  });

  it('finds the words of the description with French and English stemming', async () => {
    const fr = await search('remboursé ');
    expect(fr.ids.sort()).toEqual([t.marie.id, t.klarna.id].sort());
    expect(fr.rows.find((r) => r.id === t.marie.id)!.match).toEqual({ field: 'description', snippet: expect.stringContaining('«remboursement»') });
    expect((await search('charged ')).ids).toEqual([t.john.id]);
    expect((await search('charge ')).ids).toEqual([t.john.id]);
    expect((await search('refusée ')).ids).toEqual([t.elodie.id]);
    expect((await search('debite klarna ')).ids).toEqual([t.klarna.id]);
    expect((await search('remboursement Klar')).ids).toEqual([t.klarna.id]);
    expect((await search('remboursement PayPal ')).ids).toEqual([]);
  });

  it('finds the words of a customer message, a reply and a note, each said as such', async () => {
    const message = await search('opposition');
    expect(message.ids).toEqual([t.elodie.id]);
    expect(message.rows[0].match).toEqual({ field: 'message', snippet: expect.stringContaining('«opposition»') });
    const reply = await search('paypal refunded ');
    expect(reply.ids).toEqual([t.john.id]);
    expect(reply.rows[0].match).toEqual({ field: 'reply', snippet: 'We issued a «refund» through «PayPal» yesterday.' });
    const note = await search('orpheline');
    expect(note.ids).toEqual([t.paul.id]);
    expect(note.rows[0].match?.field).toBe('note');
  });

  it('ranks exact identifiers first, then words in the ticket, then words in its messages only', async () => {
    // "stripe" is only in Paul's note; "commande" is in Marie's and Paul's descriptions.
    await agent.post(`/api/tickets/${t.marie.id}/notes`, { body: 'Client fidèle depuis 2019, commande Stripe.' }).expect(201);
    const stripe = await search('stripe');
    expect(stripe.ids.sort()).toEqual([t.marie.id, t.paul.id].sort());
    const words = await search('commande');
    expect(words.ids.slice(0, 2).sort()).toEqual([t.marie.id, t.paul.id].sort());
    // An order number typed whole: its ticket first, then those that only mention it.
    await agent.post(`/api/tickets/${t.paul.id}/notes`, { body: 'Voir aussi la commande ORD-7781 du même jour.' }).expect(201);
    const order = await search('ORD-7781');
    expect(order.ids).toEqual([t.john.id, t.paul.id]);
    expect(order.rows[1].match).toEqual({ field: 'note', snippet: expect.stringContaining('«ORD-7781»') });
  });

  it('ranks a name as written before the words it only stems like ("Mercier", "merci")', async () => {
    // Filed first, so due first: only its stem ranks it after Camille Mercier.
    const thanks = await file({ ...doubleCharge, customerName: 'Camille Vortalis', customerEmail: 'camille.v@example.com', orderNumber: 'VRT-501', description: 'Débité deux fois, merci de vérifier.' });
    const named = await file({ ...doubleCharge, customerName: 'Camille Mercier', customerEmail: 'c.mercier@example.com', orderNumber: 'VRT-502', description: 'Deux prélèvements Vortaxe identiques.' });
    await file({ ...doubleCharge, customerName: 'Yann Le Gall', customerEmail: 'yann@example.com', orderNumber: 'VRT-503', description: Array.from({ length: 120 }, (_, i) => `vorta${i}`).join(' ') });
    await waitFor(async () => !!(await h.ctx.db.repos.tickets.findById(named.id))?.triagedAt, 15_000, 'triage');
    const found = await search('Camille Mercier ');
    expect(found.ids).toEqual([named.id, thanks.id]);
    expect(found.rows[0].match).toEqual({ field: 'name', snippet: '«Camille» «Mercier»' });
    // Page by page across the two tiers, nothing lost or repeated.
    const first = await search('Camille Mercier ', { limit: 1 });
    expect(first.ids).toEqual([named.id]);
    expect((await search('Camille Mercier ', { limit: 1, cursor: first.nextCursor! })).ids).toEqual([thanks.id]);
    // With a prefix that starts hundreds of words (SQLite checks each row's words for it): the same ranking.
    expect((await search('mercier vorta')).ids).toEqual([named.id, thanks.id]);
  });

  it('never finds a card number typed in a message, nor searches for one', async () => {
    expect((await search('4970 1012 3456 7893')).ids).toEqual([]);
    expect((await search('4970101234567893')).ids).toEqual([]);
    expect((await search('4970')).ids).toEqual([]);
    const stored = JSON.stringify(await h.ctx.db.repos.events.list(t.elodie.id));
    expect(stored).not.toContain('4970');
  });

  it('combines with the queue filters and pages without gaps or repeats', async () => {
    const all = await search('sfx');
    expect(all.ids).toHaveLength(3);
    expect((await search('sfx', { type: 'failed_payment' })).ids).toEqual([]);
    expect((await search('paiement', { type: 'failed_payment' })).ids).toEqual([t.elodie.id]);
    const statuses = (await agent.get('/api/tickets').expect(200)).body.items as Array<{ id: string; status: string }>;
    const status = statuses.find((r) => r.id === t.klarna.id)!.status;
    expect((await search('sfx', { status })).ids).toEqual(expect.arrayContaining([t.klarna.id]));
    expect((await search('sfx', { status: status === 'triaged' ? 'closed' : 'triaged' })).ids).not.toContain(t.klarna.id);
    expect((await search('sfx', { brand: 'sofimix' })).ids).toHaveLength(3);
    // Page by page, across the tiers: "SFX-20001" (exact), then the other SFX tickets by their words.
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await search('SFX-20001 ', { limit: 1, ...(cursor ? { cursor } : {}) });
      seen.push(...page.ids);
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(seen[0]).toBe(t.klarna.id);
    expect(new Set(seen).size).toBe(seen.length);
    // A search cursor is not a plain queue's, nor the other way round.
    const plain = (await agent.get('/api/tickets').query({ limit: 1 }).expect(200)).body.nextCursor;
    expect((await agent.get('/api/tickets').query({ q: 'sfx', cursor: plain }).expect(400)).body.error.code).toBe('invalid_cursor');
    const searched = (await search('sfx', { limit: 1 })).nextCursor!;
    expect((await agent.get('/api/tickets').query({ cursor: searched }).expect(400)).body.error.code).toBe('invalid_cursor');
  });

  it("follows a ticket's assignee, status and deadline, in the queue's order, page after page", async () => {
    const detail = async (id: string) => (await agent.get(`/api/tickets/${id}`).expect(200)).body as { version: number };
    await agent.post(`/api/tickets/${t.marie.id}/assign`, { version: (await detail(t.marie.id)).version, assigneeId: agent.user.id }).expect(200);
    expect((await search('remboursement', { assignee: 'me' })).ids).toEqual([t.marie.id]);
    expect((await search('remboursement', { assignee: 'unassigned' })).ids).toEqual([t.klarna.id]);
    // Resolved: no deadline any more, so after every ticket with one; found by its new status only.
    await agent.post(`/api/tickets/${t.john.id}/resolve`, { version: (await detail(t.john.id)).version, outcome: 'no_anomaly_found' }).expect(200);
    expect((await search('charged', { status: 'resolved' })).ids).toEqual([t.john.id]);
    expect((await search('charged', { status: 'triaged' })).ids).toEqual([]);
    // Every ticket matches "example": the search's order is the plain queue's for those with a deadline, then the others.
    const queue = (await agent.get('/api/tickets').query({ limit: 100 }).expect(200)).body.items as Array<{ id: string; nextDueAt?: string; businessMinutesLeft: number | null }>;
    const mine = new Set(Object.values(t).map((x) => x.id));
    const withDeadline = queue.filter((r) => mine.has(r.id) && r.businessMinutesLeft !== null).map((r) => r.id);
    for (const sort of ['due', 'created'] as const) {
      const whole = (await search('example ', { sort, limit: 100 })).ids.filter((id) => mine.has(id));
      expect(new Set(whole)).toEqual(mine);
      if (sort === 'due') {
        expect(whole.slice(0, withDeadline.length)).toEqual(withDeadline);
        expect(whole.at(-1)).toBe(t.john.id);
      }
      const paged: string[] = [];
      let cursor: string | null = null;
      do {
        const page = await search('example ', { sort, limit: 1, ...(cursor ? { cursor } : {}) });
        paged.push(...page.ids);
        cursor = page.nextCursor;
      } while (cursor && paged.length < 50);
      expect(paged.filter((id) => mine.has(id))).toEqual(whole);
    }
  });

  it('finds a prefix that starts hundreds of words, in the fields first, then in the messages only', async () => {
    // More words start with "zorg" than the index is asked one by one: each row's own words are checked instead.
    const many = await file({ ...doubleCharge, customerName: 'Zoé Zorgat', customerEmail: 'zoe@zorg.example', description: Array.from({ length: 120 }, (_, i) => `zorg${i}`).join(' ') });
    const near = await file({ ...doubleCharge, customerName: 'Zora Zorro', customerEmail: 'zora@example.com', description: 'Débit en double, rien à voir.' });
    const inMessage = await file({ ...doubleCharge, customerName: 'Yves Roux', customerEmail: 'yves@example.com', description: 'Débit en double.' });
    await waitFor(async () => !!(await h.ctx.db.repos.tickets.findById(inMessage.id))?.triagedAt, 15_000, 'triage');
    await h.http().post(`/api/tickets/${inMessage.reference}/evidence`).set('Authorization', `Bearer ${inMessage.accessToken}`).send({ message: 'Le vendeur Zorgatine a encaissé deux fois.' }).expect(200);
    for (const q of ['zorg', 'Zoé zorg', 'zorga']) {
      const found = await search(q);
      expect(found.ids.filter((id) => [many.id, near.id, inMessage.id].includes(id))).toEqual(q === 'Zoé zorg' ? [many.id] : [many.id, inMessage.id]);
    }
    expect((await search('zorg', { limit: 1 })).ids).toEqual([many.id]);
    const second = await search('zorg', { limit: 1, cursor: (await search('zorg', { limit: 1 })).nextCursor! });
    expect(second.ids).toEqual([inMessage.id]);
    expect(second.rows[0].match?.field).toBe('message');
  });

  it('finds the same pages whether the matches are read first or the queue is walked (PostgreSQL)', async () => {
    const pages = async () =>
      Promise.all(['remboursement', 'sfx', 'paiement', 'stripe', 'zorg', 'example', 'Camille Mercier '].map(async (q) => [(await search(q)).ids, (await search(q, { sort: 'created' })).ids, (await search(q, { limit: 3 })).ids]));
    const read = await pages(); // as the statistics choose (here: the matches read first, so few are they)
    const { fewMatchesPostgres, walkBudgetPostgres } = TicketRepository;
    try {
      TicketRepository.walkBudgetPostgres = 0; // the matches read first
      expect(await pages()).toEqual(read);
      TicketRepository.fewMatchesPostgres = 0; // the whole queue walked
      expect(await pages()).toEqual(read);
      TicketRepository.walkBudgetPostgres = 2; // walks cut short, then the matches
      expect(await pages()).toEqual(read);
      // As if the planner expected many matches: a walk that came short walks on, ten times further (pages of 3), then the matches.
      jest.spyOn(TicketRepository.prototype as unknown as { expectedMatches(): Promise<number> }, 'expectedMatches').mockResolvedValue(1_000_000);
      expect(await pages()).toEqual(read);
    } finally {
      jest.restoreAllMocks();
      Object.assign(TicketRepository, { fewMatchesPostgres, walkBudgetPostgres });
    }
    expect(read.flat(2).length).toBeGreaterThan(10);
  });

  it('finds what a payment facts correction wrote, and no longer what it replaced', async () => {
    const paul = (await agent.get(`/api/tickets/${t.paul.id}`).expect(200)).body;
    await agent.post(`/api/tickets/${t.paul.id}/payment-facts`, { version: paul.version, orderNumber: 'SFX-31313' }).expect(200);
    expect((await search('31313')).ids).toEqual([t.paul.id]);
    expect((await search('30003')).ids).toEqual([]);
  });

  it('forgets the erased words of a customer, keeping the reference and amounts', async () => {
    const listed = async () => ((await h.ctx.db.query(`SELECT term FROM ticket_search_terms WHERE term IN ('helene', 'helen', 'klarna')`)) as Array<{ term: string }>).map((r) => r.term).sort();
    expect((await search('Hélène')).ids).toEqual([t.klarna.id]);
    expect(await listed()).toEqual(['helen', 'helene', 'klarna']);
    await admin.post('/api/personal-data/erasures', { email: 'helene@example.org' }).expect(200);
    expect((await search('Hélène')).ids).toEqual([]);
    // The list of words a prefix is read by forgets them too: no document holds them any more.
    expect(await listed()).toEqual([]);
    expect((await search('helene@example.org')).ids).toEqual([]);
    expect((await search('klarna')).ids).toEqual([]);
    expect((await search(t.klarna.reference)).ids).toEqual([t.klarna.id]);
    expect((await search('45,00')).ids).toEqual([t.klarna.id]);
  });

  it('refuses nothing an agent can type, and finds nothing in punctuation', async () => {
    expect((await search('"* OR NEAR( ) : {fields} \' & | !')).ids).toEqual([]);
    expect((await search('--')).ids).toEqual([]);
    expect((await search('a'.repeat(254))).ids).toEqual([]);
  });
});
