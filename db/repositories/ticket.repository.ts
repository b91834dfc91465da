import type { EntityManager } from 'typeorm';
import { openStatuses } from '../../domain/ticket-status';
import { Ticket } from '../entities/ticket.entity';

export class StaleTicketError extends Error {
  constructor(readonly ticketId: string) {
    super(`ticket ${ticketId} was changed by someone else`);
  }
}

export class TicketRepository {
  constructor(private readonly manager: EntityManager) {}

  private get repo() {
    return this.manager.getRepository(Ticket);
  }

  async insert(ticket: Ticket): Promise<void> {
    await this.repo.insert(ticket);
  }

  findById(id: string): Promise<Ticket | null> {
    return this.repo.findOneBy({ id });
  }

  findByReference(reference: string): Promise<Ticket | null> {
    return this.repo.findOneBy({ reference });
  }

  /** The oldest other open ticket with this e-mail and order number: a possible duplicate. */
  findOpenDuplicate(ticket: Pick<Ticket, 'id' | 'brandId' | 'customerEmailNormalized' | 'orderNumber'>): Promise<Ticket | null> {
    if (!ticket.orderNumber) return Promise.resolve(null);
    return this.repo
      .createQueryBuilder('t')
      .where('t.customerEmailNormalized = :email AND t.orderNumber = :order', {
        email: ticket.customerEmailNormalized,
        order: ticket.orderNumber,
      })
      .andWhere('t.brandId = :brand AND t.id <> :id', { brand: ticket.brandId, id: ticket.id })
      .andWhere('t.status IN (:...open)', { open: openStatuses })
      .orderBy('t.createdAt', 'ASC')
      .getOne();
  }

  /** Tickets whose next SLA threshold has passed, earliest first (served by idx_tickets_sla_next_check). */
  findSlaCheckDue(now: Date, limit: number): Promise<Ticket[]> {
    return this.repo
      .createQueryBuilder('t')
      .where('t.slaNextCheckAt <= :now', { now: now.getTime() })
      .orderBy('t.slaNextCheckAt', 'ASC')
      .limit(limit)
      .getMany();
  }

  /**
   * Writes the changes only if nobody wrote the ticket since it was read (its version),
   * bumping the version; a stale write throws StaleTicketError.
   */
  async update(ticket: Ticket, changes: Partial<Ticket>): Promise<Ticket> {
    const next = { ...changes, version: ticket.version + 1, updatedAt: changes.updatedAt ?? new Date() };
    const result = await this.repo
      .createQueryBuilder()
      .update(Ticket)
      .set(next)
      .where('id = :id AND version = :version', { id: ticket.id, version: ticket.version })
      .execute();
    if (result.affected === 0) throw new StaleTicketError(ticket.id);
    return Object.assign(ticket, next);
  }
}
