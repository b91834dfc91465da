import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { ZipFile } from 'yazl';
import type { Ticket } from '../db/entities/ticket.entity';
import type { TicketEvent } from '../db/entities/ticket-event.entity';
import type { EvidenceFile } from '../db/entities/evidence-file.entity';
import { mailQueue } from '../queues';
import type { AppContext } from './context';

/*
 * A customer's data as a zip: `export.json` (what it is, for whom, when), and per ticket
 * `tickets/<reference>/ticket.json`, `events.json`, `files.json` and the files themselves
 * under `files/`. Two views:
 *  - customer: what the customer gave and was told — the ticket's own fields, the public
 *    timeline (agents' internal notes, payment checks and other internal events left out:
 *    they are the shop's work, not the customer's data), every file of the ticket;
 *  - admin: everything Guichet holds about that address — every column, every event
 *    (internal ones too), the files, and the mailbox's records of their messages.
 * Only tickets whose address is the one asked for (case-insensitive): another customer's
 * ticket is never in it, even one that mentions the same order number.
 */
export type ExportView = 'customer' | 'admin';

/** How long an e-mailed export link works. */
export const EXPORT_LINK_TTL_MS = 24 * 3600_000;
/** How many links one ticket may ask for in a day (each sends an e-mail). */
export const EXPORT_LINKS_PER_DAY = 3;

const mac = (secret: string, id: string) => createHmac('sha256', secret).update(`personal-data-export:${id}`).digest('base64url');

/** The link's token: the export's id and its HMAC, so the table holds nothing secret. */
export const exportToken = (secret: string, id: string) => `${id}.${mac(secret, id)}`;

export function exportIdOfToken(secret: string, token: string): string | null {
  const m = /^([0-9a-f-]{36})\.([\w-]{43})$/i.exec(token);
  if (!m) return null;
  const given = Buffer.from(m[2]);
  const expected = Buffer.from(mac(secret, m[1]));
  return given.length === expected.length && timingSafeEqual(given, expected) ? m[1].toLowerCase() : null;
}

/**
 * The e-mailed link opens a page of the web app, the token in the fragment (never sent to a
 * server, never in a log); the download is a POST from that page. Mail scanners that follow
 * every link in a mail (Outlook's Safe Links, Gmail's) fetch the page and use up nothing.
 */
export const exportLink = (publicUrl: string, token: string) => `${publicUrl.replace(/\/$/, '')}/data#token=${encodeURIComponent(token)}`;

/** The customer asked from their status page: a link is e-mailed to the ticket's address (through the outbox). */
export async function requestCustomerExport(ctx: AppContext, ticket: Ticket): Promise<{ expiresAt: Date } | 'too_many'> {
  const now = ctx.now();
  const id = randomUUID();
  const expiresAt = new Date(now.getTime() + EXPORT_LINK_TTL_MS);
  const job = await ctx.db.transaction(async (repos) => {
    if ((await repos.personalData.countExportsSince(ticket.id, new Date(now.getTime() - 24 * 3600_000))) >= EXPORT_LINKS_PER_DAY) return null;
    await repos.personalData.insertExport({ id, ticketId: ticket.id, expiresAt, usedAt: null, createdAt: now });
    await repos.events.append({ ticketId: ticket.id, type: 'personal_data_export_requested', actor: 'customer', isPublic: true, createdAt: now, data: { expiresAt: expiresAt.toISOString() } });
    return mailQueue.enqueue(repos.outbox, { ticketId: ticket.id, template: 'personal_data_export', key: id });
  });
  if (!job) return 'too_many';
  await ctx.dispatcher.dispatch([job]);
  return { expiresAt };
}

export type ExportLinkState = { state: 'ok'; ticket: Ticket } | { state: 'unknown' | 'used' | 'expired' | 'erased' };

async function linkState(ctx: AppContext, token: string, now: Date) {
  const id = exportIdOfToken(ctx.config.APP_SECRET, token);
  const row = id ? await ctx.db.repos.personalData.findExport(id) : null;
  const ticket = row ? await ctx.db.repos.tickets.findById(row.ticketId) : null;
  if (!row || !ticket) return { state: 'unknown' as const };
  if (ticket.personalDataErasedAt) return { state: 'erased' as const };
  if (row.usedAt) return { state: 'used' as const };
  if (row.expiresAt.getTime() <= now.getTime()) return { state: 'expired' as const };
  return { state: 'ok' as const, row, ticket };
}

/** Whether an e-mailed link would work, and until when, without using it. */
export async function peekExportLink(ctx: AppContext, token: string): Promise<{ state: ExportLinkState['state']; expiresAt: Date | null }> {
  const link = await linkState(ctx, token, ctx.now());
  return { state: link.state, expiresAt: link.state === 'ok' ? link.row.expiresAt : null };
}

/** Uses an e-mailed link once: its ticket, or why it no longer works. */
export async function useExportLink(ctx: AppContext, token: string): Promise<ExportLinkState> {
  const now = ctx.now();
  const link = await linkState(ctx, token, now);
  if (link.state !== 'ok') return { state: link.state };
  if (!(await ctx.db.repos.personalData.claimExport(link.row.id, now))) return { state: 'used' };
  return { state: 'ok', ticket: link.ticket };
}

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

function customerTicket(t: Ticket) {
  return {
    reference: t.reference,
    type: t.type,
    status: t.status,
    language: t.language,
    customerName: t.customerName,
    customerEmail: t.customerEmail,
    orderNumber: t.orderNumber,
    paymentTime: iso(t.paymentTime),
    amountCents: t.amountCents,
    currency: t.currency,
    cardType: t.cardType,
    cardLast4: t.cardLast4,
    debited: t.debited,
    refundDate: iso(t.refundDate),
    orderTime: iso(t.orderTime),
    secondDebitTime: iso(t.secondDebitTime),
    secondDebitAmountCents: t.secondDebitAmountCents,
    errorMessage: t.errorMessage,
    description: t.description,
    missingEvidence: t.missingEvidence,
    outcome: t.outcome,
    outcomeDetails: t.outcomeDetails,
    createdAt: iso(t.createdAt),
    resolvedAt: iso(t.resolvedAt),
  };
}

const adminTicket = (t: Ticket) => Object.fromEntries(Object.entries(t).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v]));

/** Who did it, as the customer may know it: the customer, the shop's support, or Guichet itself. */
const actorKind = (actor: string) => (actor === 'customer' ? 'customer' : actor === 'system' ? 'system' : 'support');

const eventJson = (view: ExportView) => (e: TicketEvent) =>
  view === 'admin'
    ? { id: e.id, type: e.type, actor: e.actor, isPublic: e.isPublic, at: e.createdAt.toISOString(), data: e.data }
    : { type: e.type, by: actorKind(e.actor), at: e.createdAt.toISOString(), data: e.data };

const fileJson = (f: EvidenceFile, zipPath: string | null) => ({ id: f.id, name: f.originalName, mimeType: f.mimeType, sizeBytes: f.sizeBytes, sha256: f.sha256, addedBy: f.addedBy, addedAt: f.createdAt.toISOString(), path: zipPath });

/** A name safe in a zip: no folders, no control characters, the file's id in front so two names never collide. */
const zipName = (f: EvidenceFile) => `${f.id}-${path.basename(f.originalName).replace(/[\x00-\x1f\x7f/\\:*?"<>|]+/g, '_').slice(0, 120) || 'file'}`;

const json = (value: unknown) => Buffer.from(`${JSON.stringify(value, null, 2)}\n`);

/** Whether the address has anything to export. */
export async function hasPersonalData(ctx: AppContext, email: string): Promise<boolean> {
  return (await ctx.db.repos.personalData.ticketsOfEmail(email.trim().toLowerCase())).length > 0;
}

/**
 * Streams the zip of an address's data to `out`: the tickets are read one at a time and each
 * file is streamed from disk, so memory stays flat however many tickets and files there are.
 */
export async function writeExportZip(ctx: AppContext, email: string, view: ExportView, out: Writable): Promise<void> {
  const normalized = email.trim().toLowerCase();
  const zip = new ZipFile();
  const piped = new Promise<void>((resolve, reject) => {
    zip.on('error', reject);
    zip.outputStream.on('error', reject);
    out.on('error', reject);
    out.on('finish', resolve);
    out.on('close', resolve);
  });
  zip.outputStream.pipe(out);
  try {
    const tickets = await ctx.db.repos.personalData.ticketsOfEmail(normalized);
    const now = ctx.now();
    zip.addBuffer(json({ email: normalized, view, generatedAt: now.toISOString(), tickets: tickets.map((t) => t.reference) }), 'export.json', { mtime: now });
    for (const t of tickets) {
      const dir = `tickets/${t.reference}`;
      const events = await ctx.db.repos.events.list(t.id, { publicOnly: view === 'customer' });
      const files = await ctx.db.repos.files.listForTicket(t.id);
      zip.addBuffer(json(view === 'admin' ? adminTicket(t) : customerTicket(t)), `${dir}/ticket.json`, { mtime: now });
      zip.addBuffer(json(events.map(eventJson(view))), `${dir}/events.json`, { mtime: now });
      // A file whose bytes are gone from disk (restored from a backup without the uploads, say) is listed as such rather than failing the whole export.
      const present = await Promise.all(files.map((f) => fs.promises.access(path.join(ctx.config.uploadsDir, f.storagePath)).then(() => true, () => false)));
      zip.addBuffer(json(files.map((f, i) => (present[i] ? fileJson(f, `${dir}/files/${zipName(f)}`) : { ...fileJson(f, null), missing: true }))), `${dir}/files.json`, { mtime: now });
      files.forEach((f, i) => present[i] && zip.addFile(path.join(ctx.config.uploadsDir, f.storagePath), `${dir}/files/${zipName(f)}`, { mtime: f.createdAt, compress: false }));
    }
    if (view === 'admin') {
      const inbound = await ctx.db.repos.personalData.inboundOf(normalized, tickets.map((t) => t.id), '\u0000');
      const refs = new Map(tickets.map((t) => [t.id, t.reference]));
      zip.addBuffer(
        json(inbound.map((m) => ({ receivedAt: m.receivedAt.toISOString(), from: m.fromAddress, subject: m.subject, kind: m.kind, ticket: m.ticketId ? (refs.get(m.ticketId) ?? null) : null, messageId: m.messageId }))),
        'mailbox-messages.json',
        { mtime: now },
      );
    }
  } finally {
    zip.end();
  }
  await piped;
}
