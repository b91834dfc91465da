import type { EntityManager } from 'typeorm';
import { ApiToken } from '../entities/api-token.entity';

export class ApiTokenRepository {
  constructor(private readonly manager: EntityManager) {}

  private get repo() {
    return this.manager.getRepository(ApiToken);
  }

  async insert(token: ApiToken): Promise<void> {
    await this.repo.insert(token);
  }

  findByHash(tokenHash: string): Promise<ApiToken | null> {
    return this.repo.findOneBy({ tokenHash });
  }

  findById(id: string): Promise<ApiToken | null> {
    return this.repo.findOneBy({ id });
  }

  /** Newest first. */
  list(): Promise<ApiToken[]> {
    return this.repo.find({ order: { createdAt: 'DESC', id: 'ASC' } });
  }

  /** One cheap write, only when the stored time is older than `staleBefore` (two requests at once write once). */
  async touchLastUsed(id: string, at: Date, staleBefore: Date): Promise<void> {
    await this.repo
      .createQueryBuilder()
      .update(ApiToken)
      .set({ lastUsedAt: at })
      .where('id = :id AND (lastUsedAt IS NULL OR lastUsedAt < :staleBefore)', { id, staleBefore: staleBefore.getTime() })
      .execute();
  }

  /** False when it already was. */
  async revoke(id: string, at: Date): Promise<boolean> {
    const result = await this.repo.createQueryBuilder().update(ApiToken).set({ revokedAt: at }).where('id = :id AND revokedAt IS NULL', { id }).execute();
    return (result.affected ?? 0) > 0;
  }
}
