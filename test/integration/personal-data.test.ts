import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import yauzl from 'yauzl';
import { ERASED_NAME } from '../../domain/personal-data';
import { refreshRollups } from '../../workers/sla-rollup.processor';
import { doubleCharge, PDF_BYTES, PNG_BYTES, startHarness, type Harness, type SignedInClient } from '../support/harness';
import { waitFor } from '../support/wait';

let h: Harness;
let admin: SignedInClient;
let agent: SignedInClient;
beforeAll(async () => {
  h = await startHarness({ env: { RETENTION_INTERVAL_MS: '300' } });
  admin = await h.signIn('admin', 'Data Admin');
  agent = await h.signIn('agent', 'Data Agent');
});
afterAll(async () => {
  await h?.close();
});

type Receipt = { id: string; reference: string; accessToken: string };

const alice = { customerName: 'Alice Martin', customerEmail: 'Alice.Martin@example.fr', orderNumber: 'SFX-A-7001', amount: '59.90', description: 'Deux débits de 59,90 € : Alice Martin, commande SFX-A-7001.' };
// Bob mentions Alice's order number: that does not make his ticket hers.
const bob = { customerName: 'Bob Durand', customerEmail: 'bob.durand@example.fr', orderNumber: 'SFX-B-7002', amount: '12.00', description: 'Même souci que la commande SFX-A-7001 de ma voisine.' };

async function report(fields: Record<string, string>, files: Array<{ bytes: Buffer; name: string; type: string }> = []): Promise<Receipt> {
  let req = h.http().post('/api/tickets');
  for (const [k, v] of Object.entries({ ...doubleCharge, ...fields })) req = req.field(k, String(v));
  for (const f of files) req = req.attach('evidence', f.bytes, { filename: f.name, contentType: f.type });
  return (await req.expect(201)).body as Receipt;
}

const binary = (res: request.Response, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

/** Every entry of a zip, by name. */
function unzip(bytes: Buffer): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(bytes, { lazyEntries: true }, (err, zip) => {
      if (err) return reject(err);
      const out = new Map<string, Buffer>();
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (e, stream) => {
          if (e) return reject(e);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            out.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(out));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

const adminExport = async (email: string, view?: 'customer' | 'admin') => {
  const res = await request(h.url).post('/api/personal-data/exports').set('Cookie', admin.cookie).set('X-CSRF-Token', admin.csrfToken).send(view ? { email, view } : { email }).buffer(true).parse(binary).expect(200);
  expect(res.headers['content-type']).toBe('application/zip');
  return unzip(res.body as Buffer);
};

/** Every table's rows, as one string. */
async function dumpDatabase(): Promise<string> {
  const tables =
    h.ctx.db.kind === 'postgres'
      ? (await h.ctx.db.query<Array<{ name: string }>>("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'")).map((r) => r.name)
      : (await h.ctx.db.query<Array<{ name: string }>>("SELECT name FROM sqlite_master WHERE type = 'table'")).map((r) => r.name);
  expect(tables).toEqual(expect.arrayContaining(['tickets', 'ticket_events', 'evidence_files', 'inbound_messages', 'outbox_messages', 'payment_transactions', 'personal_data_erasures']));
  let dump = '';
  for (const table of tables.sort()) dump += `${table}:${JSON.stringify(await h.ctx.db.query(`SELECT * FROM "${table}" ORDER BY 1`))}\n`;
  return dump;
}

/** Every file under DATA_DIR (uploads, outbox), names and bytes. */
function dumpDataDir(dir = h.config.DATA_DIR): string {
  let out = '';
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out += dumpDataDir(full);
    // The SQLite files too: erased rows must not linger in free pages or the WAL.
    else out += `${full}\n${fs.readFileSync(full).toString('latin1')}\n`;
  }
  return out;
}

const sql = (text: string) => (h.ctx.db.kind === 'postgres' ? text : text.replace(/\$\d+/g, '?'));
const triaged = (id: string) => waitFor(async () => (await h.ctx.db.repos.tickets.findById(id))?.triagedAt, 10_000, 'triage');

async function resolveTicket(t: Receipt, outcome = 'no_anomaly_found') {
  await triaged(t.id);
  const detail = (await agent.get(`/api/tickets/${t.id}`).expect(200)).body;
  await agent.post(`/api/tickets/${t.id}/resolve`, { version: detail.version, outcome }).expect(200);
}

let a1: Receipt;
let a2: Receipt;
let b1: Receipt;
beforeAll(async () => {
  a1 = await report(alice, [{ bytes: PNG_BYTES, name: 'releve-alice-martin.png', type: 'image/png' }]);
  // Her second ticket, typed with another case: the export and the erasure find both.
  a2 = await report({ ...alice, customerEmail: 'alice.martin@EXAMPLE.fr', orderNumber: 'SFX-A-7003', description: 'Une autre commande.' }, [{ bytes: PDF_BYTES, name: 'facture.pdf', type: 'application/pdf' }]);
  b1 = await report(bob, [{ bytes: PDF_BYTES, name: 'bob.pdf', type: 'application/pdf' }]);
  await triaged(a1.id);
  await agent.post(`/api/tickets/${a1.id}/notes`, { body: 'Note interne : Alice Martin a appelé, client fidèle.' }).expect(201);
});

describe('when an admin exports an address', () => {
  it('zips every ticket, event and file of that address (any case), and nothing of anyone else', async () => {
    const zip = await adminExport('ALICE.MARTIN@example.fr');
    const index = JSON.parse(zip.get('export.json')!.toString());
    expect(index).toMatchObject({ email: 'alice.martin@example.fr', view: 'admin' });
    expect(index.tickets.sort()).toEqual([a1.reference, a2.reference].sort());
    const ticket = JSON.parse(zip.get(`tickets/${a1.reference}/ticket.json`)!.toString());
    expect(ticket).toMatchObject({ customerName: 'Alice Martin', orderNumber: 'SFX-A-7001', amountCents: 5990 });
    const events = JSON.parse(zip.get(`tickets/${a1.reference}/events.json`)!.toString());
    expect(events.map((e: { type: string }) => e.type)).toEqual(expect.arrayContaining(['created', 'note']));
    const files = JSON.parse(zip.get(`tickets/${a1.reference}/files.json`)!.toString());
    expect(files).toHaveLength(1);
    expect(Buffer.compare(zip.get(files[0].path)!, PNG_BYTES)).toBe(0);
    const other = JSON.parse(zip.get(`tickets/${a2.reference}/files.json`)!.toString());
    expect(Buffer.compare(zip.get(other[0].path)!, PDF_BYTES)).toBe(0);
    // Bob's ticket mentions her order number; it is his, not hers.
    const everything = [...zip.entries()].map(([name, bytes]) => `${name}\n${bytes.toString('latin1')}`).join('\n');
    expect(everything).not.toMatch(/Bob|bob\.durand|SFX-B-7002/);
    expect(everything).not.toContain(b1.reference);
  });

  it('in the customer view, leaves the agents\' internal notes out', async () => {
    const zip = await adminExport('alice.martin@example.fr', 'customer');
    const events = JSON.parse(zip.get(`tickets/${a1.reference}/events.json`)!.toString());
    expect(events.map((e: { type: string }) => e.type)).not.toContain('note');
    expect([...zip.values()].map((b) => b.toString('latin1')).join('')).not.toContain('Note interne');
  });

  it('refuses agents, and bad input', async () => {
    expect((await agent.post('/api/personal-data/exports', { email: 'alice.martin@example.fr' }).expect(403)).body.error.code).toBe('forbidden');
    expect((await admin.post('/api/personal-data/exports', { email: 'not an address' }).expect(400)).body.error.code).toBe('validation_failed');
    expect((await admin.post('/api/personal-data/erasures', { email: 'alice.martin@example.fr', extra: 1 }).expect(400)).body.error.code).toBe('validation_failed');
  });
});

describe('when a customer asks for their data from their status page', () => {
  const linkIn = async (reference: string, after: number) => {
    const mail = await waitFor(() => h.smtp.messages.slice(after).find((m) => m.subject?.includes(reference) && /Vos données personnelles/.test(m.subject ?? '')), 10_000, 'export mail');
    expect((mail.to as { value: Array<{ address: string }> }).value.map((v) => v.address.toLowerCase())).toEqual(['alice.martin@example.fr']);
    // The link opens the web app's page, the token in the fragment; the API is behind it.
    const url = new URL(/https?:\/\/\S+\/data#token=\S+/.exec(mail.text!)![0]);
    expect(url.pathname).toBe('/data');
    return `/api/personal-data/exports/${new URLSearchParams(url.hash.slice(1)).get('token')}`;
  };

  it('e-mails a link that downloads their zip once', async () => {
    await h.http().post(`/api/tickets/${a1.reference}/personal-data-export`).expect(404);
    const before = h.smtp.messages.length;
    const res = await h.http().post(`/api/tickets/${a1.reference}/personal-data-export`).set('Authorization', `Bearer ${a1.accessToken}`).expect(202);
    expect(res.body).toMatchObject({ sentTo: 'ticket_email' });
    const link = await linkIn(a1.reference, before);
    // Looking at the link (the page asks, a scanner follows it) uses nothing up; the download is a POST.
    expect((await h.http().get(link).expect(200)).body).toEqual({ state: 'ok', expiresAt: res.body.expiresAt });
    await h.http().get(link).expect(200);
    const zip = await unzip((await h.http().post(link).buffer(true).parse(binary).expect(200)).body as Buffer);
    expect(JSON.parse(zip.get('export.json')!.toString())).toMatchObject({ view: 'customer' });
    expect(JSON.parse(zip.get('export.json')!.toString()).tickets.sort()).toEqual([a1.reference, a2.reference].sort());
    const files = JSON.parse(zip.get(`tickets/${a1.reference}/files.json`)!.toString());
    expect(Buffer.compare(zip.get(files[0].path)!, PNG_BYTES)).toBe(0);
    expect([...zip.values()].map((b) => b.toString('latin1')).join('')).not.toMatch(/Note interne|Bob Durand/);
    expect((await h.http().post(link).expect(410)).body.error.code).toBe('export_link_used');
    expect((await h.http().get(link).expect(410)).body.error.code).toBe('export_link_used');
    expect((await h.http().post(`${link.slice(0, -3)}xyz`).expect(404)).body.error.code).toBe('not_found');
  });

  it('expires the link after a day', async () => {
    const before = h.smtp.messages.length;
    const res = await h.http().post(`/api/tickets/${a1.reference}/personal-data-export`).set('Authorization', `Bearer ${a1.accessToken}`).expect(202);
    const link = await linkIn(a1.reference, before);
    h.clock.set(new Date(new Date(res.body.expiresAt).getTime() + 1000));
    try {
      expect((await h.http().get(link).expect(410)).body.error.code).toBe('export_link_expired');
      expect((await h.http().post(link).expect(410)).body.error.code).toBe('export_link_expired');
    } finally {
      h.clock.real();
    }
  });
});

describe('when an admin erases an address', () => {
  let rollupsBefore: string;
  let emlPath: string;
  beforeAll(async () => {
    await resolveTicket(a2, 'no_anomaly_found');
    // A mailbox copy of her e-mail, a mail written as a file (SMTP off), her address in the shop's ledger.
    await h.ctx.db.repos.inbound.insert({ id: '6f1c1b52-1111-4c0e-9a57-0a0a0a0a0a01', brandId: (await h.ctx.db.repos.tickets.findById(a1.id))!.brandId, messageId: '<alice-1@example.fr>', kind: 'reply', ticketId: a1.id, fromAddress: 'alice.martin@example.fr', subject: 'Re: Alice Martin, ma commande', receivedAt: new Date(), createdAt: new Date() });
    fs.mkdirSync(h.config.outboxDir, { recursive: true });
    emlPath = path.join(h.config.outboxDir, `mail-${a1.id}-acknowledgement-once_support.example.eml`);
    fs.writeFileSync(emlPath, 'To: alice.martin@example.fr\r\nSubject: Bonjour Alice Martin\r\n\r\nBonjour Alice Martin,\r\n');
    const brandId = (await h.ctx.db.repos.tickets.findById(a1.id))!.brandId;
    await h.ctx.db.repos.payments.upsertMany(brandId, [{ provider: 'paypal', providerId: 'PP-ALICE-1', kind: 'charge', status: 'succeeded', amountCents: 5990, currency: 'EUR', occurredAt: new Date('2026-11-01T10:00:00Z'), customerEmail: 'Alice.Martin@example.fr', orderReference: 'SFX-A-7001' }], new Date());
    await waitFor(async () => (await h.ctx.db.repos.outbox.countPending()) === 0, 15_000, 'mails sent');
    await refreshRollups(h.ctx, { full: true });
    rollupsBefore = JSON.stringify(await h.ctx.db.query('SELECT grain, "periodStart", "brandId", dimension, "dimKey", created, resolved, "frMet", "resMet", outcomes FROM sla_rollups ORDER BY 1, 2, 3, 4, 5'));
  });

  it('a dry run says what would go, and changes nothing', async () => {
    const before = await dumpDatabase();
    const filesBefore = dumpDataDir();
    const res = await admin.post('/api/personal-data/erasures', { email: 'alice.martin@example.fr', dryRun: true }).expect(200);
    expect(res.body).toMatchObject({ dryRun: true, held: [], erasureId: null, ledgerRows: 1 });
    expect(res.body.erased.map((t: { reference: string }) => t.reference).sort()).toEqual([a1.reference, a2.reference].sort());
    expect(res.body.erased.find((t: { reference: string }) => t.reference === a1.reference)).toMatchObject({ files: 1, mailboxCopies: 1, emlFiles: 1 });
    expect(await dumpDatabase()).toBe(before);
    expect(dumpDataDir()).toBe(filesBefore);
  });

  it('leaves no trace of her name or address in the database or the data folder, and keeps the payment records', async () => {
    const res = await admin.post('/api/personal-data/erasures', { email: 'Alice.Martin@example.fr' }).expect(200);
    expect(res.body.erased).toHaveLength(2);
    expect(res.body.held).toEqual([]);
    expect(res.body.erasureId).toEqual(expect.any(String));

    const dump = await dumpDatabase();
    const files = dumpDataDir();
    expect(files.split(/\n(?=\/)/).filter((f) => /alice\.martin|Alice Martin/i.test(f)).map((f) => f.split('\n')[0])).toEqual([]);
    for (const text of [dump, files]) {
      expect(text).not.toMatch(/alice\.martin/i);
      expect(text).not.toMatch(/Alice Martin/i);
    }
    expect(fs.existsSync(path.join(h.config.uploadsDir, a1.id))).toBe(false);
    expect(fs.existsSync(emlPath)).toBe(false);
    // Bob keeps everything.
    expect(dump).toContain('Bob Durand');
    expect(dump).toContain('bob.durand@example.fr');
    expect(fs.readdirSync(path.join(h.config.uploadsDir, b1.id))).toHaveLength(1);

    const t1 = (await h.ctx.db.repos.tickets.findById(a1.id))!;
    const t2 = (await h.ctx.db.repos.tickets.findById(a2.id))!;
    expect(t1).toMatchObject({ customerName: ERASED_NAME, description: null, orderNumber: 'SFX-A-7001', amountCents: 5990, currency: 'EUR', cardLast4: '4242' });
    expect(t1.customerEmail).not.toBe(t2.customerEmail);
    expect(t2).toMatchObject({ status: 'resolved', outcome: 'no_anomaly_found', orderNumber: 'SFX-A-7003' });
    expect(t2.resolutionBusinessMinutes).not.toBeNull();
    expect((await h.ctx.db.repos.events.list(a1.id)).filter((e) => e.type === 'personal_data_erased')).toEqual([expect.objectContaining({ actor: `agent:${admin.user.id}`, isPublic: false, data: { reason: 'request' } })]);
    expect((await h.ctx.db.repos.files.listForTicket(a1.id))).toEqual([]);
    const ledger = await h.ctx.db.repos.payments.findByProviderId(t1.brandId, 'PP-ALICE-1');
    expect(ledger).toMatchObject({ amountCents: 5990, orderReference: 'SFX-A-7001', customerEmail: null });

    await refreshRollups(h.ctx, { full: true });
    expect(JSON.stringify(await h.ctx.db.query('SELECT grain, "periodStart", "brandId", dimension, "dimKey", created, resolved, "frMet", "resMet", outcomes FROM sla_rollups ORDER BY 1, 2, 3, 4, 5'))).toBe(rollupsBefore);

    // Recorded without the data: counts, who and when, and a keyed hash that answers "was this address erased?".
    const [record] = await h.ctx.db.query<Array<Record<string, unknown>>>('SELECT * FROM personal_data_erasures');
    expect(record).toMatchObject({ reason: 'request', requestedBy: `agent:${admin.user.id}`, ticketsErased: 2, ticketsHeld: 0 });
    expect(String(record.emailHash)).toMatch(/^[0-9a-f]{64}$/);

    // Her status page link no longer finds her data.
    expect((await h.http().post(`/api/tickets/${a1.reference}/personal-data-export`).set('Authorization', `Bearer ${a1.accessToken}`).expect(410)).body.error.code).toBe('personal_data_erased');
  });

  it('running it again changes nothing more', async () => {
    const before = await dumpDatabase();
    const filesBefore = dumpDataDir();
    const res = await admin.post('/api/personal-data/erasures', { email: 'alice.martin@example.fr' }).expect(200);
    expect(res.body).toMatchObject({ erased: [], held: [], erasedBefore: true, erasureId: null });
    expect(await dumpDatabase()).toBe(before);
    expect(dumpDataDir()).toBe(filesBefore);
    const zip = await adminExport('alice.martin@example.fr');
    expect(JSON.parse(zip.get('export.json')!.toString()).tickets).toEqual([]);
  });
});

describe('when the address has a ticket with an open dispute', () => {
  it('holds that ticket whole and says why', async () => {
    const carol = await report({ customerName: 'Carol Petit', customerEmail: 'carol.petit@example.fr', orderNumber: 'SFX-C-9', amount: '49.90', paymentTime: '2026-11-18T10:00:00+01:00' });
    const brandId = (await h.ctx.db.repos.tickets.findById(carol.id))!.brandId;
    const at = new Date('2026-11-18T09:00:00Z');
    await h.ctx.db.repos.payments.upsertMany(
      brandId,
      [
        { provider: 'stripe', providerId: 'ch_carol_1', kind: 'charge', status: 'succeeded', amountCents: 4990, currency: 'EUR', occurredAt: at, captured: true, cardBrand: 'visa', cardLast4: '4242', orderReference: 'SFX-C-9' },
        { provider: 'stripe', providerId: 'dp_carol_1', kind: 'dispute', status: 'needs_response', amountCents: 4990, currency: 'EUR', occurredAt: new Date(at.getTime() + 86_400_000), chargeId: 'ch_carol_1', dueBy: new Date('2026-12-10T00:00:00Z') },
      ],
      new Date(),
    );
    const res = await admin.post('/api/personal-data/erasures', { email: 'carol.petit@example.fr' }).expect(200);
    expect(res.body.erased).toEqual([]);
    expect(res.body.held).toEqual([{ reference: carol.reference, reason: 'open_dispute', disputes: ['dp_carol_1'] }]);
    expect(res.body.erasureId).toBeNull();
    expect((await h.ctx.db.repos.tickets.findById(carol.id))!.customerName).toBe('Carol Petit');

    // Once the dispute is over, the erasure goes through.
    await h.ctx.db.repos.payments.upsertMany(brandId, [{ provider: 'stripe', providerId: 'dp_carol_1', kind: 'dispute', status: 'won', amountCents: 4990, currency: 'EUR', occurredAt: new Date(at.getTime() + 86_400_000), chargeId: 'ch_carol_1' }], new Date(Date.now() + 1000));
    const again = await admin.post('/api/personal-data/erasures', { email: 'carol.petit@example.fr' }).expect(200);
    expect(again.body.erased.map((t: { reference: string }) => t.reference)).toEqual([carol.reference]);
  });
});

describe('when a brand keeps personal data for 30 days', () => {
  it('the dry run says what is due, and the retention job erases it once the time has come', async () => {
    const dave = await report({ customerName: 'David Roux', customerEmail: 'david.roux@example.fr', orderNumber: 'SFX-D-1', amount: '20.00' });
    await resolveTicket(dave);
    const brandId = (await h.ctx.db.repos.tickets.findById(dave.id))!.brandId;
    const [row] = await h.ctx.db.query<Array<{ policy: string }>>(sql('SELECT policy FROM brands WHERE id = $1'), [brandId]);
    await h.ctx.db.query(sql('UPDATE brands SET policy = $1 WHERE id = $2'), [JSON.stringify({ ...JSON.parse(row.policy), retentionDays: 30 }), brandId]);

    const now = (await admin.post('/api/personal-data/retention/dry-run').expect(200)).body.brands.find((b: { retentionDays: number | null }) => b.retentionDays === 30);
    expect(now.erased.map((t: { reference: string }) => t.reference)).not.toContain(dave.reference);

    const updatedAt = (await h.ctx.db.repos.tickets.findById(dave.id))!.updatedAt;
    h.clock.set(new Date(updatedAt.getTime() + 31 * 86_400_000));
    try {
      admin = await h.signIn('admin', 'Data Admin'); // a month later, the session has expired
      // The worker runs on its own; the dry run, read in between, must not erase anything itself.
      const due = (await admin.post('/api/personal-data/retention/dry-run').expect(200)).body.brands.find((b: { retentionDays: number | null }) => b.retentionDays === 30);
      const erasedMeanwhile = (await h.ctx.db.repos.tickets.findById(dave.id))!.personalDataErasedAt;
      expect(erasedMeanwhile || due.erased.some((t: { reference: string }) => t.reference === dave.reference)).toBeTruthy();
      const erased = await waitFor(async () => (await h.ctx.db.repos.tickets.findById(dave.id))?.personalDataErasedAt, 10_000, 'retention erasure');
      expect(erased).toBeInstanceOf(Date);
      const dump = await dumpDatabase();
      expect(dump).not.toMatch(/David Roux|david\.roux/i);
      expect(dump).toContain('Bob Durand'); // still open: kept
      const records = await h.ctx.db.query<Array<{ reason: string; ticketsErased: number }>>(sql("SELECT reason, \"ticketsErased\" FROM personal_data_erasures WHERE reason = 'retention'"));
      expect(records.reduce((n, r) => n + Number(r.ticketsErased), 0)).toBeGreaterThanOrEqual(1);
      // Once erased, it is never due again.
      const after = (await admin.post('/api/personal-data/retention/dry-run').expect(200)).body.brands.find((b: { retentionDays: number | null }) => b.retentionDays === 30);
      expect(after.erased.map((t: { reference: string }) => t.reference)).not.toContain(dave.reference);
    } finally {
      h.clock.real();
    }
  });
});

describe('when a file is gone from disk', () => {
  it('the export still answers, and lists the file as missing', async () => {
    admin = await h.signIn('admin', 'Data Admin');
    const [file] = await h.ctx.db.repos.files.listForTicket(b1.id);
    fs.rmSync(path.join(h.config.uploadsDir, file.storagePath));
    const zip = await adminExport('bob.durand@example.fr');
    const files = JSON.parse(zip.get(`tickets/${b1.reference}/files.json`)!.toString());
    expect(files).toEqual([expect.objectContaining({ id: file.id, missing: true, path: null })]);
    expect([...zip.keys()].filter((k) => k.includes('/files/'))).toEqual([]);
  });
});
