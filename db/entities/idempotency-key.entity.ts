import { Column, Entity, PrimaryColumn } from 'typeorm';
import { InstantColumn } from '../columns';

/** A replayed `Idempotency-Key` returns the ticket it first created; only hashes are kept. */
@Entity('idempotency_keys')
export class IdempotencyKey {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  keyHash!: string;

  @Column({ type: 'varchar', length: 64 })
  requestHash!: string;

  @Column({ type: 'varchar', length: 36 })
  ticketId!: string;

  @InstantColumn()
  createdAt!: Date;
}
