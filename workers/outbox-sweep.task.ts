import type { AppContext } from '../core/context';

/**
 * Hands BullMQ again every outbox message that was never processed: enqueued while Redis
 * was down, lost when Redis restarted empty, or failed after all its attempts. Job ids are
 * deterministic, so a message still queued is left alone.
 */
export async function sweepOutbox(ctx: AppContext): Promise<{ added: number; retried: number }> {
  // Operational time, not the business clock: outbox rows are stamped with the wall clock.
  const olderThan = new Date(Date.now() - ctx.config.SWEEP_GRACE_MS);
  const pending = await ctx.db.repos.outbox.findPending(olderThan, 1000);
  const counts = await ctx.dispatcher.redispatch(pending); // throws while Redis is down: next sweep
  if (counts.added || counts.retried) ctx.logger.info(counts, 'outbox sweep re-enqueued jobs');
  return counts;
}
