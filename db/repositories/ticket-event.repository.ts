import type { EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { TicketEvent } from '../entities/ticket-event.entity';

export type NewTicketEvent = Pick<TicketEvent, 'ticketId' | 'type' | 'actor'> &
  Partial<Pick<TicketEvent, 'isPublic' | 'data' | 'createdAt'>>;

export class TicketEventRepository {
  constructor(private readonly manager: EntityManager) {}

  private get repo() {
    return this.manager.getRepository(TicketEvent);
  }

  async append(...events: NewTicketEvent[]): Promise<void> {
    if (!events.length) return;
    const rows = events.map((e) => ({ isPublic: false, data: {}, createdAt: new Date(), ...e }));
    await this.repo.insert(rows as QueryDeepPartialEntity<TicketEvent>[]);
  }

  /** The timeline, oldest first; the customer sees only its public part. */
  list(ticketId: string, { publicOnly = false } = {}): Promise<TicketEvent[]> {
    return this.repo.find({
      where: publicOnly ? { ticketId, isPublic: true } : { ticketId },
      order: { id: 'ASC' },
    });
  }

  countOfType(ticketId: string, type: string): Promise<number> {
    return this.repo.countBy({ ticketId, type });
  }
}
