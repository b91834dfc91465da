/**
 * Inbound e-mail, the rules without the I/O (issue 14): what a message is (a customer's
 * mail, an auto-reply, a bounce, our own mail come back), which ticket it is about, what
 * the customer wrote this time, which attachments are proofs, and the limits. The mailbox
 * fetcher reads the message, turns it into an `InboundMessage` (core/inbound-mail-parse.ts)
 * and calls `redactInbound` first: the other functions only take what it returns, so
 * nothing can read a card number by forgetting to redact.
 */
import EmailReplyParser from 'email-reply-parser';
import { MAX_PROOF_BYTES, MAX_PROOF_FILES, proofTypeOfBytes, storedFileName } from './proof-files';
import { mayHoldCardNumber, redact, redactFields, type FieldRedaction } from './redaction';

// ---------------------------------------------------------------------------------------
// The message

export interface InboundAddress {
  address: string;
  /** The display name, '' when the header gave none. */
  name: string;
}

export interface InboundAttachment {
  /** As the sender named it; null when the part had no name. */
  filename: string | null;
  /** As the sender declared it: never trusted for what the file is. */
  contentType: string;
  size: number;
  content: Uint8Array;
}

/** A parsed message, whichever library parsed it. */
export interface InboundMessage {
  /**
   * The other headers, by lowercase name, decoded; a repeated header has several values.
   * The ones below (subject, addresses, ids) are not repeated here.
   */
  headers: ReadonlyMap<string, readonly string[]>;
  from: InboundAddress | null;
  to: InboundAddress[];
  cc: InboundAddress[];
  /** Delivered-To addresses, added by the receiving server: where the message really went. */
  deliveredTo: string[];
  subject: string;
  /** The plain text; for an HTML-only message, its HTML turned into text by the parser. */
  text: string;
  html: string | null;
  attachments: InboundAttachment[];
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
}

declare const redactedBrand: unique symbol;
/** A message whose card numbers and security codes are masked: what every rule below reads. */
export type RedactedInboundMessage = InboundMessage & { readonly [redactedBrand]: true };

// ---------------------------------------------------------------------------------------
// 1. Redaction, before anything else

/**
 * Message ids are kept as they are: a machine-made id is often a long run of digits (a
 * UUID, a timestamp) that may pass the Luhn check by chance, and masking it would break the
 * threading it exists for.
 */
const IDENTIFIER_HEADERS = new Set(['message-id', 'in-reply-to', 'references', 'x-guichet-ticket']);

export interface InboundRedaction {
  message: RedactedInboundMessage;
  /** Which field held what (`subject`, `text`, `html`, `attachments[0].filename`, `headers.thread-topic[0]`…), never the number. */
  redactions: FieldRedaction[];
  /**
   * The HTML still spelled a card number once its tags were taken out (digits split by
   * `<b>`, `<span>` or entities), so it was dropped: the text form says the same thing.
   */
  htmlWithheld: boolean;
}

export function redactInbound(message: InboundMessage): InboundRedaction {
  const fields: Record<string, string> = Object.create(null);
  fields.subject = message.subject;
  fields.text = message.text;
  if (message.html !== null) fields.html = message.html;
  if (message.from?.name) fields['from.name'] = message.from.name;
  for (const [key, list] of [['to', message.to], ['cc', message.cc]] as const) {
    for (const [i, a] of list.entries()) if (a.name) fields[`${key}[${i}].name`] = a.name;
  }
  for (const [i, a] of message.attachments.entries()) if (a.filename !== null) fields[`attachments[${i}].filename`] = a.filename;
  for (const [name, values] of message.headers) {
    if (!IDENTIFIER_HEADERS.has(name)) for (const [i, v] of values.entries()) fields[`headers.${name}[${i}]`] = v;
  }
  const { clean, redactions } = redactFields(fields);

  let html = message.html === null ? null : clean.html;
  const htmlWithheld = html !== null && htmlSpellsCardNumber(html);
  if (htmlWithheld) html = null;

  const named = (list: InboundAddress[], key: string) => list.map((a, i) => ({ ...a, name: clean[`${key}[${i}].name`] ?? a.name }));
  const headers = new Map<string, string[]>();
  for (const [name, values] of message.headers) {
    headers.set(name, IDENTIFIER_HEADERS.has(name) ? [...values] : values.map((_, i) => clean[`headers.${name}[${i}]`]));
  }
  const redacted: InboundMessage = {
    ...message,
    headers,
    from: message.from && { ...message.from, name: clean['from.name'] ?? message.from.name },
    to: named(message.to, 'to'),
    cc: named(message.cc, 'cc'),
    subject: clean.subject,
    text: clean.text,
    html,
    attachments: message.attachments.map((a, i) => ({ ...a, filename: a.filename === null ? null : clean[`attachments[${i}].filename`] })),
  };
  return { message: redacted as RedactedInboundMessage, redactions, htmlWithheld };
}

/** The HTML's text, tags removed and character references decoded, holds a card number. */
function htmlSpellsCardNumber(html: string): boolean {
  if (!mayHoldCardNumber(html.replace(/&#x?[0-9a-f]+;/gi, '0'))) return false;
  const text = html
    .replace(/<[^>]*>/g, '')
    .replace(/&#(?:x([0-9a-f]{1,6})|([0-9]{1,7}));/gi, (ref, hex: string | undefined, dec: string | undefined) => {
      const code = hex ? parseInt(hex, 16) : Number(dec);
      return code <= 0x10ffff ? String.fromCodePoint(code) : ref;
    })
    .replace(/&nbsp;/gi, ' ');
  return redact(text).cardNumbers > 0;
}

// ---------------------------------------------------------------------------------------
// 2. What kind of message

export interface InboundContext {
  /** The shop's addresses (support, reply-from), without any +token. */
  ownAddresses: readonly string[];
  /** The right-hand side of the Message-IDs Guichet sends (see `outgoingMessageId`). */
  ownMessageIdDomain: string;
}

export type InboundKind = 'auto_reply' | 'bounce' | 'own' | 'normal';

export interface InboundClassification {
  kind: InboundKind;
  /** Why, for the record (`Auto-Submitted: auto-replied`, `From mailer-daemon@…`). */
  reason: string;
  /** For a bounce: the Message-ID of the mail that bounced, when the report quotes it. */
  originalMessageId: string | null;
}

const headerValues = (message: InboundMessage, name: string): readonly string[] => message.headers.get(name) ?? [];
const firstHeader = (message: InboundMessage, name: string): string | null => headerValues(message, name)[0] ?? null;

/** What Outlook, Gmail, Thunderbird, Apple Mail and Exchange put first in an automatic reply's subject. */
const AUTO_REPLY_SUBJECT =
  /^\s*(?:(?:re|tr|fw|fwd|aw)\s*:\s*)*(?:r[ée]ponse automatique|absen(?:ce|t|te|t\(e\)) du bureau|message d'absence|out of (?:the )?office|automatic reply|auto[- ]?reply|autoreply|auto[- ]?response)\b/i;
const PRECEDENCE_AUTOMATIC = /^\s*(bulk|junk|list|auto_reply)\s*$/i;
const BOUNCE_SENDER = /^(mailer-daemon|postmaster)@/i;

export function classifyInbound(message: RedactedInboundMessage, ctx: InboundContext): InboundClassification {
  const kind = (k: InboundKind, reason: string, originalMessageId: string | null = null): InboundClassification => ({ kind: k, reason, originalMessageId });
  const from = message.from?.address ?? '';
  const contentType = firstHeader(message, 'content-type') ?? '';
  const report = /^\s*multipart\/report\b/i.test(contentType) ? /;\s*report-type\s*=\s*"?([\w-]+)/i.exec(contentType)?.[1]?.toLowerCase() : undefined;

  // Bounces first: a bounce often also says Auto-Submitted, and it must reach its ticket.
  if (BOUNCE_SENDER.test(from)) return kind('bounce', `From ${from}`, bouncedMessageId(message));
  if (report === 'delivery-status') return kind('bounce', 'multipart/report; report-type=delivery-status', bouncedMessageId(message));
  if (headerValues(message, 'x-failed-recipients').length) return kind('bounce', 'X-Failed-Recipients', bouncedMessageId(message));

  if (isOwnAddress(from, ctx.ownAddresses)) return kind('own', `From ${from}`);
  if (message.messageId && isOwnMessageId(message.messageId, ctx.ownMessageIdDomain)) return kind('own', `Message-ID ${message.messageId}`);
  if (headerValues(message, 'x-guichet-ticket').length) return kind('own', 'X-Guichet-Ticket');

  const autoSubmitted = firstHeader(message, 'auto-submitted');
  if (autoSubmitted !== null && !/^\s*no\s*(?:;|$)/i.test(autoSubmitted)) return kind('auto_reply', `Auto-Submitted: ${autoSubmitted.trim()}`);
  if (headerValues(message, 'x-auto-response-suppress').length) return kind('auto_reply', 'X-Auto-Response-Suppress');
  const precedence = headerValues(message, 'precedence').find((p) => PRECEDENCE_AUTOMATIC.test(p));
  if (precedence) return kind('auto_reply', `Precedence: ${precedence.trim()}`);
  for (const name of ['x-autoreply', 'x-autorespond', 'list-id', 'list-unsubscribe']) {
    if (headerValues(message, name).length) return kind('auto_reply', canonicalHeaderName(name));
  }
  if (report === 'disposition-notification') return kind('auto_reply', 'multipart/report; report-type=disposition-notification (read receipt)');
  const subject = AUTO_REPLY_SUBJECT.exec(message.subject);
  if (subject) return kind('auto_reply', `Subject: ${subject[0].trim()}`);
  return kind('normal', 'none of the automatic signs');
}

const canonicalHeaderName = (name: string) => name.replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => dash + c.toUpperCase());

/** The address, or the address with a +token, is one of the shop's. */
function isOwnAddress(address: string, own: readonly string[]): boolean {
  const base = address.toLowerCase().replace(/\+[^@]*@/, '@');
  return own.some((a) => a.toLowerCase() === base);
}

const isOwnMessageId = (id: string, domain: string) => id.trim().toLowerCase().endsWith(`@${domain.toLowerCase()}>`);

/** What a delivery report attaches of the mail that bounced: the whole message, or its headers. */
const RETURNED_MESSAGE = /^(?:message\/(?:rfc822|global|rfc822-headers|global-headers)|text\/rfc822-headers)$/i;

/** The Message-ID of the bounced mail, from the returned message's headers, or else from the report's text. */
function bouncedMessageId(message: InboundMessage): string | null {
  for (const a of message.attachments) {
    if (!RETURNED_MESSAGE.test(a.contentType.trim())) continue;
    // Headers are ASCII (or UTF-8 for message/global); 64 KB is more than any header block.
    const head = new TextDecoder().decode(a.content.subarray(0, 65_536)).split(/\r?\n\r?\n/, 1)[0];
    const id = messageIdHeader(head.replace(/\r?\n[ \t]+/g, ' '));
    if (id) return id;
  }
  return messageIdHeader(message.text);
}

const messageIdHeader = (text: string) => /^[ \t>]*message-id[ \t]*:[ \t]*(<[^<>\s]{1,998}>)/im.exec(text)?.[1] ?? null;

export interface BounceReport {
  /** The address the mail could not reach. */
  recipient: string | null;
  /** The enhanced status code (RFC 3463), `5.1.1` for an unknown mailbox. */
  status: string | null;
  /** The receiving server's own words (`smtp; 550 5.1.1 … User unknown`), at most 300 characters. */
  diagnostic: string | null;
}

const DELIVERY_STATUS = /^message\/(?:global-)?delivery-status$/i;

/**
 * What a delivery report says went wrong (RFC 3464's per-recipient fields), for the agent:
 * the address refused, the status, the server's words. Its text comes from anyone's mail
 * server, so it is bounded and redacted like the rest.
 */
export function bounceReport(message: RedactedInboundMessage): BounceReport {
  const field = (block: string, name: string) => new RegExp(`^[ \\t>]*${name}[ \\t]*:[ \\t]*(.+)$`, 'im').exec(block)?.[1]?.trim() ?? null;
  const bounded = (v: string | null) => (v === null ? null : redact(Array.from(v).slice(0, 300).join('')).text);
  // A message/delivery-status part, which mailparser mostly reads into the text.
  const part = message.attachments.find((a) => DELIVERY_STATUS.test(a.contentType.trim()));
  const report = (part ? new TextDecoder().decode(part.content.subarray(0, 65_536)) : message.text.slice(0, 65_536)).replace(/\r\n?/g, '\n').replace(/\n[ \t]+/g, ' ');
  const block = report.split(/\n\s*\n/).find((b) => /^[ \t>]*(?:final|original)-recipient[ \t]*:/im.test(b));
  if (!block) return { recipient: bounded(headerValues(message, 'x-failed-recipients')[0]?.trim() ?? null), status: null, diagnostic: null };
  const recipient = field(block, 'final-recipient') ?? field(block, 'original-recipient');
  return {
    recipient: bounded(recipient?.replace(/^[\w-]+\s*;\s*/, '') ?? null),
    status: bounded(field(block, 'status')),
    diagnostic: bounded(field(block, 'diagnostic-code')),
  };
}

// ---------------------------------------------------------------------------------------
// 3. Which ticket: our Message-IDs, then the reference, then the reply address's +token

/*
 * Guichet's Message-IDs are `<mail-<ticket id>-<key>@<domain>>`: the ticket's UUID has a fixed
 * shape, so it reads back from any of them whatever the key (a template and a job key,
 * dashes allowed), and a reply's In-Reply-To or References leads to its ticket without
 * looking anything up.
 */
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const OUR_ID = new RegExp(`^<?mail-(${UUID})-[\\w-]+@([^<>@\\s]+?)>?$`, 'i');
const MAIL_KEY = /^[\w-]{1,200}$/;
const DOMAIN = /^[a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?$/i;

export function outgoingMessageId(ticketId: string, mailKey: string, domain: string): string {
  if (!new RegExp(`^${UUID}$`, 'i').test(ticketId)) throw new Error(`not a ticket id: ${ticketId}`);
  if (!MAIL_KEY.test(mailKey)) throw new Error(`a mail key is letters, digits, '_' and '-': ${mailKey}`);
  if (!DOMAIN.test(domain)) throw new Error(`not a Message-ID domain: ${domain}`);
  return `<mail-${ticketId.toLowerCase()}-${mailKey}@${domain.toLowerCase()}>`;
}

/** The ticket one of our Message-IDs was sent for; null for anyone else's id. */
export function ticketIdFromMessageId(id: string, domain: string): string | null {
  const m = OUR_ID.exec(id.trim());
  return m && m[2].toLowerCase() === domain.toLowerCase() ? m[1].toLowerCase() : null;
}

export interface ThreadingKeys {
  /** Our Message-IDs the message answers: In-Reply-To first, then References from the newest. */
  ourMessageIds: string[];
  /** `GCH-XXXX-XXXX` references, the subject's first, then the body's (quoted mail included). */
  ticketReferences: string[];
  /** The token of a `support+<token>@…` address it was sent to. */
  plusToken: string | null;
}

/** Crockford's base 32 (core/new-ticket.ts): read case-blind, I and L as 1, O as 0, U never. */
const REFERENCE = /(?<![A-Za-z0-9])GCH-([0-9A-Z]{4})-([0-9A-Z]{4})(?![A-Za-z0-9])/gi;
const CROCKFORD = /^[0-9A-HJKMNP-TV-Z]{4}$/;
const crockford = (part: string) => part.toUpperCase().replace(/[IL]/g, '1').replace(/O/g, '0');
const MESSAGE_ID = /<[^<>\s]{1,998}>/g;
const PLUS_TOKEN = /^[A-Za-z0-9_-]{1,64}$/;

export function threadingKeys(message: RedactedInboundMessage, ctx: InboundContext): ThreadingKeys {
  const ids = [...(message.inReplyTo?.match(MESSAGE_ID) ?? []), ...message.references.flatMap((r) => r.match(MESSAGE_ID) ?? []).reverse()];
  const ourMessageIds = unique(ids.filter((id) => isOwnMessageId(id, ctx.ownMessageIdDomain)));
  return { ourMessageIds, ticketReferences: unique([...references(message.subject), ...references(message.text)]), plusToken: plusToken(message, ctx) };
}

function references(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(REFERENCE)) {
    const [a, b] = [crockford(m[1]), crockford(m[2])];
    if (CROCKFORD.test(a) && CROCKFORD.test(b)) found.push(`GCH-${a}-${b}`);
  }
  return found;
}

function plusToken(message: InboundMessage, ctx: InboundContext): string | null {
  const own = new Set(ctx.ownAddresses.map((a) => a.toLowerCase()));
  for (const address of [...message.to.map((a) => a.address), ...message.cc.map((a) => a.address), ...message.deliveredTo]) {
    const m = /^([^+@]+)\+([^@]+)@(.+)$/.exec(address.trim());
    if (m && own.has(`${m[1]}@${m[3]}`.toLowerCase()) && PLUS_TOKEN.test(m[2])) return m[2];
  }
  return null;
}

const unique = <T>(list: T[]) => [...new Set(list)];

// ---------------------------------------------------------------------------------------
// 4. What the customer wrote this time

/*
 * email-reply-parser (Crisp) cuts a reply into fragments (text, quote, signature) and hides
 * the quotes and signatures. Its 2.1 line is the last that loads with require() (2.3 is an
 * ES module only), so it runs under jest and in the CommonJS build. Around it:
 * - Its quote-header patterns that may span lines ([\s\S]+: Dutch, Polish, Danish,
 *   Chinese) backtrack polynomially: 64 KB of crafted lines took 20 to 60 s. They are
 *   dropped (no shop writes in those languages). The others are linear per line, so lines
 *   longer than 1,000 characters (never a header or a signature) are set aside while it
 *   parses, and only the first 64 KB of a text are read.
 * - Its French and English attributions ask for no date, so "Le conseiller a écrit :" in
 *   a customer's own words hid the rest of their mail: they are replaced by one that wants
 *   a date and the colon. Clients (and html-to-text) wrap the attribution anywhere over two
 *   or three lines, where it only joins a break right before "écrit"/"wrote": the lines are
 *   joined before it reads them.
 * - Outlook's "De : / Envoyé : / À : / Objet :" block is only seen when "De :" shows an
 *   <address>: the block is found here, whatever "De :" says, and the text cut there.
 * - A forwarded message ("Message transféré", "Begin forwarded message") is what the
 *   customer sends us, a bank's mail for instance: it is kept, not taken for a quote.
 */
// The parser's pattern lists: one shared instance that every parse reads.
const parserPatterns = require('email-reply-parser/lib/regex') as { answerHeadersRegex: RegExp[]; signatureRegex: RegExp[] };
const NOT_HEADERS = ['Le conseiller a écrit :', 'On Monday the agent wrote:'];
parserPatterns.answerHeadersRegex = parserPatterns.answerHeadersRegex.filter((r) => !r.source.includes('[\\s\\S]') && !NOT_HEADERS.some((s) => r.test(s)));
parserPatterns.signatureRegex = [
  ...parserPatterns.signatureRegex,
  /^Obtenir Outlook pour (?:\s*.+)$/, // Outlook mobile, French
  /^Envoyé avec (?:\s*.+)$/, // "Envoyé avec la messagerie sécurisée Proton Mail"
  /^Sent with (?:\s*.+)$/,
];
const replyParser = new EmailReplyParser();

export const MAX_REPLY_SCAN_CHARS = 64 * 1024;
const LONG_LINE = 1000;

/**
 * "Le lun. 23 nov. 2026 à 10:00, Sofimix <support@sofimix.fr> a écrit :", or English's
 * "On … wrote:", quoted or not; with a date in it, always, and the colon.
 */
const ATTRIBUTION = /^([ \t>]*(?:Le|On)\s(?=[^\n]*\d)[^\n]{4,300}?\s(?:a\s+écrit|wrote)\s*:)\s*$/im;
const MAY_START_ATTRIBUTION = /^[ \t>]*(?:Le|On)\s/i;
parserPatterns.answerHeadersRegex.push(ATTRIBUTION);

const OUTLOOK_FROM = /^[ \t]*\*?(?:De|From)\s*:\*?\s*\S/;
const OUTLOOK_SENT = /^[ \t]*\*?(?:Envoyé|Date|Sent)\s*:/;
const OUTLOOK_TO_OR_SUBJECT = /^[ \t]*\*?(?:À|A|To|Cc|Objet|Subject)\s*:/;
const FORWARDED = /^[ \t]*(?:-{2,}\s*(?:forwarded message|message transf[ée]r[ée]|message r[ée]exp[ée]di[ée])\s*-{2,}|(?:begin forwarded message|d[ée]but du message r[ée]exp[ée]di[ée])\s*:)\s*$/i;
/** A line of a rule (Outlook's <hr> as text, "_____") or blank. */
const RULE_OR_BLANK = /^[ \t]*(?:[-_=*]{2,}[ \t]*)?$/;

/**
 * Outlook's "De : / Envoyé : / À : / Objet :" block, whose "De :" may name no address: the
 * line it starts on. What follows it is the quoted mail, unmarked, as the parser also takes it.
 */
function outlookHeaderLine(lines: string[]): number {
  for (let i = 0; i < lines.length; i++) {
    if (!OUTLOOK_FROM.test(lines[i]) || forwardedAbove(lines, i)) continue;
    const next = lines.slice(i + 1, i + 6);
    const sent = next.findIndex((l) => OUTLOOK_SENT.test(l));
    if (sent >= 0 && next.slice(sent + 1).some((l) => OUTLOOK_TO_OR_SUBJECT.test(l))) return i;
  }
  return -1;
}

/** The nearest non-blank line above says a forwarded message follows. */
function forwardedAbove(lines: string[], i: number): boolean {
  for (let j = i - 1; j >= 0; j--) if (lines[j].trim()) return FORWARDED.test(lines[j]);
  return false;
}

/**
 * Each attribution on one line, after a blank one, as the parser needs it to see one: mail
 * clients and html-to-text wrap it anywhere over two or three lines.
 */
function attributionsOnOneLine(lines: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    let joined = lines[i];
    let end = -1;
    if (MAY_START_ATTRIBUTION.test(joined)) {
      for (let j = i; j < Math.min(i + 3, lines.length); j++) {
        if (j > i) {
          if (!lines[j].trim()) break;
          joined += ` ${lines[j].replace(/^[ \t>]+/, '')}`;
        }
        if (ATTRIBUTION.test(joined)) {
          end = j;
          break;
        }
      }
    }
    if (end < 0) {
      out.push(lines[i]);
      continue;
    }
    if (out.length && out[out.length - 1].trim()) out.push('');
    out.push(joined);
    i = end;
  }
  return out;
}

/** The customer's new words: quotes of earlier mail and signatures taken out; '' when there are none. */
export function visibleText(message: RedactedInboundMessage): string {
  let lines = message.text.slice(0, MAX_REPLY_SCAN_CHARS).replace(/\uE000/g, '').replace(/\r\n?/g, '\n').split('\n');
  const outlookAt = outlookHeaderLine(lines);
  let forwardAt = lines.findIndex((l) => FORWARDED.test(l));
  if (outlookAt >= 0) {
    lines = lines.slice(0, outlookAt);
    // The rule Outlook draws above its block goes with it.
    while (lines.length && RULE_OR_BLANK.test(lines[lines.length - 1])) lines.pop();
  }
  if (forwardAt >= lines.length) forwardAt = -1;
  // A forward below a quote header is part of the quoted history, not something sent now.
  if (forwardAt >= 0 && lines.slice(0, forwardAt).some((l) => ATTRIBUTION.test(l))) forwardAt = -1;
  const own = forwardAt >= 0 ? lines.slice(0, forwardAt) : lines;
  const forwarded = forwardAt >= 0 ? lines.slice(forwardAt).join('\n').trim() : '';
  return [stripQuotesAndSignature(attributionsOnOneLine(own)), forwarded].filter(Boolean).join('\n\n');
}

function stripQuotesAndSignature(lines: string[]): string {
  const long: string[] = [];
  // The blank first line lets the parser see a quote header on the very first line.
  const text = ['', ...lines.map((l) => (l.length > LONG_LINE ? `\uE000${long.push(l) - 1}\uE000` : l))].join('\n');
  const visible = replyParser
    .read(text)
    .getFragments()
    .filter((f) => !f.isHidden() && !f.isQuoted())
    .map((f) => f.getContent())
    .join('\n')
    .replace(/\uE000(\d+)\uE000/g, (_m, i: string) => long[Number(i)]);
  return visible.replace(/\n{3,}/g, '\n\n').trim();
}

// ---------------------------------------------------------------------------------------
// 5. Attachments: the same checks as the form's uploads

export type AttachmentRefusal = 'not_a_proof_type' | 'too_large' | 'too_many';

export interface KeptAttachment {
  index: number;
  filename: string;
  mimeType: string;
  ext: string;
  sizeBytes: number;
  content: Uint8Array;
}

export interface RefusedAttachment {
  index: number;
  filename: string | null;
  declaredType: string;
  /** What the bytes are, when file-type recognised them. */
  detectedType: string | null;
  sizeBytes: number;
  reason: AttachmentRefusal;
}

/** PNG, JPEG and PDF by their bytes, at most 10 MB each and 5 in all, as uploads; the others listed with why. */
export async function attachmentVerdicts(attachments: RedactedInboundMessage['attachments']): Promise<{ kept: KeptAttachment[]; refused: RefusedAttachment[] }> {
  const kept: KeptAttachment[] = [];
  const refused: RefusedAttachment[] = [];
  for (const [index, a] of attachments.entries()) {
    const sizeBytes = a.content.byteLength;
    const refuse = (reason: AttachmentRefusal, detectedType: string | null = null) =>
      refused.push({ index, filename: a.filename === null ? null : storedFileName(a.filename), declaredType: a.contentType, detectedType, sizeBytes, reason });
    if (sizeBytes > MAX_PROOF_BYTES) {
      refuse('too_large');
      continue;
    }
    const { accepted, detected } = await proofTypeOfBytes(a.content);
    if (!accepted) refuse('not_a_proof_type', detected);
    else if (kept.length >= MAX_PROOF_FILES) refuse('too_many', detected);
    else kept.push({ index, filename: storedFileName(a.filename?.trim() || `attachment-${index + 1}.${accepted.ext}`), ...accepted, sizeBytes, content: a.content });
  }
  return { kept, refused };
}

// ---------------------------------------------------------------------------------------
// 6–7. Limits

/** A whole message (as the mailbox counts it) above this gets a polite refusal instead of a ticket. */
export const MAX_INBOUND_MESSAGE_BYTES = 25 * 1024 * 1024;
export const isOversized = (sizeBytes: number) => sizeBytes > MAX_INBOUND_MESSAGE_BYTES;

export interface RateLimit {
  max: number;
  windowMs: number;
}
/** Twenty messages an hour from one address: more than any customer writes, less than a loop sends. */
export const INBOUND_SENDER_LIMIT: RateLimit = { max: 20, windowMs: 60 * 60 * 1000 };

/** One more message from this sender would exceed the limit, given when the earlier ones came (the caller keeps them). */
export function senderOverLimit(recentTimes: readonly (Date | number)[], now: Date | number, limit: RateLimit = INBOUND_SENDER_LIMIT): boolean {
  const end = +now;
  const start = end - limit.windowMs;
  return recentTimes.filter((t) => +t > start && +t <= end).length >= limit.max;
}
