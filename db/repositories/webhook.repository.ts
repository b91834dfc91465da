import { randomUUID } from 'node:crypto';
import { In, type EntityManager } from 'typeorm';
import { webhookEventData, webhookEventOf, type WebhookDeliveryEventType } from '../../domain/webhook-events';
import { WebhookAttempt } from '../entities/webhook-attempt.entity';
import { WebhookDelivery } from '../entities/webhook-delivery.entity';
import { WebhookEndpoint } from '../entities/webhook-endpoint.entity';
import { Ticket } from '../entities/ticket.entity';
import type { NewTicketEvent } from './ticket-event.repository';
import { OutboxRepository, type PendingJob } from './outbox.repository';

/** The queue's name and job id, here so that recording a delivery needs nothing of queues/ (which imports this layer). */
export const WEBHOOK_QUEUE = 'webhook-delivery';
export const webhookJobId = (deliveryId: string, resend = 0) => (resend ? `webhook-${deliveryId}-r${resend}` : `webhook-${deliveryId}`);
export const webhookJob = (deliveryId: string, resend = 0): PendingJob => ({ queue: WEBHOOK_QUEUE, jobId: webhookJobId(deliveryId, resend), payload: { deliveryId, resend } });

export class WebhookRepository {
  constructor(private readonly manager: EntityManager) {}

  private get endpoints() {
    return this.manager.getRepository(WebhookEndpoint);
  }

  private get deliveries() {
    return this.manager.getRepository(WebhookDelivery);
  }

  private get attempts() {
    return this.manager.getRepository(WebhookAttempt);
  }

  // endpoints

  async insertEndpoint(endpoint: WebhookEndpoint): Promise<void> {
    await this.endpoints.insert(endpoint);
  }

  findEndpoint(id: string): Promise<WebhookEndpoint | null> {
    return this.endpoints.findOneBy({ id });
  }

  listEndpoints(brandId?: string): Promise<WebhookEndpoint[]> {
    return this.endpoints.find({ where: brandId ? { brandId } : {}, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  async updateEndpoint(id: string, changes: Partial<WebhookEndpoint>): Promise<void> {
    await this.endpoints.update({ id }, changes);
  }

  /** The endpoint, its deliveries and their attempts. */
  async deleteEndpoint(id: string): Promise<void> {
    const ids = (await this.deliveries.find({ select: { id: true }, where: { endpointId: id } })).map((d) => d.id);
    for (let i = 0; i < ids.length; i += 500) await this.attempts.delete({ deliveryId: In(ids.slice(i, i + 500)) });
    await this.deliveries.delete({ endpointId: id });
    await this.endpoints.delete({ id });
  }

  /** The first failure since the last success starts the clock; a later one keeps it. */
  async markFailing(id: string, at: Date): Promise<void> {
    await this.endpoints.createQueryBuilder().update(WebhookEndpoint).set({ failingSince: at }).where('id = :id AND failingSince IS NULL', { id }).execute();
  }

  async markHealthy(id: string): Promise<void> {
    await this.endpoints.createQueryBuilder().update(WebhookEndpoint).set({ failingSince: null }).where('id = :id AND failingSince IS NOT NULL', { id }).execute();
  }

  // deliveries

  /**
   * Called where ticket events are recorded, in their transaction: one delivery (and its
   * outbox job) per event and per enabled endpoint of the ticket's shop that chose it. One
   * query when no endpoint wants any of them.
   */
  async recordForTicketEvents(events: readonly NewTicketEvent[]): Promise<PendingJob[]> {
    const wanted = events.map((e) => ({ event: e, type: webhookEventOf(e.type) })).filter((x) => x.type !== null);
    if (!wanted.length) return [];
    const ticketIds = [...new Set(wanted.map((x) => x.event.ticketId))];
    const rows: Array<{ endpointId: string; events: string; ticketId: string }> = await this.manager
      .createQueryBuilder()
      .select('e.id', 'endpointId')
      .addSelect('e.events', 'events')
      .addSelect('t.id', 'ticketId')
      .from(WebhookEndpoint, 'e')
      .innerJoin(Ticket, 't', 't.brandId = e.brandId')
      .where('e.disabledAt IS NULL')
      .andWhere('t.id IN (:...ticketIds)', { ticketIds })
      .getRawMany();
    if (!rows.length) return [];
    const deliveries: WebhookDelivery[] = [];
    for (const { event, type } of wanted) {
      for (const row of rows) {
        if (row.ticketId !== event.ticketId || !(JSON.parse(row.events) as string[]).includes(type!)) continue;
        deliveries.push(newDelivery(row.endpointId, type!, event.ticketId, webhookEventData(event.type, event.data), event.createdAt ?? new Date()));
      }
    }
    return this.insertDeliveries(deliveries);
  }

  /** The deliveries and their jobs, in the caller's transaction. */
  async insertDeliveries(deliveries: WebhookDelivery[]): Promise<PendingJob[]> {
    if (!deliveries.length) return [];
    await this.deliveries.insert(deliveries as never);
    return new OutboxRepository(this.manager).addOnce(...deliveries.map((d) => webhookJob(d.id)));
  }

  findDelivery(id: string): Promise<WebhookDelivery | null> {
    return this.deliveries.findOneBy({ id });
  }

  /** Newest first. */
  listDeliveries(endpointId: string, limit: number): Promise<WebhookDelivery[]> {
    return this.deliveries.find({ where: { endpointId }, order: { createdAt: 'DESC', id: 'ASC' }, take: limit });
  }

  /** Oldest first: what the quick dispatch hands BullMQ. */
  findUndispatched(limit: number): Promise<WebhookDelivery[]> {
    return this.deliveries.createQueryBuilder('d').where("d.dispatchedAt IS NULL AND d.status = 'pending'").orderBy('d.createdAt', 'ASC').limit(limit).getMany();
  }

  async markDispatched(ids: string[], at: Date): Promise<void> {
    if (ids.length) await this.deliveries.update({ id: In(ids) }, { dispatchedAt: at });
  }

  /** The body of the first attempt: later attempts send exactly it. Returns the frozen one. */
  async freezeBody(id: string, body: string): Promise<string> {
    await this.deliveries.createQueryBuilder().update(WebhookDelivery).set({ body }).where('id = :id AND body IS NULL', { id }).execute();
    return (await this.findDelivery(id))?.body ?? body;
  }

  /** Failed for good, unless another run delivered it meanwhile. */
  async failIfPending(id: string): Promise<void> {
    await this.deliveries.createQueryBuilder().update(WebhookDelivery).set({ status: 'failed' }).where("id = :id AND status = 'pending'", { id }).execute();
  }

  async updateDelivery(id: string, changes: Partial<WebhookDelivery>): Promise<void> {
    await this.deliveries.update({ id }, changes as never);
  }

  /** Counts the attempt atomically and records it; returns its number. */
  async recordAttempt(attempt: Omit<WebhookAttempt, 'id' | 'attempt'>): Promise<number> {
    await this.deliveries.increment({ id: attempt.deliveryId }, 'attempts', 1);
    const { attempts } = await this.deliveries.findOneByOrFail({ id: attempt.deliveryId });
    await this.attempts.insert({ ...attempt, attempt: attempts });
    await this.deliveries.update({ id: attempt.deliveryId }, { lastAttemptAt: attempt.at, lastStatusCode: attempt.statusCode });
    return attempts;
  }

  /** Finished deliveries (and their attempts) created before `before`, a batch at a time; returns how many went. */
  async deleteFinishedBefore(before: Date, limit = 1000): Promise<number> {
    const ids = (
      await this.deliveries
        .createQueryBuilder('d')
        .select('d.id', 'id')
        .where("d.status <> 'pending' AND d.createdAt < :before", { before: before.getTime() })
        .limit(limit)
        .getRawMany<{ id: string }>()
    ).map((r) => r.id);
    if (!ids.length) return 0;
    await this.attempts.delete({ deliveryId: In(ids) });
    await this.deliveries.delete({ id: In(ids) });
    return ids.length;
  }

  /** These deliveries' attempts, oldest first. */
  async attemptsOf(deliveryIds: string[]): Promise<WebhookAttempt[]> {
    if (!deliveryIds.length) return [];
    return this.attempts.find({ where: { deliveryId: In(deliveryIds) }, order: { id: 'ASC' } });
  }
}

export function newDelivery(endpointId: string, eventType: WebhookDeliveryEventType, ticketId: string | null, data: Record<string, unknown>, createdAt: Date): WebhookDelivery {
  return {
    id: randomUUID(),
    endpointId,
    eventType,
    ticketId,
    data,
    status: 'pending',
    attempts: 0,
    body: null,
    resends: 0,
    createdAt,
    dispatchedAt: null,
    lastAttemptAt: null,
    lastStatusCode: null,
    deliveredAt: null,
  };
}
