import type { Job } from 'bullmq';
import { accessTokenFor, privateLink } from '../core/access-token';
import { cachedBrand } from '../core/brands';
import type { AppContext } from '../core/context';
import type { Repositories } from '../db/database';
import type { MailAdapter } from './mail/mail.adapter';
import { renderMail } from './mail/templates';
import { mailQueue } from './queues';

interface SentMail {
  jobId: string;
  ticketId: string;
  template: string;
  subject: string;
  now: Date;
}

/** Marks sent mails done and puts them on their tickets' timelines (once, should a job run twice). */
async function recordSent(repos: Repositories, mails: SentMail[]): Promise<void[]> {
  const firstTime = await repos.all(mails.map((m) => () => repos.outbox.markProcessed(m.jobId, m.now)));
  await repos.events.append(
    ...mails
      .filter((_, i) => firstTime[i])
      .map((m) => ({ ticketId: m.ticketId, type: 'email_sent', actor: 'system', isPublic: true, createdAt: m.now, data: { template: m.template, subject: m.subject } })),
  );
  return mails.map(() => undefined);
}

/**
 * Renders a ticket's e-mail from the current row and sends it. A job already marked done
 * returns early; a failed send throws, and BullMQ (then the outbox sweeper) tries again.
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
  const statusUrl = privateLink(ctx.config.PUBLIC_URL, ticket.reference, accessTokenFor(ctx.config.APP_SECRET, ticket.id));
  const event = payload.eventId ? await ctx.db.repos.events.findById(payload.eventId) : null;
  const rendered = renderMail(payload.template, { ticket, brand, statusUrl, event });
  await mailer.send({
    ...rendered,
    from: brand.policy.replyFrom,
    to: ticket.customerEmail,
    messageId: `<${jobId}@guichet>`,
    language: ticket.language,
  });
  await ctx.db.grouped(recordSent, { jobId, ticketId: ticket.id, template: payload.template, subject: rendered.subject, now: ctx.now() });
  return 'sent';
};
