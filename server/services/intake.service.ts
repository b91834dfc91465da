import { createHash } from 'node:crypto';
import { accessTokenFor, privateLink } from '../../core/access-token';
import { calendarFor } from '../../core/calendars';
import { buildTicket } from '../../core/new-ticket';
import type { AppContext } from '../../core/context';
import { agentTicketSummary } from '../../core/ticket-views';
import type { Repositories } from '../../db/database';
import type { EvidenceFile } from '../../db/entities/evidence-file.entity';
import type { IdempotencyKey } from '../../db/entities/idempotency-key.entity';
import type { PendingJob } from '../../db/repositories/outbox.repository';
import type { NewTicketEvent } from '../../db/repositories/ticket-event.repository';
import type { Ticket } from '../../db/entities/ticket.entity';
import { redactFields } from '../../domain/redaction';
import { slaDeadlines } from '../../domain/sla';
import type { ReportReceipt } from '../../domain/ticket.schemas';
import { triageQueue } from '../../queues';
import { AppError, invalidBody, validationError } from '../errors';
import type { CheckedUpload } from '../uploads';
import { intakeSchemaFor, resolveBrand } from './brand-context';
import { storeUploads } from './evidence-storage';
import { indexNewTickets } from '../../core/search-index';

export interface SubmitResult {
  receipt: ReportReceipt;
  replayed: boolean;
}

function receiptFor(ctx: AppContext, t: Ticket): ReportReceipt {
  const accessToken = accessTokenFor(ctx.config.APP_SECRET, t.id);
  return {
    id: t.id,
    reference: t.reference,
    status: t.status,
    accessToken,
    statusUrl: privateLink(ctx.config.PUBLIC_URL, t.reference, accessToken),
    missingEvidence: t.missingEvidence,
    firstResponseDueAt: t.firstResponseDueAt.toISOString(),
    resolutionDueAt: t.resolutionDueAt.toISOString(),
  };
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/**
 * A customer reports an anomaly. Text is redacted before anything else touches it; the
 * report is validated against its brand; ticket, files, timeline and the triage job are
 * committed together, and only then is the job handed to Redis and agents told.
 */
export async function submitReport(
  ctx: AppContext,
  request: { body: unknown; uploads: CheckedUpload[]; idempotencyKey?: string; /** The host the form was sent to: a shop's own domain files to it. */ host?: string },
): Promise<SubmitResult> {
  if (typeof request.body !== 'object' || request.body === null || Array.isArray(request.body)) {
    throw invalidBody('Send the report as a JSON object or as multipart/form-data.');
  }
  const now = ctx.now();
  const { clean, redactions } = redactFields(request.body as Record<string, unknown>);
  const brand = await resolveBrand(ctx.db, clean.brand, request.host);
  const parsed = intakeSchemaFor(brand, ctx.now).safeParse(clean);
  if (!parsed.success) throw validationError(parsed.error, 'The report has invalid fields.');
  const input = parsed.data;

  const idempotency = request.idempotencyKey
    ? { keyHash: sha256(request.idempotencyKey), requestHash: sha256(JSON.stringify([clean, request.uploads.map((u) => u.sha256)])) }
    : null;
  if (idempotency) {
    const replay = await replayed(ctx, idempotency);
    if (replay) return replay;
  }

  const deadlines = slaDeadlines(calendarFor(brand), brand.policy.sla, input.type, now, 'normal');
  const ticket = buildTicket(input, brand, deadlines, request.uploads.length, now);

  const stored = await storeUploads(ctx.config.uploadsDir, ticket.id, request.uploads, now);
  const report: NewReport = {
    ticket,
    files: stored.files,
    events: [
      { ticketId: ticket.id, type: 'created', actor: 'customer', isPublic: true, createdAt: now, data: { type: ticket.type, files: stored.files.length } },
      ...(redactions.length ? [{ ticketId: ticket.id, type: 'redacted', actor: 'system', createdAt: now, data: { fields: redactions } }] : []),
    ],
    idempotencyKey: idempotency && { ...idempotency, ticketId: ticket.id, createdAt: now },
  };
  let triage;
  try {
    triage = await ctx.db.groupCommit(recordReports, report);
  } catch (err) {
    await stored.discard();
    // Two requests with one key at once: the loser answers with the winner's ticket.
    const replay = idempotency && (await replayed(ctx, idempotency));
    if (replay) return replay;
    throw err;
  }

  void ctx.dispatcher.dispatch([triage]);
  ctx.notifier.toAgents('ticket.created', { ticket: agentTicketSummary(ticket, now) });
  ctx.logger.info({ ticket: ticket.reference, type: ticket.type, missing: ticket.missingEvidence.length }, 'report received');
  return { receipt: receiptFor(ctx, ticket), replayed: false };
}

interface NewReport {
  ticket: Ticket;
  files: EvidenceFile[];
  events: NewTicketEvent[];
  idempotencyKey: IdempotencyKey | null;
}

/**
 * Commits reports that arrived together: tickets, files, timelines, idempotency keys and
 * triage jobs, a multi-row statement each (see Database.groupCommit).
 */
async function recordReports(repos: Repositories, reports: NewReport[]): Promise<PendingJob[]> {
  await repos.tickets.insertMany(reports.map((r) => r.ticket));
  await indexNewTickets(repos, reports.map((r) => r.ticket));
  await repos.files.insert(reports.flatMap((r) => r.files));
  await repos.events.append(...reports.flatMap((r) => r.events));
  await repos.idempotencyKeys.insertMany(reports.flatMap((r) => (r.idempotencyKey ? [r.idempotencyKey] : [])));
  return repos.outbox.add(...reports.map((r) => triageQueue.job({ ticketId: r.ticket.id })));
}

async function replayed(ctx: AppContext, key: { keyHash: string; requestHash: string }): Promise<SubmitResult | null> {
  const previous = await ctx.db.repos.idempotencyKeys.findByKeyHash(key.keyHash);
  if (!previous) return null;
  if (previous.requestHash !== key.requestHash) {
    throw new AppError(422, 'idempotency_key_reused', 'This Idempotency-Key was already used with a different report.');
  }
  const ticket = await ctx.db.repos.tickets.findById(previous.ticketId);
  if (!ticket) return null;
  return { receipt: receiptFor(ctx, ticket), replayed: true };
}

/** An Idempotency-Key already stored: the request is answered from that report (or refused as a reuse) and creates nothing. */
export async function isKnownIdempotencyKey(ctx: AppContext, key: string): Promise<boolean> {
  return (await ctx.db.repos.idempotencyKeys.findByKeyHash(sha256(key))) !== null;
}
