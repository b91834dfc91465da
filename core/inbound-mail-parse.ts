/**
 * The one file that knows mailparser: a raw inbound message becomes the domain's
 * `InboundMessage` (domain/inbound-mail.ts), which is redacted before anything reads it.
 */
import { simpleParser, type AddressObject, type EmailAddress, type HeaderValue, type ParsedMail } from 'mailparser';
import type { InboundAddress, InboundMessage } from '../domain/inbound-mail';

/** Headers the message carries as fields of their own, decoded. */
const AS_FIELDS = new Set(['subject', 'from', 'to', 'cc', 'bcc', 'delivered-to', 'message-id', 'in-reply-to', 'references']);

/** Parses a whole message (as fetched from the mailbox) for the domain. */
export async function parseInboundMail(source: Buffer | string): Promise<InboundMessage> {
  // No HTML built from the text, no links: the domain reads the text and stores the HTML as sent.
  return fromParsedMail(await simpleParser(source, { skipTextToHtml: true, skipImageLinks: true }));
}

/**
 * NUL characters out of every text: PostgreSQL refuses them in a text column, so one e-mail
 * holding one (a broken client, or a hostile sender) would fail its import at every fetch and
 * stop the mailbox behind it.
 */
const noNul = (s: string) => (s.includes('\u0000') ? s.replace(/\u0000/g, '') : s);

export function fromParsedMail(parsed: ParsedMail): InboundMessage {
  const message = fromParsed(parsed);
  const address = (a: InboundAddress) => ({ address: noNul(a.address), name: noNul(a.name) });
  return {
    ...message,
    headers: new Map([...message.headers].map(([name, values]) => [name, values.map(noNul)])),
    from: message.from && address(message.from),
    to: message.to.map(address),
    cc: message.cc.map(address),
    deliveredTo: message.deliveredTo.map(noNul),
    subject: noNul(message.subject),
    text: noNul(message.text),
    html: message.html === null ? null : noNul(message.html),
    attachments: message.attachments.map((a) => ({ ...a, filename: a.filename === null ? null : noNul(a.filename), contentType: noNul(a.contentType) })),
    messageId: message.messageId === null ? null : noNul(message.messageId),
    inReplyTo: message.inReplyTo === null ? null : noNul(message.inReplyTo),
    references: message.references.map(noNul),
  };
}

function fromParsed(parsed: ParsedMail): InboundMessage {
  const headers = new Map<string, string[]>();
  const add = (name: string, values: string[]) => values.length && headers.set(name, [...(headers.get(name) ?? []), ...values]);
  for (const [name, value] of parsed.headers) {
    if (AS_FIELDS.has(name)) continue;
    if (name === 'list') {
      // mailparser folds every List-* header into one `list` entry: spread them out again.
      for (const [sub, entry] of Object.entries(value as Record<string, { url?: string; name?: string; mail?: string; id?: string }>)) {
        const target = entry.id ?? (entry.mail ? `mailto:${entry.mail}` : entry.url);
        add(`list-${sub}`, [[entry.name, target && `<${target}>`].filter(Boolean).join(' ')]);
      }
    } else add(name, headerStrings(value));
  }
  const from = addresses(parsed.from)[0] ?? null;
  return {
    headers,
    from,
    to: addresses(parsed.to),
    cc: addresses(parsed.cc),
    deliveredTo: addresses(parsed.headers.get('delivered-to') as AddressObject | AddressObject[] | undefined).map((a) => a.address),
    subject: parsed.subject ?? '',
    text: parsed.text ?? '',
    html: parsed.html || null,
    attachments: parsed.attachments.map((a) => ({ filename: a.filename ?? null, contentType: a.contentType, size: a.size, content: a.content })),
    messageId: parsed.messageId ?? null,
    inReplyTo: parsed.inReplyTo ?? null,
    references: parsed.references === undefined ? [] : ([] as string[]).concat(parsed.references),
  };
}

/** A header as text: structured ones (Content-Type with its parameters, addresses, dates) written back. */
function headerStrings(value: HeaderValue): string[] {
  if (Array.isArray(value)) return (value as HeaderValue[]).flatMap(headerStrings);
  if (typeof value === 'string') return [value];
  if (value instanceof Date) return [value.toUTCString()];
  if ('params' in value && typeof value.value === 'string') {
    const params = Object.entries(value.params as Record<string, string>).map(([k, v]) => `; ${k}=${/^[\w.-]+$/.test(v) ? v : JSON.stringify(v)}`);
    return [value.value + params.join('')];
  }
  if ('text' in value && typeof value.text === 'string') return [value.text];
  return [];
}

function addresses(header: AddressObject | AddressObject[] | undefined): InboundAddress[] {
  const flat = (list: EmailAddress[]): EmailAddress[] => list.flatMap((a) => (a.group ? flat(a.group) : [a]));
  return flat(([] as AddressObject[]).concat(header ?? []).flatMap((h) => h.value))
    .filter((a): a is EmailAddress & { address: string } => !!a.address)
    .map((a) => ({ address: a.address, name: a.name ?? '' }));
}
