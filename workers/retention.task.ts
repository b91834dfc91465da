import type { AppContext } from '../core/context';
import { runRetention } from '../core/personal-data-erasure';

/** Batches one run erases at most: the rest waits for the next run, so a first run over years of tickets never holds the worker for long. */
const MAX_BATCHES_PER_RUN = 20;

/**
 * Each brand's retention period (policy.retentionDays): the personal data of tickets finished
 * longer ago is erased, a batch per transaction. Safe in every worker at once: a ticket is
 * erased by whichever gets there first (personalDataErasedAt), the others leave it.
 */
export async function runRetentionWatch(ctx: AppContext): Promise<number> {
  const reports = await runRetention(ctx, { dryRun: false, maxBatches: MAX_BATCHES_PER_RUN });
  return reports.reduce((n, r) => n + r.erased.length, 0);
}
