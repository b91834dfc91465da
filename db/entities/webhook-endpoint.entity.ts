import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { WebhookEventType, WebhookFormat } from '../../domain/webhook-events';
import { InstantColumn } from '../columns';

/** An address a shop's admin asked Guichet to tell about its tickets (outgoing webhooks). */
@Entity('webhook_endpoints')
@Index('idx_webhook_endpoints_brand', ['brandId'])
export class WebhookEndpoint {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 36 })
  brandId!: string;

  @Column({ type: 'varchar', length: 2048 })
  url!: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  description!: string | null;

  /** The events it receives (domain/webhook-events.ts). */
  @Column({ type: 'simple-json' })
  events!: WebhookEventType[];

  @Column({ type: 'varchar', length: 8 })
  format!: WebhookFormat;

  /** The signing secret, sealed with core/secret-box.ts (it is needed in clear to sign). */
  @Column({ type: 'text' })
  secretSealed!: string;

  /** Set by an admin, or by Guichet when the endpoint kept failing (`disabledReason`). */
  @InstantColumn({ nullable: true })
  disabledAt!: Date | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  disabledReason!: 'admin' | 'failing' | null;

  /** The first failed delivery since the last success: disabled once failing for WEBHOOK_DISABLE_AFTER_MS. */
  @InstantColumn({ nullable: true })
  failingSince!: Date | null;

  @Column({ type: 'varchar', length: 36, nullable: true })
  createdById!: string | null;

  @InstantColumn()
  createdAt!: Date;

  @InstantColumn()
  updatedAt!: Date;
}
