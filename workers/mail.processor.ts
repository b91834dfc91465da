import path from 'node:path';
import type { Job } from 'bullmq';
import { accessTokenFor, plusAddress, privateLink, replyTokenFor } from '../core/access-token';
import { cachedBrand } from '../core/brands';
import type { AppContext } from '../core/context';
import type { Repositories } from '../db/database';
import type { MailAdapter } from './mail/mail.adapter';
import { renderMail } from './mail/templates';
import { exportLink, exportToken } from '../core/personal-data-export';
import { outgoingMessageId } from '../domain/inbound-mail';
import { mailQueue } from '../queues';
import type { MailTemplate } from '../queues/mail.queue';

interface SentMail {
  jobId: string;
  ticketId: string;
  template: string;
  subject: string;
  now: Date;
}

/** Marks sent mails done and puts them on their tickets' timelines (once, should a job run twice). */
async function recordSent(repos: Repositories, mails: SentMail[]): Promise<void[]> {
  const firstTime = await repos.outbox.markProcessedOnce(mails.map((m) => m.jobId), mails[0].now);
  await repos.events.append(
    ...mails
      // A job twice in one batch (a retry beside its first run) is recorded by the first only.
      .filter((m) => firstTime.delete(m.jobId))
      .map((m) => ({ ticketId: m.ticketId, type: 'email_sent', actor: 'system', isPublic: true, createdAt: m.now, data: { template: m.template, subject: m.subject } })),
  );
  return mails.map(() => undefined);
}

/** What Guichet sends by itself; the others are an agent's words (a reply, a request, a resolution). */
const AUTOMATIC = new Set<MailTemplate>(['acknowledgement', 'evidence_reminder', 'money_traced', 'personal_data_export']);

/**
 * Every e-mail of a ticket is one thread in the customer's mail client: its Message-ID
 * carries the ticket (domain/inbound-mail.ts), and each follows the acknowledgement, the
 * thread's first message. Deterministic: a resend has the same headers.
 */
function threadHeaders(ctx: AppContext, ticket: { id: string }, template: string, key: string) {
  const domain = ctx.config.messageIdDomain;
  const messageId = outgoingMessageId(ticket.id, `${template}-${key}`, domain);
  const root = outgoingMessageId(ticket.id, 'acknowledgement-once', domain);
  return messageId === root ? { messageId } : { messageId, inReplyTo: root, references: [root] };
}

/**
 * Where the customer's answer goes: the shop's support address, or the ticket's own
 * `support+<token>@…` when the shop's mailbox receives plus addresses (then a reply threads
 * even from a client that drops every header and the subject).
 */
async function replyAddress(ctx: AppContext, ticket: { id: string; reference: string; brandId: string }, supportEmail: string): Promise<string> {
  const mailbox = await ctx.db.repos.mailboxes.find(ticket.brandId);
  return mailbox?.plusAddressing ? plusAddress(supportEmail, replyTokenFor(ctx.config.APP_SECRET, ticket)) : supportEmail;
}

/** The files an event (an agent's reply) carries, as stored under DATA_DIR/uploads. */
async function attachmentsOf(ctx: AppContext, ticketId: string, event: { data: Record<string, unknown> } | null) {
  const wanted = Array.isArray(event?.data.files) ? new Set((event.data.files as Array<{ id: string }>).map((f) => f.id)) : null;
  if (!wanted?.size) return [];
  const files = (await ctx.db.repos.files.listForTicket(ticketId)).filter((f) => wanted.has(f.id));
  return files.map((f) => ({ filename: f.originalName, path: path.join(ctx.config.uploadsDir, f.storagePath), contentType: f.mimeType }));
}

/** The personal-data export mail's link: the export row is named by the job's key. */
async function dataExportLink(ctx: AppContext, template: MailTemplate, key: string) {
  if (template !== 'personal_data_export') return null;
  const row = await ctx.db.repos.personalData.findExport(key);
  return row ? { url: exportLink(ctx.config.PUBLIC_URL, exportToken(ctx.config.APP_SECRET, row.id)), expiresAt: row.expiresAt } : null;
}

/** A job's progress once its message has left: a retry then only does the bookkeeping. */
const SENT = 'sent';

/**
 * Sends a ticket's e-mail at most once in content: the message is rendered from the current
 * row on the first attempt and frozen in the outbox row before it leaves, so any later
 * attempt sends those very bytes under the same Message-ID (which mail clients merge). Once
 * SMTP accepted it, the job records that in its own progress (in Redis), so a failed
 * bookkeeping write is retried without sending again. A job already marked done returns
 * early; a failed send throws, and BullMQ (then the outbox sweeper) tries again.
 */
export const mailProcessor = (ctx: AppContext, mailer: MailAdapter) => async (job: Job) => {
  const payload = mailQueue.payload.parse(job.data);
  const jobId = job.id!;
  const message = await ctx.db.repos.outbox.findByJobId(jobId);
  if (message?.processedAt) return 'skipped';
  const ticket = await ctx.db.repos.tickets.findById(payload.ticketId);
  const brand = ticket && (await cachedBrand(ctx.db, { id: ticket.brandId }));
  if (!ticket || !brand) {
    await ctx.db.repos.outbox.markProcessed(jobId, ctx.now());
    return 'skipped';
  }
  let rendered = message?.rendered ?? null;
  const event = payload.eventId ? await ctx.db.repos.events.findById(payload.eventId) : null;
  if (!rendered) {
    const statusUrl = privateLink(ctx.config.PUBLIC_URL, ticket.reference, accessTokenFor(ctx.config.APP_SECRET, ticket.id));
    const fresh = renderMail(payload.template, { ticket, brand, statusUrl, event, dataExport: await dataExportLink(ctx, payload.template, payload.key) });
    rendered = message ? await ctx.db.repos.outbox.freezeRendered(jobId, fresh) : fresh;
  }
  if (job.progress !== SENT) {
    await mailer.send({
      ...rendered,
      from: { name: brand.policy.senderName[ticket.language], mailbox: brand.policy.replyFrom },
      to: ticket.customerEmail,
      language: ticket.language,
      ...threadHeaders(ctx, ticket, payload.template, payload.key),
      replyTo: await replyAddress(ctx, ticket, brand.policy.supportEmail),
      automatic: AUTOMATIC.has(payload.template),
      ticketReference: ticket.reference,
      attachments: await attachmentsOf(ctx, ticket.id, event),
    });
    await job.updateProgress(SENT);
  }
  await ctx.db.groupCommit(recordSent, { jobId, ticketId: ticket.id, template: payload.template, subject: rendered.subject, now: ctx.now() });
  return 'sent';
};
