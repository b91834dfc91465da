import { createHmac, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Ticket } from '../db/entities/ticket.entity';
import type { Repositories } from '../db/database';
import { isOpenDispute, checkPayment } from '../domain/payment-check';
import { ERASED_TEXT, eraseEventData, erasedTicketFields, FINISHED_STATUSES, retentionCutoff, type Subject } from '../domain/personal-data';
import type { AppContext } from './context';
import { ledgerTransaction, reportedPayment, searchWindow } from './payment-verification';
import { reindexTickets } from './search-index';

/** How many tickets one transaction erases: a retention run over years of tickets never holds one huge transaction. */
export const ERASURE_BATCH = 50;

/** An HMAC of the address under APP_SECRET: "was this address erased?" for whoever knows it, nothing for whoever reads the table. */
export const emailHash = (secret: string, email: string) => createHmac('sha256', secret).update(`personal-data:${email.trim().toLowerCase()}`).digest('hex');

export interface ErasedTicket {
  reference: string;
  status: string;
  events: number;
  files: number;
  mailboxCopies: number;
  renderedMails: number;
  emlFiles: number;
}
export interface HeldTicket {
  reference: string;
  reason: 'open_dispute';
  disputes: string[];
}
export interface ErasureReport {
  dryRun: boolean;
  erased: ErasedTicket[];
  held: HeldTicket[];
  /** Rows outside the tickets: mailbox records of the address without a ticket, its e-mail in the shop's ledger. */
  mailboxCopiesWithoutTicket: number;
  ledgerRows: number;
  /** This address was erased before (its HMAC is in personal_data_erasures). */
  erasedBefore: boolean;
  erasureId: string | null;
}

/** The open disputes (provider ids) among the ledger rows a ticket is about, found as payment verification finds them. */
export async function openDisputesOf(repos: Repositories, ticket: Ticket, now: Date): Promise<string[]> {
  const rows = await repos.payments.findForMatching(ticket.brandId, { currency: ticket.currency, amountCents: ticket.amountCents, cardLast4: ticket.cardLast4, ...searchWindow(ticket) });
  if (!rows.length) return [];
  const check = checkPayment(reportedPayment(ticket), rows.map(ledgerTransaction), now);
  const ids = new Set(check.transactionIds);
  return rows.filter((r) => r.kind === 'dispute' && ids.has(r.providerId) && isOpenDispute(r.status)).map((r) => r.providerId);
}

/** The .eml copies of a ticket's mails (Message-IDs carry the ticket id) and of refusals to its mailbox records. */
async function emlFilesOf(outboxDir: string, ticketIds: string[], inboundIds: string[]): Promise<string[]> {
  const names = await fs.promises.readdir(outboxDir).catch(() => [] as string[]);
  const needles = [...ticketIds, ...inboundIds.map((id) => `refusal-${id}`)];
  return names.filter((n) => n.endsWith('.eml') && needles.some((id) => n.includes(id))).map((n) => path.join(outboxDir, n));
}

/** Who erases, as the timeline writes actors (`agent:<id>` for an admin, `system` for the retention job), and why. */
interface ErasedBy {
  actor: string;
  reason: 'request' | 'retention';
}

interface Plan {
  ticket: Ticket;
  events: Array<{ id: number; data: Record<string, unknown> }>;
  fileCount: number;
  inboundIds: string[];
  mailJobIds: number[];
  eml: string[];
}

/** What erasing these tickets changes, computed without writing anything. */
async function planTickets(ctx: AppContext, repos: Repositories, tickets: Ticket[], subject: Subject): Promise<Plan[]> {
  const plans: Plan[] = [];
  for (const ticket of tickets) {
    const mentions: Subject = { names: [...subject.names, ticket.customerName], emails: [...subject.emails, ticket.customerEmail, ticket.customerEmailNormalized] };
    const events = (await repos.events.list(ticket.id))
      .map((e) => ({ id: e.id, before: JSON.stringify(e.data), data: eraseEventData(e.type, e.data, mentions) }))
      .filter((e) => JSON.stringify(e.data) !== e.before)
      .map(({ id, data }) => ({ id, data }));
    const files = await repos.files.listForTicket(ticket.id);
    const inbound = await repos.personalData.inboundOf(null, [ticket.id], ERASED_TEXT);
    const jobs = await repos.personalData.mailJobsOf([ticket.id], inbound.map((m) => m.id));
    const eml = await emlFilesOf(ctx.config.outboxDir, [ticket.id], inbound.map((m) => m.id));
    plans.push({ ticket, events, fileCount: files.length, inboundIds: inbound.map((m) => m.id), mailJobIds: jobs.map((j) => j.id), eml });
  }
  return plans;
}

const summary = (p: Plan): ErasedTicket => ({
  reference: p.ticket.reference,
  status: p.ticket.status,
  events: p.events.length,
  files: p.fileCount,
  mailboxCopies: p.inboundIds.length,
  renderedMails: p.mailJobIds.length,
  emlFiles: p.eml.length,
});

/**
 * Erases one batch of tickets in one transaction: the files first (on disk, then their rows),
 * so that a failure after that leaves a ticket that the next run erases again rather than a
 * file nobody points to. A ticket that another run erased meanwhile is left as it is.
 */
async function applyPlans(ctx: AppContext, plans: Plan[], now: Date, by: ErasedBy): Promise<Plan[]> {
  if (!plans.length) return [];
  for (const p of plans) await fs.promises.rm(path.join(ctx.config.uploadsDir, p.ticket.id), { recursive: true, force: true });
  const done = await ctx.db.transaction(async (repos) => {
    const erased: Plan[] = [];
    for (const p of plans) {
      if (!(await repos.personalData.markTicketErased(p.ticket, erasedTicketFields(p.ticket.id), now))) continue;
      for (const e of p.events) await repos.personalData.replaceEventData(e.id, e.data);
      await repos.personalData.deleteFilesOf([p.ticket.id]);
      await repos.personalData.eraseInbound(p.inboundIds, ERASED_TEXT);
      await repos.personalData.eraseMailJobs(p.mailJobIds, now);
      // The timeline says why the ticket no longer names its customer (and says nothing of them).
      await repos.events.append({ ticketId: p.ticket.id, type: 'personal_data_erased', actor: by.actor, isPublic: false, createdAt: now, data: { reason: by.reason } });
      erased.push(p);
    }
    // The erased words leave the search index with the rest (reference, order and amounts stay findable).
    await reindexTickets(repos, erased.map((p) => p.ticket.id));
    return erased;
  });
  await Promise.all(done.flatMap((p) => p.eml.map((f) => fs.promises.rm(f, { force: true }))));
  await ctx.db.repos.personalData.afterErasure();
  return done;
}

/** A request's tickets in batches; held tickets (an open dispute) are left whole. */
async function eraseTickets(ctx: AppContext, tickets: Ticket[], subject: Subject, dryRun: boolean, now: Date, by: ErasedBy): Promise<{ erased: ErasedTicket[]; held: HeldTicket[] }> {
  const erased: ErasedTicket[] = [];
  const held: HeldTicket[] = [];
  for (let i = 0; i < tickets.length; i += ERASURE_BATCH) {
    const batch: Ticket[] = [];
    for (const ticket of tickets.slice(i, i + ERASURE_BATCH)) {
      const disputes = await openDisputesOf(ctx.db.repos, ticket, now);
      if (disputes.length) held.push({ reference: ticket.reference, reason: 'open_dispute', disputes });
      else batch.push(ticket);
    }
    const plans = await planTickets(ctx, ctx.db.repos, batch, subject);
    erased.push(...(dryRun ? plans : await applyPlans(ctx, plans, now, by)).map(summary));
  }
  return { erased, held };
}

/**
 * An admin's erasure of one address's personal data (domain/personal-data.ts says what goes
 * and what stays). Recorded once something was erased, with counts and no data; a second run
 * finds nothing left and changes nothing.
 */
export async function eraseByEmail(ctx: AppContext, request: { email: string; dryRun: boolean; requestedBy: string }): Promise<ErasureReport> {
  const now = ctx.now();
  const email = request.email.trim().toLowerCase();
  const hash = emailHash(ctx.config.APP_SECRET, email);
  const repos = ctx.db.repos;
  const tickets = await repos.personalData.ticketsOfEmail(email);
  const subject: Subject = { names: [...new Set(tickets.map((t) => t.customerName))], emails: [email, ...new Set(tickets.map((t) => t.customerEmail))] };
  const { erased, held } = await eraseTickets(ctx, tickets, subject, request.dryRun, now, { actor: request.requestedBy, reason: 'request' });

  // The address's own traces outside its tickets: mailbox records with no ticket (or an erased one), its e-mail in the ledger.
  // (Her tickets' own mailbox records went with them; a held ticket's stay with it.)
  const ownTickets = new Set(tickets.map((t) => t.id));
  const orphanInbound = (await repos.personalData.inboundOf(email, [], ERASED_TEXT)).filter((m) => !m.ticketId || !ownTickets.has(m.ticketId));
  // The ledger of every shop but those where a ticket is held: a dispute's evidence may need the address.
  const heldBrands = new Set(tickets.filter((t) => held.some((h) => h.reference === t.reference)).map((t) => t.brandId));
  const brands = (await repos.brands.list()).map((b) => b.id).filter((b) => !heldBrands.has(b));
  const ledger = await repos.personalData.ledgerRowsOf(email, brands);
  const orphanJobs = await repos.personalData.mailJobsOf([], orphanInbound.map((m) => m.id));
  const orphanEml = await emlFilesOf(ctx.config.outboxDir, [], orphanInbound.map((m) => m.id));

  const erasedBefore = (await repos.personalData.erasuresOfEmail(hash)).length > 0;
  const touched = erased.length + orphanInbound.length + ledger.length;
  let erasureId: string | null = null;
  if (!request.dryRun && touched) {
    erasureId = randomUUID();
    const id = erasureId;
    await ctx.db.transaction(async (tx) => {
      await tx.personalData.eraseInbound(orphanInbound.map((m) => m.id), ERASED_TEXT);
      await tx.personalData.eraseMailJobs(orphanJobs.map((j) => j.id), now);
      await tx.personalData.clearLedgerEmails(ledger.map((r) => r.id));
      await tx.personalData.recordErasure({
        id,
        emailHash: hash,
        brandId: null,
        requestedBy: request.requestedBy,
        reason: 'request',
        ticketsErased: erased.length,
        ticketsHeld: held.length,
        counts: countsOf(erased, held, { mailboxCopiesWithoutTicket: orphanInbound.length, ledgerRows: ledger.length }),
        createdAt: now,
      });
    });
    await Promise.all(orphanEml.map((f) => fs.promises.rm(f, { force: true })));
    await repos.personalData.afterErasure();
  }
  return { dryRun: request.dryRun, erased, held, mailboxCopiesWithoutTicket: orphanInbound.length, ledgerRows: ledger.length, erasedBefore, erasureId };
}

/** What an erasure record keeps: numbers and the held tickets' references, no data. */
function countsOf(erased: ErasedTicket[], held: HeldTicket[], extra: Record<string, number>): Record<string, unknown> {
  const sum = (k: keyof ErasedTicket) => erased.reduce((n, t) => n + (t[k] as number), 0);
  return {
    events: sum('events'),
    files: sum('files'),
    mailboxCopies: sum('mailboxCopies'),
    renderedMails: sum('renderedMails'),
    emlFiles: sum('emlFiles'),
    ...extra,
    held: held.map((h) => ({ reference: h.reference, reason: h.reason })),
  };
}

export interface RetentionBrandReport {
  brand: string;
  retentionDays: number | null;
  cutoff: string | null;
  due: number;
  erased: ErasedTicket[];
  held: HeldTicket[];
}

/**
 * The retention period of each brand: its finished tickets whose last change is older than
 * `retentionDays` lose their personal data, a batch per transaction, each recorded. A dry run
 * says what would go. A ticket is erased once (personalDataErasedAt), whoever runs it.
 */
export async function runRetention(ctx: AppContext, options: { dryRun: boolean; maxBatches?: number }): Promise<RetentionBrandReport[]> {
  const now = ctx.now();
  const reports: RetentionBrandReport[] = [];
  let batches = options.maxBatches ?? Infinity;
  // Read fresh, not from the brand cache: an admin's new retention period applies at the next run.
  for (const brand of await ctx.db.repos.brands.list()) {
    const days = brand.policy.retentionDays ?? null;
    const cutoff = retentionCutoff(now, days);
    const report: RetentionBrandReport = { brand: brand.slug, retentionDays: days, cutoff: cutoff?.toISOString() ?? null, due: 0, erased: [], held: [] };
    reports.push(report);
    if (!cutoff) continue;
    report.due = await ctx.db.repos.personalData.countRetentionDue(brand.id, FINISHED_STATUSES, cutoff);
    let after: { updatedAt: Date; id: string } | undefined;
    while (batches > 0) {
      const page = await ctx.db.repos.personalData.retentionDue(brand.id, FINISHED_STATUSES, cutoff, ERASURE_BATCH, after);
      if (!page.length) break;
      // The cursor moves past held tickets (and, in a dry run, past everything): each is looked at once per run.
      after = { updatedAt: page[page.length - 1].updatedAt, id: page[page.length - 1].id };
      batches--;
      const subject: Subject = { names: [], emails: [] };
      const { erased, held } = await eraseTickets(ctx, page, subject, options.dryRun, now, { actor: 'system', reason: 'retention' });
      report.erased.push(...erased);
      report.held.push(...held);
      if (!options.dryRun && erased.length) {
        await ctx.db.repos.personalData.recordErasure({
          id: randomUUID(),
          emailHash: null,
          brandId: brand.id,
          requestedBy: 'retention',
          reason: 'retention',
          ticketsErased: erased.length,
          ticketsHeld: held.length,
          counts: countsOf(erased, held, { retentionDays: days! }),
          createdAt: now,
        });
      }
    }
  }
  return reports;
}
