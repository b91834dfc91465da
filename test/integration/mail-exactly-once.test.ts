import sqlite3 from 'sqlite3';
import type { ParsedMail } from 'mailparser';
import { doubleCharge, startHarness, type Harness } from '../support/harness';
import { call } from '../support/load';
import { buildServer, deployment, type Deployment } from '../support/processes';
import { startSmtpServer } from '../support/smtp';
import { startTcpProxy } from '../support/tcp-proxy';
import { waitFor } from '../support/wait';

jest.setTimeout(150_000);

const postgres = process.env.TEST_DATABASE === 'postgres';
const ackSubject = (reference: string) => `[${reference}] Nous avons bien reçu votre signalement`;

/** The database stops taking writes for `ms`: PostgreSQL cut at the network, SQLite write-locked by another connection. */
type Fault = (ms: number) => Promise<void>;

describe('when the bookkeeping after a successful SMTP send fails', () => {
  let h: Harness;
  let proxy: Awaited<ReturnType<typeof startTcpProxy>> | null = null;
  let fault: Fault;
  beforeAll(async () => {
    if (postgres) {
      const p = (proxy = await startTcpProxy({ host: '127.0.0.1', port: 5432 }));
      h = await startHarness({ databaseUrl: (url) => p.through(url) });
      fault = async (ms) => {
        await p.cut();
        setTimeout(() => void p.restore(), ms);
      };
    } else {
      h = await startHarness({ env: { SQLITE_BUSY_TIMEOUT_MS: '100' } });
      fault = (ms) =>
        new Promise((resolve, reject) => {
          const other = new sqlite3.Database(h.config.sqlitePath);
          other.exec('BEGIN IMMEDIATE', (err) => {
            if (err) return reject(err);
            setTimeout(() => other.exec('ROLLBACK', () => other.close()), ms);
            resolve();
          });
        });
    }
  });
  afterAll(async () => {
    await h?.close();
    await proxy?.close();
  });

  it('sends the acknowledgement once and records it when the database is back', async () => {
    const res = await h.http().post('/api/tickets').send({ ...doubleCharge, customerEmail: 'once@example.fr', orderNumber: 'SFX-ONCE' }).expect(201);
    const subject = ackSubject(res.body.reference);
    let faulted = false;
    h.smtp.setBeforeAccept(async (m) => {
      if (m.subject !== subject || faulted) return;
      faulted = true;
      await fault(3000); // SMTP says 250 right after: the bookkeeping write is what fails
    });
    const jobId = `mail-${res.body.id}-acknowledgement-once`;
    await waitFor(async () => (await h.ctx.db.repos.outbox.findByJobId(jobId).catch(() => null))?.processedAt, 60_000, 'the send recorded');
    h.smtp.setBeforeAccept(null);
    expect(faulted).toBe(true);
    expect(h.smtp.messages.filter((m) => m.subject === subject)).toHaveLength(1);
    expect((await h.ctx.db.repos.events.list(res.body.id)).filter((e) => e.type === 'email_sent')).toHaveLength(1);
  });
});

describe('when the worker dies between the SMTP send and its bookkeeping', () => {
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let d: Deployment;
  beforeAll(async () => {
    buildServer();
    smtp = await startSmtpServer();
    d = await deployment({ SMTP_URL: smtp.url });
  });
  afterAll(async () => {
    await d?.close();
    await smtp?.close();
  });

  it('sends again at worst the very same message (same Message-ID, same content), even if the ticket changed meanwhile', async () => {
    await d.start('api');
    let worker = await d.start('worker');
    const res = await call(d.url, 'report', '/api/tickets', { body: { ...doubleCharge, customerEmail: 'died@example.fr', orderNumber: undefined } });
    expect(res.status).toBe(201);
    const subject = ackSubject(res.body.reference);
    let killed = false;
    smtp.setBeforeAccept(async (m) => {
      if (m.subject !== subject || killed) return;
      killed = true;
      await worker.stop('SIGKILL');
    });
    await waitFor(() => killed, 30_000, 'the worker killed while sending');
    // Meanwhile the customer adds the missing order number: a fresh rendering would no longer ask for it.
    const evidence = await call(d.url, 'evidence', `/api/tickets/${res.body.reference}/evidence`, {
      headers: { Authorization: `Bearer ${res.body.accessToken}` },
      body: { orderNumber: 'SFX-DIED' },
    });
    expect(evidence.status).toBe(200);

    worker = await d.start('worker'); // picks the stalled job up once its lock expires
    const sent = await waitFor(() => (smtp.messages.filter((m) => m.subject === subject).length >= 2 ? smtp.messages.filter((m) => m.subject === subject) : null), 120_000, 'the resend');
    const [first, ...again] = sent as ParsedMail[];
    expect(first.text).toContain('Le numéro de commande');
    for (const m of again) {
      expect(m.messageId).toBe(first.messageId);
      expect(m.text).toBe(first.text);
      expect(m.html).toBe(first.html);
    }
  });
});
