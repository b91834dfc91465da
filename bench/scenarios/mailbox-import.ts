import { randomBytes } from 'node:crypto';
import { fetchMailbox, mailboxSecretContext, type MessageTiming } from '../../core/mailbox-fetch';
import { sealSecret } from '../../core/secret-box';
import { startImapServer, type AppendedMessage } from '../../scripts/imap-server';
import { seededRandom } from '../synthetic-payments';
import { benchStack, latencies, report, round, sampleReport, type Size } from '../support';

/** What the mailbox holds, per 100 messages (the rest are customers' replies, one in five with a PDF). */
const MIX = { bounce: 2, newRequest: 3, duplicate: 3, outOfOffice: 10 } as const;
type Kind = 'reply' | 'reply with PDF' | 'out-of-office' | 'bounce' | 'duplicate' | 'no ticket';
/** Customers answer a ticket's mail at most this often on average: under the 20-an-hour sender limit. */
const MESSAGES_PER_TICKET = 20;
/** The mailbox filled up over days: one message a minute. */
const MINUTES_BETWEEN_MESSAGES = 1;

const CRLF = '\r\n';
const encodedWord = (s: string) => (/^[\x20-\x7e]*$/.test(s) ? s : `=?UTF-8?B?${Buffer.from(s).toString('base64')}?=`);
const base64Lines = (bytes: Buffer) => bytes.toString('base64').replace(/.{76}/g, `$&${CRLF}`);

/** A statement of a few kilobytes, as a PDF (what the upload checks take for one). */
function statementPdf(random: () => number): Buffer {
  const filler = Buffer.from(Array.from({ length: 24 * 1024 }, () => Math.floor(random() * 256)));
  return Buffer.concat([
    Buffer.from(`%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n2 0 obj\n<< /Length ${filler.length} >>\nstream\n`),
    filler,
    Buffer.from('\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n'),
  ]);
}

interface Headers {
  from: string;
  to: string;
  subject: string;
  date: Date;
  messageId: string;
  inReplyTo?: string;
  extra?: string[];
}

/** A raw RFC 5322 message as mail clients write them: UTF-8 text, or text and a PDF as multipart/mixed. */
function message(h: Headers, text: string, pdf?: Buffer): Buffer {
  const head = [
    `From: ${h.from}`,
    `To: ${h.to}`,
    `Subject: ${encodedWord(h.subject)}`,
    `Date: ${h.date.toUTCString()}`,
    `Message-ID: ${h.messageId}`,
    ...(h.inReplyTo ? [`In-Reply-To: ${h.inReplyTo}`, `References: ${h.inReplyTo}`] : []),
    ...(h.extra ?? []),
    'MIME-Version: 1.0',
  ];
  const body = text.replace(/\n/g, CRLF);
  if (!pdf) return Buffer.from([...head, 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit', '', body, ''].join(CRLF));
  const boundary = `part-${randomBytes(6).toString('hex')}`;
  return Buffer.from(
    [
      ...head,
      `Content-Type: multipart/mixed; boundary="${boundary}"`,
      '',
      `--${boundary}`,
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: 8bit',
      '',
      body,
      `--${boundary}`,
      'Content-Type: application/pdf; name="releve.pdf"',
      'Content-Disposition: attachment; filename="releve.pdf"',
      'Content-Transfer-Encoding: base64',
      '',
      base64Lines(pdf),
      `--${boundary}--`,
      '',
    ].join(CRLF),
  );
}

const ACK_TEXT =
  "Bonjour,\n\nNous avons bien reçu votre signalement et nous l'examinons.\nPour avancer, pourriez-vous nous envoyer votre relevé bancaire ?\n\nRépondez simplement à cet e-mail.\n\nL'équipe Sofimix";
const quoted = (text: string) => text.split('\n').map((l) => (l ? `> ${l}` : '>')).join('\n');

interface BenchTicket {
  id: string;
  reference: string;
  email: string;
  name: string;
}

/**
 * The mailbox's messages, oldest first: customers' replies threaded to their tickets (In-Reply-To
 * our acknowledgement, the reference in the subject), out-of-office answers, bounces of our mail,
 * the same reply delivered twice, and first messages no ticket is about.
 */
function mailbox(total: number, tickets: BenchTicket[], support: string, messageIdDomain: string, now: number) {
  const random = seededRandom(14);
  const pdf = statementPdf(random);
  const messages: Array<AppendedMessage & { kind: Kind }> = [];
  const replies: Buffer[] = [];
  let replyCount = 0;
  for (let k = 0; k < total; k++) {
    const ticket = tickets[k % tickets.length];
    const date = new Date(now - (total - k) * MINUTES_BETWEEN_MESSAGES * 60_000);
    const ack = `<mail-${ticket.id}-acknowledgement@${messageIdDomain}>`;
    const messageId = `<${randomBytes(9).toString('hex')}@mail.example.fr>`;
    const subject = `Re: [${ticket.reference}] Nous avons bien reçu votre signalement`;
    const slot = k % 100;
    let kind: Kind;
    let raw: Buffer;
    if (slot < MIX.bounce) {
      kind = 'bounce';
      raw = bounce(ticket, ack, support, date);
    } else if (slot < MIX.bounce + MIX.newRequest) {
      kind = 'no ticket';
      const who = `client.${k}@example.org`;
      raw = message({ from: `Client ${k} <${who}>`, to: support, subject: `Commande ${10_000 + k} pas reçue`, date, messageId }, `Bonjour,\n\nJ'ai passé la commande n° ${10_000 + k} et je ne l'ai toujours pas reçue.\nOù en est-elle ?\n\nMerci`);
    } else if (slot < MIX.bounce + MIX.newRequest + MIX.duplicate && replies.length) {
      kind = 'duplicate';
      // Delivered again (a second alias): the same message under one more Received.
      raw = Buffer.concat([Buffer.from(`Delivered-To: contact@sofimix.fr${CRLF}Received: from mx2.sofimix.fr by imap.sofimix.fr; ${date.toUTCString()}${CRLF}`), replies[replies.length - 1]]);
    } else if (slot < MIX.bounce + MIX.newRequest + MIX.duplicate + MIX.outOfOffice) {
      kind = 'out-of-office';
      raw = message(
        { from: `${ticket.name} <${ticket.email}>`, to: support, subject: 'Réponse automatique : absent du bureau', date, messageId, inReplyTo: ack, extra: ['Auto-Submitted: auto-replied'] },
        "Bonjour,\n\nJe suis absent jusqu'au 30 novembre inclus.\nJe vous répondrai dès mon retour.",
      );
    } else {
      const withPdf = replyCount++ % 5 === 0;
      kind = withPdf ? 'reply with PDF' : 'reply';
      const text = `Bonjour,\n\nVoici le relevé demandé : le montant de 59,90 € a bien été débité deux fois (message ${k}).\n\nMerci d'avance,\n-- \n${ticket.name}\n\nLe lun. 23 nov. 2026 à 10:00, Sofimix <${support}> a écrit :\n${quoted(ACK_TEXT)}\n`;
      raw = message({ from: `${ticket.name} <${ticket.email}>`, to: support, subject, date, messageId, inReplyTo: ack }, text, withPdf ? pdf : undefined);
      replies.push(raw);
    }
    messages.push({ kind, raw, internalDate: date });
  }
  return messages;
}

/** The customer's server saying our acknowledgement did not reach her (RFC 3464, as Postfix writes it). */
function bounce(ticket: BenchTicket, original: string, support: string, date: Date): Buffer {
  const boundary = `bounce-${randomBytes(6).toString('hex')}`;
  return Buffer.from(
    [
      'Return-Path: <>',
      'From: Mail Delivery System <MAILER-DAEMON@mx.example.fr>',
      `To: ${support}`,
      'Subject: Undelivered Mail Returned to Sender',
      `Date: ${date.toUTCString()}`,
      `Message-ID: <${randomBytes(9).toString('hex')}@mx.example.fr>`,
      'Auto-Submitted: auto-replied',
      'MIME-Version: 1.0',
      `Content-Type: multipart/report; report-type=delivery-status; boundary="${boundary}"`,
      '',
      `--${boundary}`,
      'Content-Type: text/plain; charset=us-ascii',
      '',
      `<${ticket.email}>: host mx.example.fr said: 550 5.1.1 Recipient address rejected: User unknown`,
      `--${boundary}`,
      'Content-Type: message/delivery-status',
      '',
      'Reporting-MTA: dns; mx.example.fr',
      '',
      `Final-Recipient: rfc822; ${ticket.email}`,
      'Action: failed',
      'Status: 5.1.1',
      `Diagnostic-Code: smtp; 550 5.1.1 <${ticket.email}>: Recipient address rejected: User unknown`,
      `--${boundary}`,
      'Content-Type: message/rfc822-headers',
      '',
      `From: ${support}`,
      `To: ${ticket.email}`,
      `Subject: [${ticket.reference}] Nous avons bien recu votre signalement`,
      `Message-ID: ${original}`,
      `--${boundary}--`,
      '',
    ].join(CRLF),
  );
}

/**
 * 9. E-mail import: a shop's mailbox of 5,000 messages in a real dovecot (mostly customers'
 * replies threaded to their tickets, some with a PDF, some out-of-office answers, a few bounces,
 * duplicates and messages for no ticket), read by `fetchMailbox` in a loop until it is drained,
 * as the worker's scheduler runs it: messages per second end to end (IMAP and import), and each
 * message's time split into its steps (source fetched, imported, marked \Seen, lastUid written).
 */
export async function mailboxImport(size: Size) {
  const total = size === 'smoke' ? 200 : Number(process.env.BENCH_MAILBOX_MESSAGES ?? 5000);
  const imap = await startImapServer();
  const stack = await benchStack({ workers: false });
  const { ctx } = stack;
  try {
    const brand = (await ctx.db.repos.brands.findDefault())!;
    const tickets: BenchTicket[] = [];
    for (let t = 0; t < Math.ceil(total / MESSAGES_PER_TICKET); t++) {
      const body = { ...sampleReport(`mail${t}`), customerName: `Client ${t}` };
      const res = await fetch(`${stack.url}/api/tickets`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      if (res.status !== 201) throw new Error(`report: ${res.status} ${await res.text()}`);
      const { id, reference } = (await res.json()) as { id: string; reference: string };
      tickets.push({ id, reference, email: body.customerEmail, name: body.customerName });
    }
    const messages = mailbox(total, tickets, brand.policy.supportEmail, ctx.config.messageIdDomain, Date.now());
    const account = await imap.createUser('sofimix-bench');
    const appendStarted = performance.now();
    await imap.appendMany(account.user, messages);
    const appendSeconds = (performance.now() - appendStarted) / 1000;
    await ctx.db.repos.mailboxes.save({
      brandId: brand.id,
      host: account.host,
      port: account.port,
      secure: false,
      username: account.user,
      sealedPassword: sealSecret(ctx.config.APP_SECRET, account.password, mailboxSecretContext(brand.id)),
      folder: 'INBOX',
      doneFolder: null,
      closedReplies: 'new_ticket',
      plusAddressing: false,
      updatedBy: 'bench',
      updatedAt: new Date(),
    });

    // As the scheduler does: a run after another (each takes at most its batch) until one finds nothing.
    const timings: MessageTiming[] = [];
    let runs = 0;
    let imported = 0;
    const started = performance.now();
    for (;;) {
      const run = await fetchMailbox(ctx, brand.id, { onMessage: (t) => timings.push(t) });
      runs++;
      imported += run.imported;
      if (run.seen === 0) break;
    }
    const seconds = (performance.now() - started) / 1000;

    const expected = new Map<Kind, number>();
    for (const m of messages) expected.set(m.kind, (expected.get(m.kind) ?? 0) + 1);
    const stored = await ctx.db.query<Array<{ kind: string; n: number | string }>>(`SELECT "kind", COUNT(*) AS n FROM inbound_messages GROUP BY "kind" ORDER BY "kind"`);
    const lastUid = (await ctx.db.repos.mailboxes.find(brand.id))!.lastUid;
    const perMessage = timings.map((t) => t.fetchMs + t.importMs + t.markMs + t.advanceMs);
    const spent = perMessage.reduce((a, b) => a + b, 0);
    const step = (name: string, of: (t: MessageTiming) => number) => {
      const times = timings.map(of);
      const l = latencies(times);
      return { step: name, p50Ms: l.p50Ms, p99Ms: l.p99Ms, maxMs: l.maxMs, shareOfTime: `${round((100 * times.reduce((a, b) => a + b, 0)) / (seconds * 1000))}%` };
    };
    const whole = latencies(perMessage);
    const rows = [
      { step: 'end to end', messages: total, runs, seconds: round(seconds, 2), messagesPerSecond: round(total / seconds), p50Ms: whole.p50Ms, p99Ms: whole.p99Ms, maxMs: whole.maxMs, shareOfTime: `${round((100 * spent) / (seconds * 1000))}%` },
      step('source fetched (IMAP)', (t) => t.fetchMs),
      step('imported (parse + transaction)', (t) => t.importMs),
      step('marked \\Seen (IMAP)', (t) => t.markMs),
      step('lastUid written', (t) => t.advanceMs),
    ];
    return report('mailbox-import', size, stack.database, rows, {
      tickets: tickets.length,
      mix: Object.fromEntries(expected),
      stored: Object.fromEntries(stored.map((r) => [r.kind, Number(r.n)])),
      imported,
      lastUid,
      appendSeconds: round(appendSeconds, 1),
      note: 'end to end: from the first run to the run that found nothing, logins and searches included; per message: its four steps; shareOfTime: of the whole run',
    });
  } finally {
    await stack.close();
    await imap.close();
  }
}
