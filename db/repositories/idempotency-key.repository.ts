import type { EntityManager } from 'typeorm';
import { IdempotencyKey } from '../entities/idempotency-key.entity';

export class IdempotencyKeyRepository {
  constructor(private readonly manager: EntityManager) {}

  private get repo() {
    return this.manager.getRepository(IdempotencyKey);
  }

  findByKeyHash(keyHash: string): Promise<IdempotencyKey | null> {
    return this.repo.findOneBy({ keyHash });
  }

  async insert(key: IdempotencyKey): Promise<void> {
    await this.repo.insert(key);
  }
}
