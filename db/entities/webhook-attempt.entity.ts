import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { InstantColumn } from '../columns';

/** One try at sending a delivery: what the receiver answered, or why nothing came back. */
@Entity('webhook_attempts')
@Index('idx_webhook_attempts_delivery', ['deliveryId', 'id'])
export class WebhookAttempt {
  @PrimaryGeneratedColumn('increment')
  id!: number;

  @Column({ type: 'varchar', length: 36 })
  deliveryId!: string;

  @Column({ type: 'integer' })
  attempt!: number;

  @InstantColumn()
  at!: Date;

  @Column({ type: 'integer' })
  durationMs!: number;

  @Column({ type: 'integer', nullable: true })
  statusCode!: number | null;

  /** The first characters of the answer's body. */
  @Column({ type: 'varchar', length: 500, nullable: true })
  responseSnippet!: string | null;

  /** A network error, a timeout, or an address refused after DNS resolution. */
  @Column({ type: 'varchar', length: 300, nullable: true })
  error!: string | null;
}
