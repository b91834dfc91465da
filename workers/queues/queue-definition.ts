import type { JobsOptions } from 'bullmq';
import type { z } from 'zod';
import type { OutboxRepository } from '../../db/repositories/outbox.repository';

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
  enqueue(outbox: OutboxRepository, payload: z.input<S>): ReturnType<OutboxRepository['add']>;
}

export function defineQueue<S extends z.ZodType>(def: Omit<QueueDefinition<S>, 'enqueue'>): QueueDefinition<S> {
  return {
    ...def,
    enqueue: (outbox, input) => {
      const payload = def.payload.parse(input) as Record<string, unknown>;
      return outbox.add(def.name, def.jobId(payload as z.output<S>), payload);
    },
  };
}

/** Finished jobs are dropped so Redis memory stays flat; failures are kept a week for inspection. */
export const retention: Pick<JobsOptions, 'removeOnComplete' | 'removeOnFail'> = {
  removeOnComplete: { age: 3600, count: 1000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};
