import type { Job } from 'bullmq';
import { cachedBrand } from '../core/brands';
import type { AppContext } from '../core/context';
import { MAX_INBOUND_MESSAGE_BYTES } from '../domain/inbound-mail';
import { MAX_PROOF_BYTES } from '../domain/proof-files';
import { refusalMailQueue } from '../queues';
import type { MailAdapter } from './mail/mail.adapter';
import { renderRefusal } from './mail/templates';

const MB = 1024 * 1024;
const SENT = 'sent';

/**
 * Answers a message the mailbox could not take, once: the job re-reads its record, returns
 * early when the outbox row is done, and after SMTP accepted the mail only the bookkeeping
 * is retried. Marked automatic, so that a robot does not answer it back.
 */
export const refusalMailProcessor = (ctx: AppContext, mailer: MailAdapter) => async (job: Job) => {
  const { inboundId } = refusalMailQueue.payload.parse(job.data);
  const jobId = job.id!;
  if ((await ctx.db.repos.outbox.findByJobId(jobId))?.processedAt) return 'skipped';
  const row = await ctx.db.repos.inbound.findById(inboundId);
  const brand = row && (await cachedBrand(ctx.db, { id: row.brandId }));
  if (row && brand && row.fromAddress && job.progress !== SENT) {
    const rendered = renderRefusal({ brand, subject: row.subject, formUrl: `${ctx.config.PUBLIC_URL.replace(/\/$/, '')}/`, maxMegabytes: MAX_INBOUND_MESSAGE_BYTES / MB, proofMegabytes: MAX_PROOF_BYTES / MB });
    const original = /^<[^<>\s]+>$/.test(row.messageId) ? row.messageId : null;
    await mailer.send({
      ...rendered,
      from: { name: brand.policy.senderName[brand.policy.defaultLanguage], mailbox: brand.policy.replyFrom },
      to: row.fromAddress,
      language: brand.policy.defaultLanguage,
      messageId: `<refusal-${row.id}@${ctx.config.messageIdDomain}>`,
      ...(original ? { inReplyTo: original, references: [original] } : {}),
      replyTo: brand.policy.supportEmail,
      automatic: true,
    });
    await job.updateProgress(SENT);
  }
  await ctx.db.repos.outbox.markProcessed(jobId, ctx.now());
  return row && brand && row.fromAddress ? 'sent' : 'skipped';
};
