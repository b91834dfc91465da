import type { EntityManager } from 'typeorm';
import { Session } from '../entities/session.entity';

export class SessionRepository {
  constructor(private readonly manager: EntityManager) {}

  private get repo() {
    return this.manager.getRepository(Session);
  }

  async insert(session: Session): Promise<void> {
    await this.repo.insert(session);
  }

  findByTokenHash(tokenHash: string): Promise<Session | null> {
    return this.repo.findOneBy({ tokenHash });
  }

  async delete(tokenHash: string): Promise<void> {
    await this.repo.delete({ tokenHash });
  }

  async deleteForUser(userId: string): Promise<void> {
    await this.repo.delete({ userId });
  }

  async deleteExpired(now: Date): Promise<void> {
    await this.repo.createQueryBuilder().delete().from(Session).where('expiresAt <= :now', { now: now.getTime() }).execute();
  }
}
