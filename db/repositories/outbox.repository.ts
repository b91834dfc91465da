import type { EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { OutboxMessage } from '../entities/outbox-message.entity';

export class OutboxRepository {
  constructor(private readonly manager: EntityManager) {}

  private get repo() {
    return this.manager.getRepository(OutboxMessage);
  }

  /**
   * Records a job to run once this transaction commits, in one statement. Job ids are
   * deterministic: recording one twice breaks the unique index, which says the caller ran twice.
   */
  async add(queue: string, jobId: string, payload: Record<string, unknown>): Promise<OutboxMessage> {
    const message = this.repo.create({ queue, jobId, payload, createdAt: new Date(), processedAt: null });
    const result = await this.repo.insert(message as QueryDeepPartialEntity<OutboxMessage>);
    return { ...message, id: Number(result.identifiers[0]?.id ?? message.id) };
  }

  findByJobId(jobId: string): Promise<OutboxMessage | null> {
    return this.repo.findOneBy({ jobId });
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
