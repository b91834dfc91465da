import { Brackets, type EntityManager, In, IsNull, LessThanOrEqual } from 'typeorm';
import { EvidenceFile } from '../entities/evidence-file.entity';
import { InboundMessageRecord } from '../entities/inbound-message.entity';
import { OutboxMessage } from '../entities/outbox-message.entity';
import { PaymentTransaction } from '../entities/payment-transaction.entity';
import { PersonalDataErasure } from '../entities/personal-data-erasure.entity';
import { PersonalDataExport } from '../entities/personal-data-export.entity';
import { TicketEvent } from '../entities/ticket-event.entity';
import { Ticket } from '../entities/ticket.entity';

/** The queues whose jobs carry a rendered e-mail about a ticket (the customer's and the agents' alerts). */
const MAIL_QUEUES = ['mail', 'alert-mail'];

/**
 * What a customer's personal data is found and erased by, across the tables that hold it:
 * the tickets of an address, their mailbox copies, rendered mails and ledger rows; the
 * erasure records and the e-mailed export links.
 */
export class PersonalDataRepository {
  constructor(private readonly manager: EntityManager) {}

  /** The tickets of an address (lowercased), oldest first; an erased ticket no longer has it. */
  ticketsOfEmail(emailNormalized: string): Promise<Ticket[]> {
    return this.manager.getRepository(Ticket).find({ where: { customerEmailNormalized: emailNormalized }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  /**
   * A brand's finished tickets last changed at or before `cutoff` whose personal data is still
   * there (idx_tickets_retention), oldest first, after the cursor (the previous page's last).
   */
  retentionDue(brandId: string, statuses: readonly string[], cutoff: Date, limit: number, after?: { updatedAt: Date; id: string }): Promise<Ticket[]> {
    const qb = this.manager
      .getRepository(Ticket)
      .createQueryBuilder('t')
      .where('t.brandId = :brandId AND t.status IN (:...statuses) AND t.updatedAt <= :cutoff AND t.personalDataErasedAt IS NULL', { brandId, statuses, cutoff: cutoff.getTime() });
    if (after) {
      qb.andWhere(new Brackets((w) => w.where('t.updatedAt > :at', { at: after.updatedAt.getTime() }).orWhere('t.updatedAt = :at AND t.id > :id', { id: after.id })));
    }
    return qb.orderBy('t.updatedAt', 'ASC').addOrderBy('t.id', 'ASC').limit(limit).getMany();
  }

  countRetentionDue(brandId: string, statuses: readonly string[], cutoff: Date): Promise<number> {
    return this.manager.getRepository(Ticket).count({ where: { brandId, status: In([...statuses]), updatedAt: LessThanOrEqual(cutoff), personalDataErasedAt: IsNull() } });
  }

  /**
   * Writes a ticket's erased columns once: false when another erasure got there first (the
   * version is bumped, so an agent's stale write is refused rather than writing data back).
   */
  async markTicketErased(ticket: Ticket, changes: Partial<Ticket>, at: Date): Promise<boolean> {
    const result = await this.manager
      .createQueryBuilder()
      .update(Ticket)
      .set({ ...changes, personalDataErasedAt: at, updatedAt: at, version: () => 'version + 1' })
      .where('id = :id AND personalDataErasedAt IS NULL', { id: ticket.id })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  async replaceEventData(id: number, data: Record<string, unknown>): Promise<void> {
    await this.manager.getRepository(TicketEvent).update({ id }, { data: data as never });
  }

  async deleteFilesOf(ticketIds: string[]): Promise<number> {
    if (!ticketIds.length) return 0;
    return (await this.manager.getRepository(EvidenceFile).delete({ ticketId: In(ticketIds) })).affected ?? 0;
  }

  /** The mailbox's records of an address's messages, or of its tickets', not yet erased. */
  inboundOf(emailNormalized: string | null, ticketIds: string[], erasedSubject: string): Promise<InboundMessageRecord[]> {
    if (!emailNormalized && !ticketIds.length) return Promise.resolve([]);
    const qb = this.manager.getRepository(InboundMessageRecord).createQueryBuilder('m').where('1 = 0');
    if (emailNormalized) qb.orWhere('m.fromAddress = :email', { email: emailNormalized });
    if (ticketIds.length) qb.orWhere('m.ticketId IN (:...ticketIds)', { ticketIds });
    return qb.getMany().then((rows) => rows.filter((m) => m.fromAddress !== '' || m.subject !== erasedSubject));
  }

  async eraseInbound(ids: string[], subject: string): Promise<void> {
    if (ids.length) await this.manager.getRepository(InboundMessageRecord).update({ id: In(ids) }, { fromAddress: '', subject });
  }

  /** The e-mail jobs of these tickets and mailbox records that still hold a rendered message, or are still to send. */
  async mailJobsOf(ticketIds: string[], inboundIds: string[]): Promise<OutboxMessage[]> {
    if (!ticketIds.length && !inboundIds.length) return [];
    const qb = this.manager.getRepository(OutboxMessage).createQueryBuilder('o').where('(o.rendered IS NOT NULL OR o.processedAt IS NULL)');
    qb.andWhere(
      new Brackets((w) => {
        w.where('1 = 0');
        ticketIds.forEach((id, i) => w.orWhere(`(o.queue IN (:...mailQueues) AND o.payload LIKE :t${i})`, { mailQueues: MAIL_QUEUES, [`t${i}`]: `%${id}%` }));
        inboundIds.forEach((id, i) => w.orWhere(`(o.queue = 'refusal-mail' AND o.payload LIKE :m${i})`, { [`m${i}`]: `%${id}%` }));
      }),
    );
    return qb.getMany();
  }

  /** Drops their rendered copies; a job still pending is marked done, so nothing goes to an erased address. */
  async eraseMailJobs(ids: number[], at: Date): Promise<void> {
    if (!ids.length) return;
    await this.manager.getRepository(OutboxMessage).createQueryBuilder().update(OutboxMessage).set({ rendered: null }).where('id IN (:...ids)', { ids }).execute();
    await this.manager.getRepository(OutboxMessage).createQueryBuilder().update(OutboxMessage).set({ processedAt: at }).where('id IN (:...ids) AND processedAt IS NULL', { ids }).execute();
  }

  /** The shop's ledger rows that carry the address (the payment record itself is kept). */
  ledgerRowsOf(emailNormalized: string, brandIds: string[]): Promise<PaymentTransaction[]> {
    if (!brandIds.length) return Promise.resolve([]);
    return this.manager
      .getRepository(PaymentTransaction)
      .createQueryBuilder('p')
      .where('p.brandId IN (:...brandIds) AND LOWER(p.customerEmail) = :email', { brandIds, email: emailNormalized })
      .getMany();
  }

  async clearLedgerEmails(ids: string[]): Promise<void> {
    if (ids.length) await this.manager.getRepository(PaymentTransaction).update({ id: In(ids) }, { customerEmail: null });
  }

  /**
   * SQLite keeps older page versions in its WAL until a checkpoint: after an erasure the WAL
   * is folded into the database and emptied (the database runs with secure_delete, so what
   * was overwritten is zeroed there). PostgreSQL's dead rows are reclaimed by autovacuum.
   */
  async afterErasure(): Promise<void> {
    if (this.manager.connection.options.type === 'sqlite') await this.manager.query('PRAGMA wal_checkpoint(TRUNCATE)');
  }

  async recordErasure(row: PersonalDataErasure): Promise<void> {
    await this.manager.getRepository(PersonalDataErasure).insert(row as never);
  }

  erasuresOfEmail(emailHash: string): Promise<PersonalDataErasure[]> {
    return this.manager.getRepository(PersonalDataErasure).find({ where: { emailHash }, order: { createdAt: 'ASC' } });
  }

  async insertExport(row: PersonalDataExport): Promise<void> {
    await this.manager.getRepository(PersonalDataExport).insert(row);
  }

  findExport(id: string): Promise<PersonalDataExport | null> {
    return this.manager.getRepository(PersonalDataExport).findOneBy({ id });
  }

  countExportsSince(ticketId: string, since: Date): Promise<number> {
    return this.manager
      .getRepository(PersonalDataExport)
      .createQueryBuilder('x')
      .where('x.ticketId = :ticketId AND x.createdAt >= :since', { ticketId, since: since.getTime() })
      .getCount();
  }

  /** Uses the link once: false when it was used already or has expired. */
  async claimExport(id: string, now: Date): Promise<boolean> {
    const result = await this.manager
      .createQueryBuilder()
      .update(PersonalDataExport)
      .set({ usedAt: now })
      .where('id = :id AND usedAt IS NULL AND expiresAt > :now', { id, now: now.getTime() })
      .execute();
    return (result.affected ?? 0) > 0;
  }
}
