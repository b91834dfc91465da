import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { InstantColumn } from '../columns';

/**
 * One row of a shop's payment ledger (charges, refunds, disputes), from an import or a
 * provider. Unique by (brand, provider, provider id): a later import of the same transaction
 * updates it. Card numbers never get here: the last 4 digits at most.
 */
@Entity('payment_transactions')
@Index('idx_payment_transactions_provider_id', ['brandId', 'provider', 'providerId'], { unique: true })
@Index('idx_payment_transactions_match', ['brandId', 'currency', 'amountCents', 'occurredAt', 'cardLast4'])
@Index('idx_payment_transactions_time', ['brandId', 'currency', 'occurredAt', 'cardLast4'])
@Index('idx_payment_transactions_charge', ['brandId', 'chargeId'])
@Index('idx_payment_transactions_provider', ['brandId', 'providerId'])
export class PaymentTransaction {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 36 })
  brandId!: string;

  /** `stripe` or `paypal`. */
  @Column({ type: 'varchar', length: 16 })
  provider!: string;

  /** The provider's own id (`ch_…`, `re_…`, a PayPal transaction id). */
  @Column({ type: 'varchar', length: 64 })
  providerId!: string;

  /** `charge`, `refund` or `dispute`. */
  @Column({ type: 'varchar', length: 16 })
  kind!: string;

  @Column({ type: 'varchar', length: 32 })
  status!: string;

  @Column({ type: 'integer' })
  amountCents!: number;

  @Column({ type: 'varchar', length: 3 })
  currency!: string;

  @InstantColumn()
  occurredAt!: Date;

  @Column({ type: 'boolean', nullable: true })
  captured!: boolean | null;

  @Column({ type: 'boolean', default: false })
  released!: boolean;

  @InstantColumn({ nullable: true })
  captureBefore!: Date | null;

  @Column({ type: 'integer', default: 0 })
  refundedCents!: number;

  @Column({ type: 'varchar', length: 64, nullable: true })
  declineCode!: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  cardBrand!: string | null;

  @Column({ type: 'varchar', length: 4, nullable: true })
  cardLast4!: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  cardFingerprint!: string | null;

  @Column({ type: 'varchar', length: 254, nullable: true })
  customerEmail!: string | null;

  @Column({ type: 'varchar', length: 128, nullable: true })
  orderReference!: string | null;

  /** refund and dispute: the provider id of the charge they belong to. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  chargeId!: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  arn!: string | null;

  @InstantColumn({ nullable: true })
  dueBy!: Date | null;

  /** When the provider's data was as written here (a webhook event's time, an import's, a lookup's): older data never overwrites it. */
  @InstantColumn({ nullable: true })
  observedAt!: Date | null;

  @InstantColumn()
  updatedAt!: Date;
}
