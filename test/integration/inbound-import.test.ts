import { importInboundMail } from '../../core/inbound-import';
import type { Brand } from '../../db/entities/brand.entity';
import { MAX_INBOUND_MESSAGE_BYTES } from '../../domain/inbound-mail';
import { doubleCharge, PDF_BYTES, startHarness, type Harness, type SignedInClient } from '../support/harness';
import { waitFor } from '../support/wait';

/**
 * A customer's e-mail reply lands on its ticket (issue 14, inbound): once, whatever the
 * number of times the mailbox hands it over, only when the sender is the ticket's customer,
 * never answering robots, and never storing a card number.
 */
let h: Harness;
let agent: SignedInClient;
let brand: Brand;
const DOMAIN = 'support.example.test'; // the harness's PUBLIC_URL host
const ackId = (ticketId: string) => `<mail-${ticketId}-acknowledgement-once@${DOMAIN}>`;

beforeAll(async () => {
  h = await startHarness();
  agent = await h.signIn('agent', 'Inbound Agent');
  brand = (await h.ctx.db.repos.brands.findBySlug('sofimix'))!;
});
afterAll(async () => {
  await h?.close();
});

type Ticket = { id: string; reference: string };
const report = async (patch: Record<string, unknown> = {}) => (await h.http().post('/api/tickets').send({ ...doubleCharge, ...patch }).expect(201)).body as Ticket;
const triaged = (id: string) => waitFor(async () => ((await h.ctx.db.repos.tickets.findById(id))?.triagedAt ? true : null), 10_000, 'triage');
const version = async (id: string) => (await agent.get(`/api/tickets/${id}`).expect(200)).body.version as number;
const stored = (id: string) => h.ctx.db.repos.tickets.findById(id).then((t) => t!);
const events = (id: string, type: string) => h.ctx.db.repos.events.findOfType(id, type);
/** What an import may write (the workers meanwhile record the mails they send). */
const IMPORT_EVENTS = ['customer_message', 'mail_bounced', 'status_changed', 'reopened', 'redacted'];
const importEvents = async (id: string) => (await h.ctx.db.repos.events.list(id)).filter((e) => IMPORT_EVENTS.includes(e.type)).length;
const rows = () => h.ctx.db.query<Array<{ kind: string; ticketId: string | null; messageId: string; subject: string }>>('SELECT * FROM inbound_messages');

/** A raw message as a mailbox hands it over. */
function mail(headers: Record<string, string>, body: string): Buffer {
  const head = { Date: 'Mon, 23 Nov 2026 11:00:00 +0100', 'MIME-Version': '1.0', 'Content-Type': 'text/plain; charset=utf-8', 'Content-Transfer-Encoding': '8bit', ...headers };
  return Buffer.from(`${Object.entries(head).map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n${body.replace(/\r?\n/g, '\r\n')}`);
}
const importMail = (raw: Buffer) => importInboundMail(h.ctx, brand, raw, h.ctx.now());

const frenchReply = (t: Ticket) =>
  mail(
    { From: 'Marie Curie <marie.curie@example.fr>', To: 'commande@sofimix.com', Subject: `Re: Votre signalement ${t.reference}`, 'Message-ID': '<reponse-1@example.fr>', 'In-Reply-To': ackId(t.id), References: ackId(t.id) },
    [
      'Bonjour,',
      '',
      'Voici ma réponse : les deux débits sont du 20 novembre, je joins le relevé demain.',
      '',
      '-- ',
      'Marie Curie',
      '06 12 34 56 78',
      '',
      'Le lun. 23 nov. 2026 à 10:00, Service client Sofimix <commande@sofimix.com> a écrit :',
      '> Nous avons bien reçu votre signalement.',
      '> Merci de nous envoyer un justificatif.',
    ].join('\n'),
  );

let ticket: Ticket;

describe('a customer answers our request for information by e-mail', () => {
  beforeAll(async () => {
    ticket = await report();
    await triaged(ticket.id);
    await agent.post(`/api/tickets/${ticket.id}/information-requests`, { version: await version(ticket.id), message: 'Un relevé suffit.' }).expect(201);
    const asked = await stored(ticket.id);
    expect(asked.status).toBe('awaiting_customer');
    expect(asked.nextReminderAt).not.toBeNull();
  });

  it('puts only the new words on the timeline and the ticket back to work, reminders stopped', async () => {
    const before = await stored(ticket.id);
    const outcome = await importMail(frenchReply(ticket));
    expect(outcome).toEqual({ kind: 'reply', ticketId: ticket.id, messageId: '<reponse-1@example.fr>', duplicate: false });

    const [message] = await events(ticket.id, 'customer_message');
    expect(message.isPublic).toBe(true);
    expect(message.data.from).toBe('marie.curie@example.fr');
    expect(message.data.text).toContain('les deux débits sont du 20 novembre');
    expect(message.data.text).not.toContain('Nous avons bien reçu');
    expect(message.data.text).not.toContain('06 12 34 56 78');
    expect(message.data.original).toContain('Nous avons bien reçu');
    expect(message.data).toMatchObject({ files: [], refused: [] });

    const after = await stored(ticket.id);
    expect(after.status).toBe('in_progress');
    expect(after.nextReminderAt).toBeNull();
    expect(after.version).toBeGreaterThan(before.version);
  });

  it('imports the same message seen again (a re-fetch) nothing more', async () => {
    expect(await importMail(frenchReply(ticket))).toMatchObject({ kind: 'reply', ticketId: ticket.id, duplicate: true });
    expect((await rows()).filter((r) => r.messageId === '<reponse-1@example.fr>')).toHaveLength(1);
    expect(await events(ticket.id, 'customer_message')).toHaveLength(1);
  });

  it('imports a message two fetchers hand over at once only once', async () => {
    const raw = mail({ From: 'marie.curie@example.fr', To: 'commande@sofimix.com', Subject: `Re: ${ticket.reference}`, 'Message-ID': '<reponse-simultanee@example.fr>' }, 'Une précision : la commande est bien SFX-10042.');
    const before = (await events(ticket.id, 'customer_message')).length;
    const outcomes = await Promise.all([importMail(raw), importMail(raw)]);
    expect(outcomes.map((o) => o.duplicate).sort()).toEqual([false, true]);
    expect(outcomes.every((o) => o.kind === 'reply' && o.ticketId === ticket.id)).toBe(true);
    expect(await events(ticket.id, 'customer_message')).toHaveLength(before + 1);
    expect((await rows()).filter((r) => r.messageId === '<reponse-simultanee@example.fr>')).toHaveLength(1);
  });

  it('records an out-of-office and answers nothing', async () => {
    const raw = mail(
      { From: 'Marie Curie <marie.curie@example.fr>', To: 'commande@sofimix.com', Subject: `Réponse automatique : Votre signalement ${ticket.reference}`, 'Message-ID': '<absence-1@example.fr>', 'In-Reply-To': ackId(ticket.id), 'Auto-Submitted': 'auto-replied' },
      'Je suis absente jusqu’au 30 novembre.',
    );
    const timeline = await importEvents(ticket.id);
    expect(await importMail(raw)).toMatchObject({ kind: 'auto_reply', ticketId: null, duplicate: false });
    expect(await importEvents(ticket.id)).toBe(timeline);
  });

  it('tells the agents, not the customer, that our acknowledgement bounced', async () => {
    const boundary = 'report-boundary';
    const raw = mail(
      { From: 'Mail Delivery System <MAILER-DAEMON@mx.example.fr>', To: 'commande@sofimix.com', Subject: 'Undelivered Mail Returned to Sender', 'Message-ID': '<bounce-1@mx.example.fr>', 'Content-Type': `multipart/report; report-type=delivery-status; boundary="${boundary}"` },
      [
        `--${boundary}`,
        'Content-Type: text/plain; charset=utf-8',
        '',
        'Your message could not be delivered: mailbox full.',
        `--${boundary}`,
        'Content-Type: message/delivery-status',
        '',
        'Reporting-MTA: dns; mx.example.fr',
        '',
        'Final-Recipient: rfc822; marie.curie@example.fr',
        'Action: failed',
        'Status: 5.2.2',
        `--${boundary}`,
        'Content-Type: text/rfc822-headers',
        '',
        `Message-ID: ${ackId(ticket.id)}`,
        `Subject: Votre signalement ${ticket.reference}`,
        `--${boundary}--`,
        '',
      ].join('\n'),
    );
    expect(await importMail(raw)).toMatchObject({ kind: 'bounce', ticketId: ticket.id });
    const [bounce] = await events(ticket.id, 'mail_bounced');
    expect(bounce.isPublic).toBe(false);
    expect(bounce.data.originalMessageId).toBe(ackId(ticket.id));
    expect(bounce.data.reason).toEqual(expect.any(String));
    expect(bounce.data).toMatchObject({ recipient: 'marie.curie@example.fr', status: '5.2.2', diagnostic: null });
  });

  it('stores no card number from a subject, and lists the PDF as kept', async () => {
    const boundary = 'mixed-boundary';
    const raw = mail(
      { From: 'marie.curie@example.fr', To: 'commande@sofimix.com', Subject: `Re: ${ticket.reference} ma carte 4111 1111 1111 1111`, 'Message-ID': '<reponse-2@example.fr>', 'Content-Type': `multipart/mixed; boundary="${boundary}"` },
      [
        `--${boundary}`,
        'Content-Type: text/plain; charset=utf-8',
        '',
        'Le relevé est joint, débité sur la carte 4111111111111111.',
        `--${boundary}`,
        'Content-Type: application/pdf; name="releve.pdf"',
        'Content-Disposition: attachment; filename="releve.pdf"',
        'Content-Transfer-Encoding: base64',
        '',
        PDF_BYTES.toString('base64'),
        `--${boundary}--`,
        '',
      ].join('\n'),
    );
    const before = await stored(ticket.id);
    expect(await importMail(raw)).toMatchObject({ kind: 'reply', ticketId: ticket.id, duplicate: false });
    const message = (await events(ticket.id, 'customer_message')).at(-1)!;
    expect(message.data).toMatchObject({ files: [{ id: expect.any(String), name: 'releve.pdf' }], refused: [] });
    expect(message.data.text).toContain('Le relevé est joint');

    // The PDF is evidence like an upload: counted, off the checklist, and the agent downloads those very bytes.
    const after = await stored(ticket.id);
    expect(after.proofCount).toBe(before.proofCount + 1);
    expect(after.missingEvidence).not.toContain('proof');
    expect(message.data.missingEvidence).toEqual(after.missingEvidence);
    const fileId = (message.data.files as Array<{ id: string }>)[0].id;
    const download = await agent.get(`/api/tickets/${ticket.id}/files/${fileId}`).buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    }).expect(200);
    expect(Buffer.compare(download.body as Buffer, PDF_BYTES)).toBe(0);

    const tables =
      h.ctx.db.kind === 'postgres'
        ? (await h.ctx.db.query<Array<{ name: string }>>("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'")).map((r) => r.name)
        : (await h.ctx.db.query<Array<{ name: string }>>("SELECT name FROM sqlite_master WHERE type = 'table'")).map((r) => r.name);
    expect(tables).toContain('inbound_messages');
    let dump = '';
    for (const table of tables) dump += JSON.stringify(await h.ctx.db.query(`SELECT * FROM "${table}"`));
    expect(dump).toContain('Le relevé est joint');
    expect(dump.replace(/\D/g, ' ')).not.toMatch(/4111\s*1111\s*1111\s*1111/);
  });

  it('does not attach a message quoting the reference from someone else: it opens the sender’s own ticket', async () => {
    const timeline = await importEvents(ticket.id);
    const raw = mail(
      { From: 'Mallory <mallory@example.com>', To: 'commande@sofimix.com', Subject: `Re: ${ticket.reference}`, 'Message-ID': '<mallory-1@example.com>', 'In-Reply-To': ackId(ticket.id) },
      `Au sujet de ${ticket.reference} : remboursez-moi sur ce compte.`,
    );
    const outcome = await importMail(raw);
    expect(outcome).toMatchObject({ kind: 'new_ticket', duplicate: false });
    expect(outcome.ticketId).not.toBe(ticket.id);
    expect((await stored(outcome.ticketId!)).customerEmail).toBe('mallory@example.com');
    expect(await importEvents(ticket.id)).toBe(timeline);
  });
});

it('reopens a resolved ticket the customer writes about again', async () => {
  const t = await report({ customerEmail: 'resolu@example.fr', orderNumber: 'SFX-RESOLU' });
  await triaged(t.id);
  await agent.post(`/api/tickets/${t.id}/resolve`, { version: await version(t.id), outcome: 'hold_released' }).expect(200);
  expect((await stored(t.id)).status).toBe('resolved');
  const raw = mail({ From: 'resolu@example.fr', To: 'commande@sofimix.com', Subject: `Re: ${t.reference}`, 'Message-ID': '<resolu-1@example.fr>', 'In-Reply-To': ackId(t.id) }, 'Le second débit est toujours là.');
  expect(await importMail(raw)).toMatchObject({ kind: 'reply', ticketId: t.id });
  const after = await stored(t.id);
  expect(after.status).not.toBe('resolved');
  expect(after.reopenCount).toBe(1);
  const [reopened] = await events(t.id, 'reopened');
  expect(reopened.data).toMatchObject({ reason: 'customer_email', previousOutcome: 'hold_released' });
  expect(await events(t.id, 'customer_message')).toHaveLength(1);
});

it('refuses an oversized message unread, and limits a sender to twenty messages an hour', async () => {
  const huge = Buffer.alloc(MAX_INBOUND_MESSAGE_BYTES + 1, 'a');
  expect(await importMail(huge)).toMatchObject({ kind: 'oversized', ticketId: null, duplicate: false });
  expect(await importMail(huge)).toMatchObject({ kind: 'oversized', duplicate: true });

  // A person's: only its headers are read, and it gets one polite refusal in both languages, threaded to it.
  const video = (id: string, extra: Record<string, string> = {}) =>
    Buffer.concat([mail({ From: 'Paul Durand <paul.durand@example.fr>', To: 'commande@sofimix.com', Subject: 'Ma vidéo du relevé', 'Message-ID': `<${id}@example.fr>`, ...extra }, ''), Buffer.alloc(MAX_INBOUND_MESSAGE_BYTES, 'b')]);
  const outcome = await importMail(video('video-1'));
  expect(outcome).toMatchObject({ kind: 'oversized', ticketId: null, messageId: '<video-1@example.fr>', duplicate: false });
  expect(await importMail(video('video-1'))).toMatchObject({ kind: 'oversized', duplicate: true });
  const refusal = await waitFor(() => h.smtp.messages.find((m) => m.inReplyTo === '<video-1@example.fr>'), 15_000, 'the refusal');
  expect(refusal.subject).toContain('n’a pas pu être traité');
  expect(refusal.text).toContain('« Ma vidéo du relevé »');
  expect(refusal.text).toContain('could not be processed');
  expect(refusal.text).toContain('https://support.example.test/');
  expect(refusal.headers.get('auto-submitted')).toBe('auto-generated');
  // An automatic one gets nothing back.
  expect(await importMail(video('video-2', { 'Auto-Submitted': 'auto-replied' }))).toMatchObject({ kind: 'oversized', duplicate: false });
  await new Promise((r) => setTimeout(r, 500));
  expect(h.smtp.messages.filter((m) => m.inReplyTo?.startsWith('<video-'))).toHaveLength(1);
  const recorded = (await rows()).filter((r) => r.messageId.startsWith('<video-'));
  expect(recorded.map((r) => r.subject)).toEqual(['Ma vidéo du relevé', 'Ma vidéo du relevé']);

  const from = (i: number) => mail({ From: 'flood@example.net', To: 'commande@sofimix.com', Subject: `Message ${i}`, 'Message-ID': `<flood-${i}@example.net>` }, 'Bonjour.');
  for (let i = 0; i < 20; i++) expect((await importMail(from(i))).kind).toBe('new_ticket');
  expect((await importMail(from(20))).kind).toBe('rate_limited');
});

describe('an e-mail that matches no ticket', () => {
  const newRequest = (id: string, from: string, subject: string, body: string, attachment?: Buffer) => {
    const boundary = 'new-request';
    return attachment
      ? mail({ From: from, To: 'commande@sofimix.com', Subject: subject, 'Message-ID': `<${id}@example.fr>`, 'Content-Type': `multipart/mixed; boundary="${boundary}"` }, [
          `--${boundary}`, 'Content-Type: text/plain; charset=utf-8', '', body,
          `--${boundary}`, 'Content-Type: application/pdf; name="releve.pdf"', 'Content-Disposition: attachment; filename="releve.pdf"', 'Content-Transfer-Encoding: base64', '', PDF_BYTES.toString('base64'),
          `--${boundary}`, 'Content-Type: application/x-msdownload; name="facture.exe"', 'Content-Disposition: attachment; filename="facture.exe"', 'Content-Transfer-Encoding: base64', '', Buffer.from('MZ\x90\x00 not a proof').toString('base64'),
          `--${boundary}--`, '',
        ].join('\n'))
      : mail({ From: from, To: 'commande@sofimix.com', Subject: subject, 'Message-ID': `<${id}@example.fr>` }, body);
  };

  it('opens a ticket with the message and its proofs, and answers with the private link to complete it', async () => {
    const raw = newRequest(
      'nouvelle-1', 'Jeanne Martin <jeanne.martin@example.fr>', 'Débité deux fois',
      'Bonjour,\n\nJ’ai été débitée deux fois de 59,90 € pour ma commande n° 778812, voici mon relevé.\n\nMerci,\nJeanne',
      PDF_BYTES,
    );
    const outcome = await importMail(raw);
    expect(outcome).toMatchObject({ kind: 'new_ticket', duplicate: false });
    const t = await stored(outcome.ticketId!);
    expect(t).toMatchObject({ source: 'email', type: 'double_charge', customerName: 'Jeanne Martin', customerEmail: 'jeanne.martin@example.fr', language: 'fr', orderNumber: '778812', proofCount: 1 });
    expect(t.missingEvidence).toEqual(expect.arrayContaining(['paymentTime', 'amount', 'cardType']));
    expect(t.missingEvidence).not.toContain('proof');
    const [created] = await events(t.id, 'created');
    expect(created.data).toMatchObject({ source: 'email', typeGuessed: 'words' });
    const [message] = await events(t.id, 'customer_message');
    expect(message.data).toMatchObject({ files: [{ name: 'releve.pdf' }], refused: [{ name: 'facture.exe', reason: 'not_a_proof_type' }], fields: ['orderNumber'] });

    // Triaged like a report: the acknowledgement threads, lists what is missing and links the private page.
    await triaged(t.id);
    const ack = await waitFor(() => h.smtp.messages.find((m) => m.subject?.includes(t.reference)), 15_000, 'the acknowledgement');
    expect(ack.text).toContain(`/t/${t.reference}#token=`);
    expect(ack.text).toContain('ouvert un dossier');
    expect(ack.inReplyTo).toBeUndefined();

    // Seen again: nothing more, and no file left behind.
    const files = await h.ctx.db.repos.files.listForTicket(t.id);
    expect(await importMail(raw)).toMatchObject({ kind: 'new_ticket', ticketId: t.id, duplicate: true });
    expect(await h.ctx.db.repos.files.listForTicket(t.id)).toHaveLength(files.length);
    expect(((await rows()).filter((r) => r.messageId === '<nouvelle-1@example.fr>'))).toHaveLength(1);
  });

  it('writes in English to a customer who wrote in English, and says the type was a guess when the words told none', async () => {
    const outcome = await importMail(newRequest('new-en-1', 'sam@example.com', 'Help', 'Hello, I have a problem with my account, can you please have a look? Thanks, Sam'));
    const t = await stored(outcome.ticketId!);
    expect(t).toMatchObject({ language: 'en', type: 'debit_without_order', customerName: 'sam' });
    expect((await events(t.id, 'created'))[0].data).toMatchObject({ typeGuessed: 'default' });
  });
});

describe('a customer writes again about a closed ticket', () => {
  let closed: Ticket;
  const closeTicket = async (patch: Record<string, unknown>) => {
    const t = await report(patch);
    await triaged(t.id);
    await agent.post(`/api/tickets/${t.id}/resolve`, { version: await version(t.id), outcome: 'hold_released' }).expect(200);
    await agent.post(`/api/tickets/${t.id}/status`, { version: await version(t.id), status: 'closed' }).expect(200);
    expect((await stored(t.id)).status).toBe('closed');
    return t;
  };
  const again = (t: Ticket, id: string, from: string) => mail({ From: from, To: 'commande@sofimix.com', Subject: `Re: ${t.reference}`, 'Message-ID': `<${id}@example.fr>`, 'In-Reply-To': ackId(t.id) }, 'Le second débit est revenu sur mon relevé.');
  const setChoice = (closedReplies: 'reopen' | 'new_ticket') =>
    h.ctx.db.repos.mailboxes.save({ brandId: brand.id, host: '127.0.0.1', port: 1, secure: false, username: 'x', sealedPassword: 'x', folder: 'INBOX', doneFolder: null, closedReplies, plusAddressing: false, updatedBy: 'test', updatedAt: h.ctx.now() });

  it('opens a new ticket linked to it, with its facts, by default', async () => {
    closed = await closeTicket({ customerEmail: 'ferme@example.fr', orderNumber: 'SFX-FERME' });
    const outcome = await importMail(again(closed, 'ferme-1', 'ferme@example.fr'));
    expect(outcome).toMatchObject({ kind: 'reply', duplicate: false });
    expect(outcome.ticketId).not.toBe(closed.id);
    const follow = await stored(outcome.ticketId!);
    expect(follow).toMatchObject({ source: 'email', followUpOfId: closed.id, type: 'double_charge', orderNumber: 'SFX-FERME', customerEmail: 'ferme@example.fr' });
    expect((await stored(closed.id)).status).toBe('closed');
    expect((await events(closed.id, 'follow_up_opened'))[0].data).toEqual({ ticketId: follow.id, reference: follow.reference });
    expect((await events(follow.id, 'created'))[0].data).toMatchObject({ followUpOf: { ticketId: closed.id, reference: closed.reference } });
  });

  it('reopens it when the shop chose so', async () => {
    await setChoice('reopen');
    try {
      const t = await closeTicket({ customerEmail: 'rouvre@example.fr', orderNumber: 'SFX-ROUVRE' });
      expect(await importMail(again(t, 'rouvre-1', 'rouvre@example.fr'))).toMatchObject({ kind: 'reply', ticketId: t.id });
      const after = await stored(t.id);
      expect(after).toMatchObject({ status: 'in_progress', reopenCount: 1, outcome: null });
      expect((await events(t.id, 'reopened'))[0].data).toMatchObject({ reason: 'customer_email', from: 'closed' });
    } finally {
      await h.ctx.db.repos.mailboxes.remove(brand.id);
    }
  });
});

it('threads a reply sent to the ticket’s own address, and never one whose token was forged', async () => {
  const { replyTokenFor, plusAddress } = await import('../../core/access-token');
  const t = await report({ customerEmail: 'plus@example.fr', orderNumber: 'SFX-PLUS' });
  await triaged(t.id);
  const token = replyTokenFor(h.ctx.config.APP_SECRET, { id: t.id, reference: t.reference });
  const to = plusAddress('commande@sofimix.com', token);
  expect(to).toMatch(/^commande\+[0-9a-z]{8}-[0-9a-f]{10}@sofimix\.com$/);
  // No reference, no In-Reply-To: the address alone leads to the ticket.
  expect(await importMail(mail({ From: 'plus@example.fr', To: to, Subject: 'Mon relevé', 'Message-ID': '<plus-1@example.fr>' }, 'Voici le relevé demandé.'))).toMatchObject({ kind: 'reply', ticketId: t.id });
  const forged = plusAddress('commande@sofimix.com', token.replace(/-.*/, '-0000000000'));
  const outcome = await importMail(mail({ From: 'plus@example.fr', To: forged, Subject: 'Autre chose', 'Message-ID': '<plus-2@example.fr>' }, 'Une autre demande.'));
  expect(outcome.kind).toBe('new_ticket');
  expect(outcome.ticketId).not.toBe(t.id);
});

it('e-mails the agent who holds the ticket when its customer writes, once however often the message comes', async () => {
  const t = await report({ customerEmail: 'alerte@example.fr', orderNumber: 'SFX-ALERTE' });
  await triaged(t.id);
  await agent.post(`/api/tickets/${t.id}/claim`, { version: await version(t.id) }).expect(200);
  const raw = mail({ From: 'alerte@example.fr', To: 'commande@sofimix.com', Subject: `Re: ${t.reference}`, 'Message-ID': '<alerte-1@example.fr>', 'In-Reply-To': ackId(t.id) }, 'Voici une précision sur le second débit.');
  expect(await importMail(raw)).toMatchObject({ kind: 'reply', ticketId: t.id });
  expect(await importMail(raw)).toMatchObject({ duplicate: true });
  const toAgent = () => h.smtp.messages.filter((m) => m.to && JSON.stringify(m.to).includes(agent.user.email) && m.subject?.includes(t.reference));
  const alert = await waitFor(() => toAgent().find((m) => /Nouveau message du client/.test(m.subject ?? '')), 15_000, 'the alert');
  expect(alert.text).toContain(`/tickets/${t.id}`);
  await new Promise((r) => setTimeout(r, 500));
  expect(toAgent()).toHaveLength(1);
});

it('imports a message holding NUL characters without them, so it never stops the mailbox behind it', async () => {
  const raw = mail({ From: 'Nul <nul.client@example.fr>', To: 'commande@sofimix.com', Subject: 'Débité deux\u0000 fois', 'Message-ID': '<nul-1@example.fr>' }, 'Bonjour\u0000, débitée deux fois pour ma commande n° 99812.');
  const outcome = await importMail(raw);
  expect(outcome).toMatchObject({ kind: 'new_ticket', duplicate: false });
  const [message] = await events(outcome.ticketId!, 'customer_message');
  expect(message.data).toMatchObject({ subject: 'Débité deux fois', text: 'Bonjour, débitée deux fois pour ma commande n° 99812.' });
  expect((await stored(outcome.ticketId!)).orderNumber).toBe('99812');
});
