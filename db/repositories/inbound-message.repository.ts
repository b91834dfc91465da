import type { EntityManager } from 'typeorm';
import { InboundMessageRecord } from '../entities/inbound-message.entity';

export class InboundMessageRepository {
  constructor(private readonly manager: EntityManager) {}

  private get repo() {
    return this.manager.getRepository(InboundMessageRecord);
  }

  findById(id: string): Promise<InboundMessageRecord | null> {
    return this.repo.findOneBy({ id });
  }

  findByMessageId(brandId: string, messageId: string): Promise<InboundMessageRecord | null> {
    return this.repo.findOneBy({ brandId, messageId });
  }

  /** A plain insert: a second import of the same message breaks idx_inbound_messages_brand_message. */
  async insert(row: InboundMessageRecord): Promise<void> {
    await this.repo.insert(row as never);
  }

  /** When the sender's messages in (from, to] arrived, at most `limit` of them: what the rate limit counts. */
  async receivedTimesFrom(brandId: string, fromAddress: string, range: { from: Date; to: Date }, limit: number): Promise<Date[]> {
    const rows = await this.repo
      .createQueryBuilder('m')
      .select(['m.receivedAt'])
      .where('m.brandId = :brandId AND m.fromAddress = :fromAddress', { brandId, fromAddress })
      .andWhere('m.receivedAt > :from AND m.receivedAt <= :to', { from: range.from.getTime(), to: range.to.getTime() })
      .limit(limit)
      .getMany();
    return rows.map((r) => r.receivedAt);
  }
}
