import type { JobsOptions } from 'bullmq';
import type { z } from 'zod';
import type { OutboxRepository, PendingJob } from '../db/repositories/outbox.repository';

/**
 * A queue's whole contract in one place: name, payload schema, job id, retries and
 * retention. `enqueue` records the job in the caller's transaction (the outbox); the
 * dispatcher hands it to BullMQ after commit and the sweeper again until it has run.
 */
export interface QueueDefinition<S extends z.ZodType> {
  name: string;
  payload: S;
  jobId(payload: z.output<S>): string;
  options: JobsOptions;
  /** The job for this payload, to record with `OutboxRepository.add`. */
  job(payload: z.input<S>): PendingJob;
  /** Records one job in the caller's transaction. */
  enqueue(outbox: OutboxRepository, payload: z.input<S>): Promise<PendingJob>;
}

export function defineQueue<S extends z.ZodType>(def: Omit<QueueDefinition<S>, 'job' | 'enqueue'>): QueueDefinition<S> {
  const job = (input: z.input<S>): PendingJob => {
    const payload = def.payload.parse(input) as Record<string, unknown>;
    return { queue: def.name, jobId: def.jobId(payload as z.output<S>), payload };
  };
  return { ...def, job, enqueue: async (outbox, input) => (await outbox.add(job(input)))[0] };
}

/** Finished jobs are dropped so Redis memory stays flat; failures are kept a week for inspection. */
export const retention: Pick<JobsOptions, 'removeOnComplete' | 'removeOnFail'> = {
  removeOnComplete: { age: 3600, count: 1000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};
