import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { PaymentConnector } from '../entities/payment-connector.entity';
import { WebhookEvent } from '../entities/webhook-event.entity';

export class PaymentConnectorRepository {
  constructor(private readonly manager: EntityManager) {}

  private get repo() {
    return this.manager.getRepository(PaymentConnector);
  }

  find(brandId: string, provider: 'stripe'): Promise<PaymentConnector | null> {
    return this.repo.findOneBy({ brandId, provider });
  }

  /** Sets (or replaces) the brand's connection to the provider. */
  async save(connector: Omit<PaymentConnector, 'id'>): Promise<PaymentConnector> {
    const existing = await this.find(connector.brandId, connector.provider as 'stripe');
    return this.repo.save({ ...connector, id: existing?.id ?? randomUUID() });
  }

  async remove(brandId: string, provider: 'stripe'): Promise<boolean> {
    return ((await this.repo.delete({ brandId, provider })).affected ?? 0) > 0;
  }

  /**
   * Records a webhook event as applied; false when it was already (a redelivery). Two
   * deliveries at once: the second one's insert breaks the unique index, which the caller
   * takes as "already applied" (see isUniqueViolation).
   */
  async recordWebhookEvent(event: Omit<WebhookEvent, 'id'>): Promise<boolean> {
    const events = this.manager.getRepository(WebhookEvent);
    if (await events.exists({ where: { provider: event.provider, eventId: event.eventId } })) return false;
    await events.insert({ ...event, id: randomUUID() });
    return true;
  }
}
