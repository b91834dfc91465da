import type { AppContext } from '../../core/context';
import { mailboxSecretContext } from '../../core/mailbox-fetch';
import { mailboxView } from '../../core/mailbox-views';
import { sealSecret } from '../../core/secret-box';
import type { Brand } from '../../db/entities/brand.entity';
import type { User } from '../../db/entities/user.entity';
import type { MailboxInput } from '../../domain/mailbox.schemas';
import { mailboxQueue, mailboxScheduler } from '../../queues/mailbox.queue';


/** Sets the shop's mailbox (password sealed) and has it read from now on, every MAILBOX_FETCH_INTERVAL_MS. */
export async function setMailbox(ctx: AppContext, user: User, brand: Brand, input: MailboxInput) {
  const { password, ...settings } = input;
  const saved = await ctx.db.transaction((repos) =>
    repos.mailboxes.save({ ...settings, brandId: brand.id, sealedPassword: sealSecret(ctx.config.APP_SECRET, password, mailboxSecretContext(brand.id)), updatedBy: user.id, updatedAt: ctx.now() }),
  );
  await ctx.dispatcher
    .queue(mailboxQueue.name)
    .upsertJobScheduler(mailboxScheduler(brand.id), { every: ctx.config.MAILBOX_FETCH_INTERVAL_MS }, { name: mailboxQueue.name, data: { brandId: brand.id }, opts: mailboxQueue.options });
  ctx.logger.info({ brand: brand.slug, by: user.id, host: saved.host }, 'mailbox set');
  return mailboxView(saved);
}

export async function removeMailbox(ctx: AppContext, brand: Brand) {
  await ctx.db.transaction((repos) => repos.mailboxes.remove(brand.id));
  await ctx.dispatcher.queue(mailboxQueue.name).removeJobScheduler(mailboxScheduler(brand.id));
  return mailboxView(null);
}
