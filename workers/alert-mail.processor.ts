import type { Job } from 'bullmq';
import { cachedBrand } from '../core/brands';
import type { AppContext } from '../core/context';
import { alertLanguage, alertPreferencesOf } from '../domain/alerts';
import { alertMailQueue } from '../queues';
import type { MailAdapter } from './mail/mail.adapter';
import { renderAlertMail } from './mail/alert-templates';

/** A job's progress once its message has left: a retry then only does the bookkeeping. */
const SENT = 'sent';

/** Where the agents' app shows a ticket and the user's profile (client/src/main.tsx). */
export const ticketPageUrl = (publicUrl: string, ticketId: string) => `${publicUrl.replace(/\/$/, '')}/agent/tickets/${ticketId}`;
export const profilePageUrl = (publicUrl: string) => `${publicUrl.replace(/\/$/, '')}/agent/profile`;

/**
 * Sends one alert to a staff user, once. The user and the ticket are read again when the job
 * runs: a user disabled since, or who turned the kind off since, gets nothing; a job already
 * done returns early. The message is frozen in the outbox row before it leaves (a resend is
 * the same message, same Message-ID), and marked automatic so no robot answers it. Its
 * Message-ID is not one of the ticket's (nor is the ticket's header set), and replies go to
 * no one's mailbox: an answer to an alert can never land on the customer's ticket.
 */
export const alertMailProcessor = (ctx: AppContext, mailer: MailAdapter) => async (job: Job) => {
  const payload = alertMailQueue.payload.parse(job.data);
  const jobId = job.id!;
  const repos = ctx.db.repos;
  const message = await repos.outbox.findByJobId(jobId);
  if (message?.processedAt) return 'skipped';
  const [user, ticket] = await Promise.all([repos.users.findById(payload.userId), repos.tickets.findById(payload.ticketId)]);
  const brand = ticket && (await cachedBrand(ctx.db, { id: ticket.brandId }));
  if (!user || user.disabledAt || !alertPreferencesOf(user.alertPreferences)[payload.kind] || !ticket || !brand) {
    await repos.outbox.markProcessed(jobId, ctx.now());
    return 'skipped';
  }
  let rendered = message?.rendered ?? null;
  if (!rendered) {
    const event = await repos.events.findById(payload.eventId);
    const fresh = renderAlertMail({
      kind: payload.kind,
      user: { name: user.name, language: alertLanguage(user.language) },
      ticket,
      brand,
      event,
      ticketUrl: ticketPageUrl(ctx.config.PUBLIC_URL, ticket.id),
      profileUrl: profilePageUrl(ctx.config.PUBLIC_URL),
    });
    rendered = message ? await repos.outbox.freezeRendered(jobId, fresh) : fresh;
  }
  if (job.progress !== SENT) {
    const domain = ctx.config.messageIdDomain;
    await mailer.send({
      ...rendered,
      from: { name: 'Guichet', mailbox: brand.policy.replyFrom },
      to: user.email,
      language: alertLanguage(user.language),
      messageId: `<${jobId}@${domain}>`,
      replyTo: `no-reply@${domain}`,
      automatic: true,
    });
    await job.updateProgress(SENT);
  }
  await repos.outbox.markProcessed(jobId, ctx.now());
  return 'sent';
};
