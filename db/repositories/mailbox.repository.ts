import type { EntityManager } from 'typeorm';
import { Mailbox } from '../entities/mailbox.entity';

export class MailboxRepository {
  constructor(private readonly manager: EntityManager) {}

  private get repo() {
    return this.manager.getRepository(Mailbox);
  }

  find(brandId: string): Promise<Mailbox | null> {
    return this.repo.findOneBy({ brandId });
  }

  list(): Promise<Mailbox[]> {
    return this.repo.find();
  }

  /** Sets (or replaces) the brand's mailbox; a new address starts from the folder's beginning. */
  async save(mailbox: Omit<Mailbox, 'lastUid' | 'uidValidity' | 'lastFetchedAt' | 'lastError' | 'leaseToken' | 'leaseUntil' | 'failingUid' | 'failures'>): Promise<Mailbox> {
    const existing = await this.find(mailbox.brandId);
    const same = existing && existing.host === mailbox.host && existing.username === mailbox.username && existing.folder === mailbox.folder;
    // New settings have not been tried yet: the last read's outcome was another's.
    return this.repo.save({ ...mailbox, lastUid: same ? existing.lastUid : 0, uidValidity: same ? existing.uidValidity : null, lastFetchedAt: null, lastError: null, leaseToken: existing?.leaseToken ?? null, leaseUntil: existing?.leaseUntil ?? null, failingUid: null, failures: 0 });
  }

  /** Claims the mailbox for one fetcher until `until`, unless another's claim still holds; true when claimed. */
  async lease(brandId: string, token: string, now: Date, until: Date): Promise<boolean> {
    const result = await this.repo
      .createQueryBuilder()
      .update(Mailbox)
      .set({ leaseToken: token, leaseUntil: until })
      .where('brandId = :brandId', { brandId })
      .andWhere('(leaseUntil IS NULL OR leaseUntil < :now)', { now: now.getTime() })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  /** Gives the claim back (only its holder's). */
  async release(brandId: string, token: string): Promise<void> {
    await this.repo.update({ brandId, leaseToken: token }, { leaseToken: null, leaseUntil: null });
  }

  /** How the last read went, for the admin's screen. */
  async recordFetch(brandId: string, at: Date, error: string | null): Promise<void> {
    await this.repo.update({ brandId }, { lastFetchedAt: at, lastError: error });
  }

  async remove(brandId: string): Promise<boolean> {
    return ((await this.repo.delete({ brandId })).affected ?? 0) > 0;
  }

  /**
   * How far the fetcher got, written after each message (a fetcher killed mid-way resumes
   * there), its claim renewed at once; false when the claim was lost (it lapsed and another
   * fetcher took the mailbox), and then nothing is written.
   */
  async advance(brandId: string, uidValidity: string, lastUid: number, lease: { token: string; until: Date }): Promise<boolean> {
    const result = await this.repo.update({ brandId, leaseToken: lease.token }, { uidValidity, lastUid, leaseUntil: lease.until, failingUid: null, failures: 0 });
    return (result.affected ?? 0) > 0;
  }

  /** One more failed import of the message at `uid` (the fetcher holds the mailbox): how many in a row now. */
  async strike(brandId: string, uid: number): Promise<number> {
    const mailbox = await this.find(brandId);
    const failures = mailbox?.failingUid === uid ? mailbox.failures + 1 : 1;
    await this.repo.update({ brandId }, { failingUid: uid, failures });
    return failures;
  }
}
