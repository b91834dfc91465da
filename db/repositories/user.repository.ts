import type { EntityManager } from 'typeorm';
import type { AlertCandidate } from '../../domain/alerts';
import { alertPreferencesOf } from '../../domain/alerts';
import { hasRole, roles } from '../../domain/roles';
import { User } from '../entities/user.entity';

export class UserRepository {
  constructor(private readonly manager: EntityManager) {}

  private get repo() {
    return this.manager.getRepository(User);
  }

  findByEmail(email: string): Promise<User | null> {
    return this.repo.findOneBy({ email: email.toLowerCase() });
  }

  findById(id: string): Promise<User | null> {
    return this.repo.findOneBy({ id });
  }

  findByIds(ids: string[]): Promise<User[]> {
    return ids.length ? this.repo.createQueryBuilder('u').where('u.id IN (:...ids)', { ids }).getMany() : Promise.resolve([]);
  }

  /**
   * Who an alert on a ticket may go to: its assignee and every active manager or admin
   * (domain/alerts.ts `alertRecipients` chooses among them).
   */
  async findAlertCandidates(assigneeId: string | null): Promise<AlertCandidate[]> {
    const managerRoles = roles.filter((r) => hasRole(r, 'manager'));
    const users = await this.repo
      .createQueryBuilder('u')
      .where('u.disabledAt IS NULL')
      .andWhere(assigneeId ? '(u.role IN (:...managerRoles) OR u.id = :assigneeId)' : 'u.role IN (:...managerRoles)', { managerRoles, assigneeId })
      .getMany();
    return users.map((u) => ({ id: u.id, role: u.role, disabled: !!u.disabledAt, preferences: alertPreferencesOf(u.alertPreferences), watchedBrandIds: u.watchedBrandIds ?? null }));
  }

  list(): Promise<User[]> {
    return this.repo.find({ order: { createdAt: 'ASC' } });
  }

  count(): Promise<number> {
    return this.repo.count();
  }

  async insert(user: User): Promise<void> {
    await this.repo.insert(user);
  }

  async update(id: string, changes: Partial<User>): Promise<void> {
    await this.repo.update({ id }, changes);
  }

  /** Counts a failed sign-in atomically (two guesses at once both count) and returns the new count. */
  async recordFailedLogin(id: string): Promise<number> {
    await this.repo.increment({ id }, 'failedLoginCount', 1);
    return (await this.repo.findOneByOrFail({ id })).failedLoginCount;
  }
}
