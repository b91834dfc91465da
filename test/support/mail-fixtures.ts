import { randomBytes } from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer';

/**
 * Raw RFC 5322 messages for the e-mail channel's scenarios (issue 14), as customers' mail
 * clients and mail servers write them. Each builder takes the addresses, subject and
 * Message-ID so a test can thread it to what Guichet sent; Message-IDs come back in angle
 * brackets, as IMAP envelopes and In-Reply-To carry them.
 */

export interface MailParams {
  from?: string;
  to?: string;
  subject?: string;
  /** With or without angle brackets; a fresh one when left out. */
  messageId?: string;
  date?: Date;
  inReplyTo?: string;
  references?: string[];
}

export interface RawMail {
  messageId: string;
  subject: string;
  raw: Buffer;
}

export const CUSTOMER = 'Marie Curie <marie.curie@example.fr>';
export const SUPPORT = 'Sofimix <support@sofimix.fr>';

/** The smallest file the upload checks take as a PDF (the same bytes as the harness's). */
export const PDF_ATTACHMENT = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');

const CRLF = '\r\n';

export const bracketed = (id: string) => `<${id.trim().replace(/^<|>$/g, '')}>`;
export const newMessageId = (domain = 'mail.example.fr') => `<${randomBytes(9).toString('hex')}@${domain}>`;

type ComposeOptions = MailParams & {
  subject: string;
  text: string;
  headers?: Record<string, string>;
  attachments?: Array<{ filename: string; content: Buffer; contentType: string }>;
};

async function compose(p: ComposeOptions): Promise<RawMail> {
  const messageId = bracketed(p.messageId ?? newMessageId());
  const raw = await new MailComposer({
    from: p.from ?? CUSTOMER,
    to: p.to ?? SUPPORT,
    subject: p.subject,
    messageId,
    date: p.date ?? new Date(),
    inReplyTo: p.inReplyTo ? bracketed(p.inReplyTo) : undefined,
    references: p.references?.map(bracketed) ?? (p.inReplyTo ? [bracketed(p.inReplyTo)] : undefined),
    text: p.text,
    headers: p.headers,
    attachments: p.attachments,
  })
    .compile()
    .build();
  // MailComposer ends lines with LF (its transports convert); on the wire and in IMAP it is CRLF.
  return { messageId, subject: p.subject, raw: Buffer.from(raw.toString('latin1').replace(/\r?\n/g, CRLF), 'latin1') };
}

const quoted = (text: string) =>
  text
    .split('\n')
    .map((line) => (line ? `> ${line}` : '>'))
    .join('\n');

export const REPLY_TEXT = "Bonjour,\n\nVoici le relevé demandé : le montant de 42,90 € a bien été débité deux fois le 20 novembre.\n\nMerci d'avance,";
export const REPLY_SIGNATURE = '-- \nMarie';
export const QUOTED_ATTRIBUTION = 'Le lun. 23 nov. 2026 à 10:00, Sofimix <support@sofimix.fr> a écrit :';
export const QUOTED_TEXT =
  "Bonjour Marie,\n\nPour avancer sur votre demande, pourriez-vous nous envoyer votre relevé bancaire ?\n\nRépondez simplement à cet e-mail.\n\nL'équipe Sofimix";

/**
 * A customer's top-posted French reply to one of our e-mails: her words (`text`), her signature
 * ("-- " line), then Gmail's "Le … a écrit :" line and our message quoted with "> ".
 * `text` is what should be left once quote and signature are stripped.
 */
export async function frenchReply(p: MailParams & { inReplyTo: string; text?: string; quotedText?: string; attribution?: string }): Promise<RawMail & { text: string }> {
  const text = p.text ?? REPLY_TEXT;
  const body = `${text}\n${REPLY_SIGNATURE}\n\n${p.attribution ?? QUOTED_ATTRIBUTION}\n${quoted(p.quotedText ?? QUOTED_TEXT)}\n`;
  const mail = await compose({ ...p, subject: p.subject ?? 'Re: Votre demande Sofimix', text: body });
  return { ...mail, text };
}

/**
 * The same message delivered a second time (a second alias, a retried delivery): the same
 * Message-ID and body, with one more Received and Delivered-To on top, so the bytes differ.
 */
export function redelivered(mail: RawMail, deliveredTo = 'contact@sofimix.fr'): RawMail {
  const extra = `Delivered-To: ${deliveredTo}${CRLF}Received: from mx2.sofimix.fr by imap.sofimix.fr; ${new Date().toUTCString()}${CRLF}`;
  return { ...mail, raw: Buffer.concat([Buffer.from(extra), mail.raw]) };
}

/** The ways mail software says "a machine wrote this"; each must be ignored, never answered. */
export const AUTO_REPLY_HEADERS = {
  'auto-submitted': { 'Auto-Submitted': 'auto-replied' },
  'x-autoreply': { 'X-Autoreply': 'yes' },
  'precedence-auto-reply': { Precedence: 'auto_reply' },
  'precedence-bulk': { Precedence: 'bulk' },
  'precedence-junk': { Precedence: 'junk' },
  'precedence-list': { Precedence: 'list' },
  'x-auto-response-suppress': { 'X-Auto-Response-Suppress': 'All' },
} satisfies Record<string, Record<string, string>>;
export type AutoReplyVariant = keyof typeof AUTO_REPLY_HEADERS;

/**
 * An out-of-office answer to one of our e-mails. It carries In-Reply-To like a real reply
 * would (so it threads), which is why only its headers tell it apart.
 */
export async function outOfOffice(p: MailParams & { variant?: AutoReplyVariant } = {}): Promise<RawMail> {
  return compose({
    ...p,
    subject: p.subject ?? 'Réponse automatique : absente du bureau',
    text: "Bonjour,\n\nJe suis absente jusqu'au 30 novembre inclus, avec un accès limité à mes e-mails.\nJe vous répondrai dès mon retour.\n\nMarie Curie\n",
    headers: AUTO_REPLY_HEADERS[p.variant ?? 'auto-submitted'],
  });
}

/** The message whose delivery failed, as the bounce quotes its headers. */
export interface BouncedMail {
  messageId: string;
  from?: string;
  to: string;
  subject?: string;
  date?: Date;
}

/**
 * A delivery failure report from the customer's mail server (RFC 3464, as Postfix writes it):
 * from MAILER-DAEMON, multipart/report; report-type=delivery-status, the original's headers
 * (with its Message-ID) as message/rfc822-headers. Like Postfix's, it also says
 * Auto-Submitted: auto-replied, so it must be told from an out-of-office before that header is.
 */
export function bounce(p: Omit<MailParams, 'inReplyTo' | 'references'> & { original: BouncedMail; status?: string; diagnostic?: string }): RawMail {
  const messageId = bracketed(p.messageId ?? newMessageId('mx.example.fr'));
  const date = (p.date ?? new Date()).toUTCString();
  const original = p.original;
  const recipient = original.to.replace(/^.*<|>.*$/g, '');
  const status = p.status ?? '5.1.1';
  const diagnostic = p.diagnostic ?? `smtp; 550 ${status} <${recipient}>: Recipient address rejected: User unknown in virtual mailbox table`;
  const subject = p.subject ?? 'Undelivered Mail Returned to Sender';
  const boundary = `bounce-${randomBytes(6).toString('hex')}`;
  const lines = [
    `Return-Path: <>`,
    `From: ${p.from ?? 'Mail Delivery System <MAILER-DAEMON@mx.example.fr>'}`,
    `To: ${p.to ?? SUPPORT}`,
    `Subject: ${subject}`,
    `Date: ${date}`,
    `Message-ID: ${messageId}`,
    `Auto-Submitted: auto-replied`,
    `MIME-Version: 1.0`,
    `Content-Type: multipart/report; report-type=delivery-status; boundary="${boundary}"`,
    ``,
    `This is a MIME-encapsulated message.`,
    ``,
    `--${boundary}`,
    `Content-Description: Notification`,
    `Content-Type: text/plain; charset=us-ascii`,
    ``,
    `This is the mail system at host mx.example.fr.`,
    ``,
    `I'm sorry to have to inform you that your message could not`,
    `be delivered to one or more recipients.`,
    ``,
    `<${recipient}>: host mx.example.fr said: 550 ${status} Recipient address rejected: User unknown`,
    ``,
    `--${boundary}`,
    `Content-Description: Delivery report`,
    `Content-Type: message/delivery-status`,
    ``,
    `Reporting-MTA: dns; mx.example.fr`,
    `Arrival-Date: ${date}`,
    ``,
    `Final-Recipient: rfc822; ${recipient}`,
    `Original-Recipient: rfc822; ${recipient}`,
    `Action: failed`,
    `Status: ${status}`,
    `Diagnostic-Code: ${diagnostic}`,
    ``,
    `--${boundary}`,
    `Content-Description: Undelivered Message Headers`,
    `Content-Type: message/rfc822-headers`,
    ``,
    `From: ${original.from ?? SUPPORT}`,
    `To: ${original.to}`,
    `Subject: ${original.subject ?? 'Votre demande Sofimix'}`,
    `Date: ${(original.date ?? new Date()).toUTCString()}`,
    `Message-ID: ${bracketed(original.messageId)}`,
    `MIME-Version: 1.0`,
    `Content-Type: text/plain; charset=utf-8`,
    ``,
    `--${boundary}--`,
    ``,
  ];
  return { messageId, subject, raw: Buffer.from(lines.join(CRLF)) };
}

/**
 * A customer who writes her card number in the subject and the body, with the security code,
 * and attaches her statement as a PDF. The card number defaults to one that passes Luhn.
 */
export async function cardNumberWithPdf(
  p: MailParams & { cardNumber?: string; securityCode?: string; attachmentName?: string; pdf?: Buffer } = {},
): Promise<RawMail & { cardNumber: string; securityCode: string; attachmentName: string }> {
  const cardNumber = p.cardNumber ?? '4242 4242 4242 4242';
  const securityCode = p.securityCode ?? '737';
  const attachmentName = p.attachmentName ?? 'relevé-novembre.pdf';
  const mail = await compose({
    ...p,
    subject: p.subject ?? `Débité deux fois sur ma carte ${cardNumber}`,
    text: `Bonjour,\n\nMa carte ${cardNumber} (cryptogramme ${securityCode}) a été débitée deux fois pour la même commande.\nVous trouverez mon relevé en pièce jointe.\n\nMarie Curie\n`,
    attachments: [{ filename: attachmentName, content: p.pdf ?? PDF_ATTACHMENT, contentType: 'application/pdf' }],
  });
  return { ...mail, cardNumber, securityCode, attachmentName };
}

/** A first message to the support address that no ticket is about: no In-Reply-To, no reference. */
export async function newRequest(p: MailParams & { text?: string } = {}): Promise<RawMail & { text: string }> {
  const text =
    p.text ?? "Bonjour,\n\nJ'ai passé la commande n° 10234 le 12 novembre et je ne l'ai toujours pas reçue.\nPouvez-vous me dire où elle en est ?\n\nMerci,\nMarie Curie";
  const mail = await compose({ ...p, subject: p.subject ?? "Commande 10234 toujours pas reçue", text });
  return { ...mail, text };
}

/**
 * A customer's answer that carries only the ticket's reference in its subject (`Re: [GCH-…] …`,
 * no In-Reply-To: written from another client, or a forwarded thread), with her own words.
 */
export async function referencedReply(p: MailParams & { reference: string; from: string; text?: string }): Promise<RawMail & { text: string }> {
  const text = p.text ?? REPLY_TEXT;
  const mail = await compose({
    ...p,
    subject: p.subject ?? `Re: [${p.reference}] Nous avons bien reçu votre signalement`,
    text: `${text}\n${REPLY_SIGNATURE}\n`,
  });
  return { ...mail, text };
}
