import { In, type EntityManager } from 'typeorm';
import { insertRows } from '../bulk-insert';
import { TicketEvent } from '../entities/ticket-event.entity';
import { WebhookRepository } from './webhook.repository';

export type NewTicketEvent = Pick<TicketEvent, 'ticketId' | 'type' | 'actor'> &
  Partial<Pick<TicketEvent, 'isPublic' | 'data' | 'createdAt'>>;

export class TicketEventRepository {
  constructor(private readonly manager: EntityManager) {}

  private get repo() {
    return this.manager.getRepository(TicketEvent);
  }

  /** In one statement, without reading the ids back. */
  async append(...events: NewTicketEvent[]): Promise<void> {
    await insertRows(this.manager, TicketEvent, events.map((e) => ({ isPublic: false, data: {}, createdAt: new Date(), ...e }) as TicketEvent));
    await this.recordWebhooks(events);
  }

  /** Outgoing webhooks that want these events, recorded with them (in their transaction): none is lost, none is sent for a change rolled back. */
  private recordWebhooks(events: readonly NewTicketEvent[]) {
    return new WebhookRepository(this.manager).recordForTicketEvents(events);
  }

  /** The timeline, oldest first; the customer sees only its public part. */
  list(ticketId: string, { publicOnly = false } = {}): Promise<TicketEvent[]> {
    return this.repo.find({
      where: publicOnly ? { ticketId, isPublic: true } : { ticketId },
      order: { id: 'ASC' },
    });
  }

  findById(id: number): Promise<TicketEvent | null> {
    return this.repo.findOneBy({ id });
  }

  /** The newest timeline id (0 before the first line). */
  async newestId(): Promise<number> {
    const row = (await this.repo.createQueryBuilder('e').select('MAX(e.id)', 'id').getRawOne()) as { id: number | string | null } | undefined;
    return Number(row?.id ?? 0);
  }

  /** Events after an id, oldest first: what an agent's client missed while disconnected. */
  listAfter(afterId: number, limit: number): Promise<TicketEvent[]> {
    return this.repo.createQueryBuilder('e').where('e.id > :afterId', { afterId }).orderBy('e.id', 'ASC').limit(limit).getMany();
  }

  /** One event, with its id (a plain insert: save() would open a transaction of its own). */
  async appendOne(event: NewTicketEvent): Promise<TicketEvent> {
    const row = this.repo.create({ isPublic: false, data: {}, createdAt: new Date(), ...event } as TicketEvent);
    const { identifiers } = await this.repo.insert(row as never);
    row.id = identifiers[0].id;
    await this.recordWebhooks([row]);
    return row;
  }

  /** A ticket's latest event of one type (idx_ticket_events_ticket, then a filter on type). */
  lastOfType(ticketId: string, type: string): Promise<TicketEvent | null> {
    return this.repo.findOne({ where: { ticketId, type }, order: { id: 'DESC' } });
  }

  findOfType(ticketId: string, type: string): Promise<TicketEvent[]> {
    return this.repo.find({ where: { ticketId, type }, order: { id: 'ASC' } });
  }

  /** These tickets' events of these types, oldest first (a batch's reopenings and pauses, say). */
  findOfTypes(ticketIds: string[], types: string[]): Promise<TicketEvent[]> {
    if (!ticketIds.length) return Promise.resolve([]);
    return this.repo.find({ where: { ticketId: In(ticketIds), type: In(types) }, order: { id: 'ASC' } });
  }

  countOfType(ticketId: string, type: string): Promise<number> {
    return this.repo.countBy({ ticketId, type });
  }
}
