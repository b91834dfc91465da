import { startHarness, type Harness, doubleCharge, PNG_BYTES, PDF_BYTES } from '../support/harness';
import { waitFor } from '../support/wait';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const ticketRow = (reference: string) => h.ctx.db.repos.tickets.findByReference(reference);
const events = async (reference: string) => h.ctx.db.repos.events.list((await ticketRow(reference))!.id);
const mailTo = (address: string, reference: string) =>
  waitFor(() => h.smtp.messages.find((m) => m.subject?.includes(reference) && JSON.stringify(m.to).includes(address)), 10_000, `mail for ${reference}`);

describe('when a customer reports a double charge as JSON', () => {
  let receipt: Record<string, any>;

  beforeAll(async () => {
    const res = await h.http().post('/api/tickets').send(doubleCharge).expect(201);
    receipt = res.body;
  });

  it('answers with a reference, a private token and the expected response times', () => {
    expect(receipt).toEqual({
      id: expect.any(String),
      reference: expect.stringMatching(/^GCH-[0-9A-Z]{4}-[0-9A-Z]{4}$/),
      status: 'new',
      accessToken: expect.stringMatching(/^[\w-]{40,}$/),
      statusUrl: `https://support.example.test/t/${receipt.reference}#token=${receipt.accessToken}`,
      missingEvidence: ['proof'],
      firstResponseDueAt: expect.any(String),
      resolutionDueAt: expect.any(String),
    });
    expect(new Date(receipt.resolutionDueAt) > new Date(receipt.firstResponseDueAt)).toBe(true);
  });

  it('stores the ticket with the amount in cents and the brand currency', async () => {
    const t = await ticketRow(receipt.reference);
    expect(t).toMatchObject({ type: 'double_charge', amountCents: 5990, currency: 'EUR', cardType: 'visa', cardLast4: '4242', language: 'fr' });
  });

  it('is triaged by the worker: checklist, status, schedule, timeline', async () => {
    const t = await waitFor(async () => {
      const row = await ticketRow(receipt.reference);
      return row?.triagedAt ? row : null;
    }, 5000, 'triage');
    expect(t.status).toBe('awaiting_customer');
    expect(t.missingEvidence).toEqual(['proof']);
    expect(t.slaNextCheckAt).toEqual(t.firstResponseWarnAt);
    expect((await events(receipt.reference)).map((e) => e.type)).toEqual(expect.arrayContaining(['created', 'triaged']));
  });

  it('e-mails a French acknowledgement with the reference, the private link, the due time and what is missing', async () => {
    const mail = await mailTo('marie.curie@example.fr', receipt.reference);
    expect(mail.subject).toBe(`[${receipt.reference}] Nous avons bien reçu votre signalement`);
    expect(mail.from?.text).toContain('commande@sofimix.com');
    expect(mail.text).toContain(receipt.statusUrl);
    // The harness clock starts on Monday 23 November 2026 at 10:00 in Paris: one business day later.
    expect(mail.text).toContain('au plus tard le mardi 24 novembre à 10:00 (heure de Paris)');
    expect(mail.text).toContain('Un justificatif de paiement');
    expect(mail.html).toContain('<li>Un justificatif de paiement');
    expect(mail.headers.get('content-language')).toBe('fr');
    await waitFor(async () => (await events(receipt.reference)).some((e) => e.type === 'email_sent'), 5000, 'email_sent event');
  });

  it('shows the customer their ticket with the token, and nothing without it', async () => {
    const view = await h.http().get(`/api/tickets/${receipt.reference}`).set('Authorization', `Bearer ${receipt.accessToken}`).expect(200);
    expect(view.body).toMatchObject({ reference: receipt.reference, status: 'awaiting_customer', missingEvidence: ['proof'] });
    expect(view.body.timeline.map((e: { type: string }) => e.type)).toEqual(expect.arrayContaining(['created', 'triaged']));
    expect(view.body).not.toHaveProperty('id');
    expect(view.body).not.toHaveProperty('customerEmail');

    const wrong = await h.http().get(`/api/tickets/${receipt.reference}`).set('Authorization', 'Bearer nope').expect(404);
    expect(wrong.body.error.code).toBe('not_found');
    await h.http().get(`/api/tickets/${receipt.reference}`).expect(404);
    const unknown = await h.http().get('/api/tickets/GCH-0000-0000').set('Authorization', `Bearer ${receipt.accessToken}`).expect(404);
    expect(unknown.body).toEqual(wrong.body);
  });

  it('takes the missing proof later, recomputes the checklist and tells agents', async () => {
    const agent = await (await h.signIn()).socket();
    const told = new Promise<any>((resolve) => agent.on('ticket.evidence_added', (n) => n.ticket.reference === receipt.reference && resolve(n)));
    const res = await h
      .http()
      .post(`/api/tickets/${receipt.reference}/evidence`)
      .set('Authorization', `Bearer ${receipt.accessToken}`)
      .field('message', 'Voici la capture du relevé')
      .attach('evidence', PNG_BYTES, { filename: 'releve.png', contentType: 'image/png' })
      .expect(200);
    expect(res.body).toMatchObject({ status: 'in_progress', missingEvidence: [], proofCount: 1 });
    const notification = await told;
    expect(notification.ticket).toMatchObject({ status: 'in_progress', missingEvidenceCount: 0 });
    expect(notification.files).toBe(1);
    expect((await h.ctx.db.repos.files.listForTicket(receipt.id))[0]).toMatchObject({ mimeType: 'image/png', originalName: 'releve.png' });
  });
});

describe('when a customer reports with files (multipart) in English', () => {
  it('accepts PNG and PDF proofs judged by their bytes and needs nothing more', async () => {
    const req = h.http().post('/api/tickets');
    for (const [k, v] of Object.entries({ ...doubleCharge, language: 'en', customerEmail: 'ada@example.com', orderNumber: 'SFX-2' })) req.field(k, v);
    const res = await req
      .attach('evidence', PNG_BYTES, { filename: 'sms.png', contentType: 'image/png' })
      .attach('evidence', PDF_BYTES, { filename: 'statement.pdf', contentType: 'application/pdf' })
      .expect(201);
    expect(res.body.missingEvidence).toEqual([]);
    const t = await waitFor(async () => {
      const row = await ticketRow(res.body.reference);
      return row?.triagedAt ? row : null;
    });
    expect(t).toMatchObject({ status: 'triaged', proofCount: 2, language: 'en' });
    const mail = await mailTo('ada@example.com', res.body.reference);
    expect(mail.subject).toBe(`[${res.body.reference}] We have received your report`);
    expect(mail.text).toMatch(/by \w+ \d+ \w+ at \d\d:\d\d \(Paris time\)/);
    expect(mail.text).not.toContain('we still need');
  });

  it('refuses a file whose bytes are not PNG, JPEG or PDF, whatever its name', async () => {
    const res = await h
      .http()
      .post('/api/tickets')
      .field('type', 'double_charge')
      .field('customerName', 'X')
      .field('customerEmail', 'x@example.com')
      .attach('evidence', Buffer.from('MZ this is not an image at all'), { filename: 'proof.png', contentType: 'image/png' })
      .expect(415);
    expect(res.body.error).toMatchObject({ code: 'unsupported_file_type' });
  });

  it('refuses files over 10 MB and more than 5 files', async () => {
    const big = Buffer.concat([PNG_BYTES, Buffer.alloc(10 * 1024 * 1024)]);
    const tooBig = await h.http().post('/api/tickets').field('type', 'double_charge').attach('evidence', big, 'big.png').expect(413);
    expect(tooBig.body.error.code).toBe('file_too_large');
    const req = h.http().post('/api/tickets').field('type', 'double_charge');
    for (let i = 0; i < 6; i++) req.attach('evidence', PNG_BYTES, `p${i}.png`);
    expect((await req.expect(400)).body.error.code).toBe('too_many_files');
  });
});

describe('bad input gets a clear 4xx error in JSON', () => {
  it.each([
    ['unknown type', { type: 'chargeback' }, 'type'],
    ['card type the shop does not take', { cardType: 'paypal' }, 'cardType'],
    ['negative amount', { amount: -10 }, 'amount'],
    ['non-numeric amount', { amount: 'dix euros' }, 'amount'],
    ['payment time in the future', { paymentTime: '2099-01-01T10:00:00Z' }, 'paymentTime'],
    ['wrong type', { customerName: 42 }, 'customerName'],
    ['unknown field', { cvv: '123' }, 'cvv'],
    ['unknown brand', { brand: 'nope' }, 'brand'],
  ])('%s', async (_what, patch, field) => {
    const res = await h.http().post('/api/tickets').send({ ...doubleCharge, ...patch }).expect(400);
    expect(res.headers['content-type']).toMatch(/json/);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.details.map((d: { field: string }) => d.field).join(' ')).toContain(field);
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.ts:\d+/);
  });

  it('malformed JSON, a JSON array, an unsupported content type, an unknown route', async () => {
    const bad = await h.http().post('/api/tickets').set('Content-Type', 'application/json').send('{"type": "double_charge",').expect(400);
    expect(bad.body.error.code).toBe('invalid_json');
    expect((await h.http().post('/api/tickets').send([doubleCharge]).expect(400)).body.error.code).toBe('invalid_body');
    expect((await h.http().post('/api/tickets').set('Content-Type', 'text/plain').send('hello').expect(415)).body.error.code).toBe('unsupported_media_type');
    expect((await h.http().get('/api/nothing-here').expect(404)).body.error.code).toBe('not_found');
  });
});

describe('card numbers never reach storage, mail or sockets', () => {
  it('redacts a pasted card number and security code everywhere and records the redaction', async () => {
    const agent = await (await h.signIn()).socket();
    const pushed: string[] = [];
    agent.onAny((_event, payload) => pushed.push(JSON.stringify(payload)));
    const res = await h
      .http()
      .post('/api/tickets')
      .send({ ...doubleCharge, customerEmail: 'pan@example.fr', orderNumber: 'SFX-777', description: 'Ma carte 4970 1012 3456 7893, cryptogramme 321, tél 06 12 34 56 78' })
      .expect(201);
    const t = (await ticketRow(res.body.reference))!;
    expect(t.description).toBe('Ma carte •••• •••• •••• 7893, cryptogramme •••, tél 06 12 34 56 78');
    const evs = await waitFor(async () => {
      const list = await events(res.body.reference);
      return list.some((e) => e.type === 'email_sent') ? list : null;
    });
    expect(evs.find((e) => e.type === 'redacted')!.data).toEqual({ fields: [{ field: 'description', cardNumbers: 1, securityCodes: 1 }] });
    const everything = JSON.stringify([t, evs, h.smtp.messages.map((m) => [m.text, m.html]), pushed]);
    expect(everything).not.toContain('4970 1012');
    expect(everything).not.toContain('4970101234567893');
    expect(everything).not.toMatch(/cryptogramme 321/);
    await waitFor(() => pushed.length > 0, 5000, 'socket events');
  });
});

describe('idempotency and duplicates', () => {
  it('returns the same ticket when an Idempotency-Key is replayed with the same body', async () => {
    const body = { ...doubleCharge, customerEmail: 'idem@example.fr', orderNumber: 'SFX-IDEM' };
    const first = await h.http().post('/api/tickets').set('Idempotency-Key', 'key-0001-abcdef').send(body).expect(201);
    const again = await h.http().post('/api/tickets').set('Idempotency-Key', 'key-0001-abcdef').send(body).expect(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body.id).toBe(first.body.id);
    expect(again.body.accessToken).toBe(first.body.accessToken);
    const other = await h.http().post('/api/tickets').set('Idempotency-Key', 'key-0001-abcdef').send({ ...body, amount: '1.00' }).expect(422);
    expect(other.body.error.code).toBe('idempotency_key_reused');
  });

  it('creates one ticket when the same key arrives twice at once', async () => {
    const body = { ...doubleCharge, customerEmail: 'race@example.fr', orderNumber: 'SFX-RACE' };
    const [a, b] = await Promise.all([1, 2].map(() => h.http().post('/api/tickets').set('Idempotency-Key', 'key-race-000001').send(body)));
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.body.id).toBe(b.body.id);
  });

  it('links a new report to an open ticket with the same e-mail and order number', async () => {
    const body = { ...doubleCharge, customerEmail: 'Dupont@Example.fr', orderNumber: 'SFX-DUP' };
    const first = await h.http().post('/api/tickets').send(body).expect(201);
    await waitFor(async () => (await ticketRow(first.body.reference))?.triagedAt);
    const second = await h.http().post('/api/tickets').send({ ...body, customerEmail: 'dupont@example.fr' }).expect(201);
    const t = await waitFor(async () => {
      const row = await ticketRow(second.body.reference);
      return row?.triagedAt ? row : null;
    });
    expect(t.possibleDuplicateOfId).toBe(first.body.id);
    expect((await events(first.body.reference)).some((e) => e.type === 'possible_duplicate')).toBe(true);
  });
});

describe('business calendar endpoint, health and sockets', () => {
  it('computes a due time on the brand calendar', async () => {
    const res = await h.http().get('/api/sla/due').query({ start: '2026-11-27T16:00:00Z', minutes: 120 }).expect(200);
    expect(res.body).toMatchObject({ due: '2026-11-30T09:00:00.000Z', brand: 'sofimix', timeZone: 'Europe/Paris' });
    expect((await h.http().get('/api/sla/due').query({ start: 'soon', minutes: -1 }).expect(400)).body.error.code).toBe('validation_failed');
  });

  it('reports the database and Redis as up', async () => {
    const res = await h.http().get('/healthz').expect(200);
    expect(res.body).toMatchObject({ status: 'ok', database: { status: 'up' }, redis: { status: 'up' } });
  });

  it('refuses agent sockets without a session', async () => {
    await expect(h.agentSocket()).rejects.toThrow(/unauthorized/);
    await expect(h.agentSocket('guichet_session=forged')).rejects.toThrow(/unauthorized/);
  });

  it('pushes ticket.created and ticket.updated to agents', async () => {
    const agent = await (await h.signIn()).socket();
    const seen: string[] = [];
    agent.onAny((event, payload) => payload.ticket?.customerName === 'Live Agent Test' && seen.push(event));
    await h.http().post('/api/tickets').send({ ...doubleCharge, customerName: 'Live Agent Test', orderNumber: 'SFX-LIVE' }).expect(201);
    await waitFor(() => seen.includes('ticket.created') && seen.includes('ticket.updated'), 5000, 'live events');
  });
});
