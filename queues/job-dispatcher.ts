import { Queue } from 'bullmq';
import type IORedis from 'ioredis';
import type { PendingJob } from '../db/repositories/outbox.repository';
import type { Logger } from '../core/logger';
import { perTick } from '../core/per-tick';
import { queueDefinitions } from './index';

/** Hands committed outbox messages to BullMQ. Failures are only logged: the sweeper tries again. */
export class JobDispatcher {
  private readonly queues = new Map<string, Queue>();

  constructor(
    private readonly connection: IORedis,
    private readonly prefix: string,
    private readonly logger: Logger,
  ) {}

  queue(name: string): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection: this.connection, prefix: this.prefix });
      queue.on('error', (err) => this.logger.debug({ err, queue: name }, 'queue error'));
      this.queues.set(name, queue);
    }
    return queue;
  }

  /** Adds the jobs of each queue in one round trip. */
  private async add(messages: PendingJob[]): Promise<void> {
    for (const name of new Set(messages.map((m) => m.queue))) {
      const def = queueDefinitions[name];
      if (!def) throw new Error(`unknown queue ${name}`);
      const jobs = messages.filter((m) => m.queue === name).map((m) => ({ name, data: m.payload, opts: { ...def.options, jobId: m.jobId } }));
      await this.queue(name).addBulk(jobs);
    }
  }

  /**
   * Right after commit: the jobs are new, a plain add is enough; those committed in the same
   * turn of the event loop go to Redis together.
   */
  readonly dispatch = perTick<PendingJob>((messages) =>
    this.add(messages).catch((err) =>
      this.logger.warn({ err: String(err), jobIds: messages.map((m) => m.jobId) }, 'enqueue failed; the sweeper will retry'),
    ),
  );

  /**
   * For the sweeper: a job still waiting or running is left alone (same id), one that used
   * up its attempts is retried, one that Redis lost is added again. Whether each job exists
   * and has failed is asked in one pipelined round trip, so a long backlog costs one
   * request per sweep rather than two per message.
   */
  async redispatch(messages: PendingJob[]): Promise<{ added: number; retried: number }> {
    const counts = { added: 0, retried: 0 };
    if (!messages.length) return counts;
    const pipeline = this.connection.pipeline();
    for (const m of messages) {
      const keys = this.queue(m.queue).keys;
      pipeline.exists(`${keys['']}${m.jobId}`).zscore(keys.failed, m.jobId);
    }
    const replies = (await pipeline.exec()) ?? [];
    const lost: PendingJob[] = [];
    for (const [i, m] of messages.entries()) {
      const [existsErr, exists] = replies[2 * i];
      const [, failedScore] = replies[2 * i + 1];
      if (existsErr) throw existsErr;
      if (!exists) lost.push(m);
      else if (failedScore !== null) {
        await (await this.queue(m.queue).getJob(m.jobId))?.retry('failed');
        counts.retried++;
      }
    }
    await this.add(lost);
    counts.added = lost.length;
    return counts;
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
  }
}
