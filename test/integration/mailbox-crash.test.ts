import path from 'node:path';
import { Database } from '../../db/database';
import { doubleCharge } from '../support/harness';
import { startImapServer, type ImapAccount, type ImapServer } from '../support/imap-server';
import { call } from '../support/load';
import { referencedReply } from '../support/mail-fixtures';
import { buildServer, deployment, serverErrors, type Deployment, type GuichetProcess } from '../support/processes';
import { waitFor } from '../support/wait';

/**
 * A worker killed while it reads a shop's mailbox imports nothing twice (issue 14): a few
 * hundred customers' replies wait in a real dovecot, the worker process is SIGKILLed half-way
 * through them, started again, and every message ends up imported once, on its ticket once,
 * marked \Seen, with the mailbox's last UID on the last message.
 */
jest.setTimeout(240_000);

const TICKETS = 6;
const REPLIES_PER_TICKET = 50;
const TOTAL = TICKETS * REPLIES_PER_TICKET;
/** The mailbox filled up over a day: no customer over the 20-messages-an-hour limit. */
const MINUTES_BETWEEN_MESSAGES = 5;

const count = (rows: Array<{ n: number | string }>) => Number(rows[0].n);

/** Signs in as the demo admin a development deployment creates. */
async function signInAdmin(url: string) {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: 'admin@guichet.local', password: 'guichet-admin-demo' }),
  });
  if (res.status !== 200) throw new Error(`admin sign-in answered ${res.status}`);
  const cookie = res.headers.getSetCookie()[0].split(';')[0];
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { Cookie: cookie, 'X-CSRF-Token': csrfToken };
}

let imap: ImapServer;
let account: ImapAccount;
let d: Deployment;
let db: Database;
beforeAll(async () => {
  buildServer();
  imap = await startImapServer();
  account = await imap.createUser('sofimix-crash', 'mailbox password 1');
  d = await deployment({ MAILBOX_FETCH_INTERVAL_MS: '200' });
});
afterAll(async () => {
  await db?.close();
  await d?.close();
  await imap?.close();
});

it('imports every message once when the worker is killed mid-way and started again', async () => {
  await d.start('api');
  // The API ran the migrations: the test reads the same database as the processes.
  db = await Database.open({ databaseUrl: d.env.DATABASE_URL, sqlitePath: path.join(d.dataDir, 'guichet.sqlite') });
  const tickets: Array<{ id: string; reference: string; email: string }> = [];
  for (let t = 0; t < TICKETS; t++) {
    const email = `crash.${t}@example.fr`;
    const res = await call(d.url, 'report', '/api/tickets', { body: { ...doubleCharge, customerEmail: email, orderNumber: `SFX-CRASH-${t}` } });
    expect(res.status).toBe(201);
    tickets.push({ id: res.body.id, reference: res.body.reference, email });
  }

  // Replies interleaved across the tickets, oldest first, as they arrived over the day.
  const now = Date.now();
  const replies = [];
  for (let k = 0; k < TOTAL; k++) {
    const ticket = tickets[k % TICKETS];
    const receivedAt = new Date(now - (TOTAL - k) * MINUTES_BETWEEN_MESSAGES * 60_000);
    const mail = await referencedReply({ reference: ticket.reference, from: `Client ${k % TICKETS} <${ticket.email}>`, date: receivedAt, text: `Réponse numéro ${k} : voici le relevé demandé.` });
    replies.push({ ...mail, ticket, k, internalDate: receivedAt });
  }
  await imap.appendMany(account.user, replies);

  let worker: GuichetProcess = await d.start('worker');
  const admin = await signInAdmin(d.url);
  const set = await call(d.url, 'mailbox', '/api/brands/sofimix/mailbox', {
    method: 'PUT',
    headers: admin,
    body: { host: account.host, port: account.port, secure: false, username: account.user, password: account.password },
  });
  expect(set.status).toBe(200);

  const imported = async () => count(await db.query<Array<{ n: number | string }>>(`SELECT COUNT(*) AS n FROM inbound_messages`));
  const lastUid = async () => Number((await db.query<Array<{ lastUid: number | string }>>(`SELECT "lastUid" FROM mailboxes`))[0]?.lastUid ?? 0);

  // Killed half-way: some messages in, not all.
  await waitFor(async () => (await imported()) >= TOTAL / 2, 120_000, 'half of the messages imported');
  await worker.stop('SIGKILL');
  const atKill = { imported: await imported(), lastUid: await lastUid() };
  expect(atKill.imported).toBeLessThan(TOTAL);
  const killedErrors = serverErrors(worker);

  worker = await d.start('worker');
  await waitFor(async () => (await lastUid()) === TOTAL, 120_000, `every message read (lastUid ${TOTAL})`).catch(async (err) => {
    throw new Error(`${String(err)}; imported ${await imported()}, lastUid ${await lastUid()}, at the kill ${JSON.stringify(atKill)}\n${worker.logs.slice(-20).join('\n')}`);
  });
  // The job the kill left active comes back once its lock expires; it must find nothing left to do.
  await new Promise((r) => setTimeout(r, 1000));
  console.log(`killed with ${atKill.imported} messages imported and lastUid ${atKill.lastUid} (${atKill.imported - atKill.lastUid} imported but not yet recorded as read)`);

  // Every message imported once, as a reply.
  expect(await imported()).toBe(TOTAL);
  expect(await db.query(`SELECT "messageId" FROM inbound_messages GROUP BY "brandId", "messageId" HAVING COUNT(*) > 1`)).toEqual([]);
  const kinds = await db.query<Array<{ kind: string; n: number | string }>>(`SELECT "kind", COUNT(*) AS n FROM inbound_messages GROUP BY "kind"`);
  expect(kinds.map((r) => [r.kind, Number(r.n)])).toEqual([['reply', TOTAL]]);
  const ids = new Set((await db.query<Array<{ messageId: string }>>(`SELECT "messageId" FROM inbound_messages`)).map((r) => r.messageId));
  expect(replies.filter((r) => !ids.has(r.messageId)).map((r) => r.k)).toEqual([]);

  // On its ticket once: one customer_message per reply, each reply's words exactly once.
  const events = await db.query<Array<{ ticketId: string; data: string }>>(`SELECT "ticketId", "data" FROM ticket_events WHERE "type" = 'customer_message'`);
  expect(events).toHaveLength(TOTAL);
  const seen = new Map<number, string[]>();
  for (const e of events) {
    const k = Number(/Réponse numéro (\d+)/.exec(String(JSON.parse(e.data).text))?.[1]);
    seen.set(k, [...(seen.get(k) ?? []), e.ticketId]);
  }
  expect(replies.filter((r) => seen.get(r.k)?.length !== 1 || seen.get(r.k)![0] !== r.ticket.id).map((r) => r.k)).toEqual([]);

  // Read to the end, and marked so on the server.
  expect(await lastUid()).toBe(TOTAL);
  const onServer = await imap.list(account.user);
  expect(onServer).toHaveLength(TOTAL);
  expect(onServer.filter((m) => !m.flags.includes('\\Seen')).map((m) => m.uid)).toEqual([]);
  expect([...killedErrors, ...serverErrors(worker)]).toEqual([]);
});
