import type { EntityManager } from 'typeorm';
import { insertRows } from '../bulk-insert';
import { OutboxMessage, type RenderedMail } from '../entities/outbox-message.entity';

/** A job as recorded in the outbox and handed to BullMQ. */
export type PendingJob = Pick<OutboxMessage, 'queue' | 'jobId' | 'payload'>;

export class OutboxRepository {
  constructor(private readonly manager: EntityManager) {}

  private get repo() {
    return this.manager.getRepository(OutboxMessage);
  }

  /**
   * Records jobs to run once this transaction commits, in one statement. Job ids are
   * deterministic: recording one twice breaks the unique index, which says the caller ran twice.
   */
  async add(...messages: PendingJob[]): Promise<PendingJob[]> {
    await insertRows(this.manager, OutboxMessage, messages.map((m) => ({ ...m, createdAt: new Date(), processedAt: null, rendered: null }) as OutboxMessage));
    return messages;
  }

  /**
   * Records the jobs not recorded yet and leaves the others alone (their ids are taken): for
   * jobs that two callers may decide independently, such as an alert, which must still run once.
   */
  async addOnce(...messages: PendingJob[]): Promise<PendingJob[]> {
    if (!messages.length) return messages;
    await this.repo
      .createQueryBuilder()
      .insert()
      .into(OutboxMessage)
      .values(messages.map((m) => ({ ...m, createdAt: new Date(), processedAt: null, rendered: null })) as never)
      .orIgnore()
      .updateEntity(false)
      .execute();
    return messages;
  }

  findByJobId(jobId: string): Promise<OutboxMessage | null> {
    return this.repo.findOneBy({ jobId });
  }

  /**
   * Freezes an e-mail job's message before its first send and returns the message to send:
   * this one, or the one a previous attempt froze (a resend is then the same message).
   */
  async freezeRendered(jobId: string, rendered: RenderedMail): Promise<RenderedMail> {
    const result = await this.repo
      .createQueryBuilder()
      .update(OutboxMessage)
      .set({ rendered: rendered as never })
      .where('jobId = :jobId AND rendered IS NULL', { jobId })
      .execute();
    // Frozen by this call: the message is this one, no need to read it back.
    if (result.affected === 1) return rendered;
    return (await this.findByJobId(jobId))?.rendered ?? rendered;
  }

  /** Marks the jobs done at once (whether they already were does not matter to the caller). */
  async markAllProcessed(jobIds: string[], at: Date): Promise<void> {
    if (!jobIds.length) return;
    await this.repo
      .createQueryBuilder()
      .update(OutboxMessage)
      .set({ processedAt: at })
      .where('jobId IN (:...jobIds) AND processedAt IS NULL', { jobIds })
      .execute();
  }

  /**
   * Marks the jobs done; returns those that were not yet (the others ran twice). On
   * PostgreSQL in one statement; on SQLite, whose connection runs statements back to back
   * without a round trip each, one per job.
   */
  async markProcessedOnce(jobIds: string[], at: Date): Promise<Set<string>> {
    if (this.manager.connection.options.type !== 'postgres') {
      const firstTime = await Promise.all(jobIds.map((jobId) => this.markProcessed(jobId, at)));
      return new Set(jobIds.filter((_, i) => firstTime[i]));
    }
    if (!jobIds.length) return new Set();
    // In a WITH, so that the driver answers the returned rows as a SELECT's.
    const rows: Array<{ jobId: string }> = await this.manager.query(
      'WITH done AS (UPDATE outbox_messages SET "processedAt" = $1 WHERE "jobId" = ANY($2) AND "processedAt" IS NULL RETURNING "jobId") SELECT "jobId" FROM done',
      [at.getTime(), jobIds],
    );
    return new Set(rows.map((r) => r.jobId));
  }

  /** Marks the job done; false when it already was (the job ran twice). */
  async markProcessed(jobId: string, at = new Date()): Promise<boolean> {
    const result = await this.repo
      .createQueryBuilder()
      .update(OutboxMessage)
      .set({ processedAt: at })
      .where('jobId = :jobId AND processedAt IS NULL', { jobId })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  /** Unprocessed messages created before `olderThan`, oldest first (idx_outbox_pending). */
  findPending(olderThan: Date, limit: number): Promise<OutboxMessage[]> {
    return this.repo
      .createQueryBuilder('m')
      .where('m.processedAt IS NULL AND m.createdAt <= :before', { before: olderThan.getTime() })
      .orderBy('m.id', 'ASC')
      .limit(limit)
      .getMany();
  }

  countPending(): Promise<number> {
    return this.repo.createQueryBuilder('m').where('m.processedAt IS NULL').getCount();
  }
}
