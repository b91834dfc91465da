import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { InstantColumn } from '../columns';

/** A provider's webhook event once applied: a delivery of the same event id again changes nothing. */
@Entity('webhook_events')
@Index('idx_webhook_events_provider_event', ['provider', 'eventId'], { unique: true })
export class WebhookEvent {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 16 })
  provider!: string;

  @Column({ type: 'varchar', length: 64 })
  eventId!: string;

  @Column({ type: 'varchar', length: 36 })
  brandId!: string;

  @Column({ type: 'varchar', length: 64 })
  type!: string;

  @InstantColumn()
  receivedAt!: Date;
}
