import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { WebhookDeliveryEventType, WebhookDeliveryStatus } from '../../domain/webhook-events';
import { InstantColumn } from '../columns';

/**
 * One event for one endpoint: recorded in the transaction of the change it tells about, sent
 * (and sent again) by the webhook-delivery queue. Its id is the `Guichet-Delivery` header, the
 * same on every attempt, so a receiver can drop a repeat.
 */
@Entity('webhook_deliveries')
@Index('idx_webhook_deliveries_endpoint', ['endpointId', 'createdAt'])
@Index('idx_webhook_deliveries_undispatched', ['dispatchedAt', 'createdAt'])
export class WebhookDelivery {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 36 })
  endpointId!: string;

  @Column({ type: 'varchar', length: 32 })
  eventType!: WebhookDeliveryEventType;

  /** Null for a test event. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  ticketId!: string | null;

  /** What the event says, already reduced to what may leave Guichet (domain/webhook-events.ts `webhookEventData`). */
  @Column({ type: 'simple-json' })
  data!: Record<string, unknown>;

  @Column({ type: 'varchar', length: 12 })
  status!: WebhookDeliveryStatus;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  /** The body as first sent: every later attempt sends exactly these bytes. */
  @Column({ type: 'text', nullable: true })
  body!: string | null;

  /** How many times an admin asked to send it again (each gets a job of its own). */
  @Column({ type: 'integer', default: 0 })
  resends!: number;

  @InstantColumn()
  createdAt!: Date;

  /** When its job was handed to BullMQ by the quick dispatch (the outbox sweeper covers a lost one). */
  @InstantColumn({ nullable: true })
  dispatchedAt!: Date | null;

  @InstantColumn({ nullable: true })
  lastAttemptAt!: Date | null;

  @Column({ type: 'integer', nullable: true })
  lastStatusCode!: number | null;

  @InstantColumn({ nullable: true })
  deliveredAt!: Date | null;
}
