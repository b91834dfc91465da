import type { Job } from 'bullmq';
import { accessTokenFor, privateLink } from '../core/access-token';
import type { AppContext } from '../core/context';
import type { MailAdapter } from './mail/mail.adapter';
import { renderMail } from './mail/templates';
import { mailQueue } from './queues';

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
  const brand = ticket && (await ctx.db.repos.brands.findById(ticket.brandId));
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
  const now = ctx.now();
  await ctx.db.transaction(async (repos) => {
    if (await repos.outbox.markProcessed(jobId, now)) {
      await repos.events.append({
        ticketId: ticket.id,
        type: 'email_sent',
        actor: 'system',
        isPublic: true,
        createdAt: now,
        data: { template: payload.template, subject: rendered.subject },
      });
    }
  });
  return 'sent';
};
