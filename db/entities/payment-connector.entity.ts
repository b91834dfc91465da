import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { InstantColumn } from '../columns';

/**
 * A brand's connection to a payment provider (Stripe): its API key and webhook signing
 * secret, sealed (core/secret-box.ts). Never sent back by the API: `keyHint` is what an admin sees.
 */
@Entity('payment_connectors')
@Index('idx_payment_connectors_brand_provider', ['brandId', 'provider'], { unique: true })
export class PaymentConnector {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 36 })
  brandId!: string;

  /** `stripe`. */
  @Column({ type: 'varchar', length: 16 })
  provider!: string;

  @Column({ type: 'text' })
  sealedSecretKey!: string;

  @Column({ type: 'text' })
  sealedWebhookSecret!: string;

  @Column({ type: 'varchar', length: 40 })
  keyHint!: string;

  @Column({ type: 'varchar', length: 36 })
  updatedBy!: string;

  @InstantColumn()
  updatedAt!: Date;
}
