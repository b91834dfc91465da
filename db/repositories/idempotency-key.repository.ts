import type { EntityManager } from 'typeorm';
import { insertRows } from '../bulk-insert';
import { IdempotencyKey } from '../entities/idempotency-key.entity';

export class IdempotencyKeyRepository {
  constructor(private readonly manager: EntityManager) {}

  private get repo() {
    return this.manager.getRepository(IdempotencyKey);
  }

  findByKeyHash(keyHash: string): Promise<IdempotencyKey | null> {
    return this.repo.findOneBy({ keyHash });
  }

  insertMany(keys: IdempotencyKey[]): Promise<void> {
    return insertRows(this.manager, IdempotencyKey, keys);
  }
}
