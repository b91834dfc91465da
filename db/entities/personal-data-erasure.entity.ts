import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { InstantColumn } from '../columns';

/**
 * One erasure of personal data, as the GDPR asks it be recorded: who asked, when, how many
 * tickets and rows it touched, and which were held (an open dispute) — never the erased data.
 * `emailHash` is an HMAC of the address under APP_SECRET, so "was this address erased?" can
 * be answered by whoever is given the address, and by nobody from the table alone.
 */
@Entity('personal_data_erasures')
@Index('idx_personal_data_erasures_email', ['emailHash'])
export class PersonalDataErasure {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  /** Null for the retention job, which erases tickets, not an address. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  emailHash!: string | null;

  /** The brand whose retention period ran out (retention only). */
  @Column({ type: 'varchar', length: 36, nullable: true })
  brandId!: string | null;

  /** `agent:<id>` (an admin's request, as timelines name users) or `retention`. */
  @Column({ type: 'varchar', length: 64 })
  requestedBy!: string;

  @Column({ type: 'varchar', length: 16 })
  reason!: 'request' | 'retention';

  @Column({ type: 'integer', default: 0 })
  ticketsErased!: number;

  @Column({ type: 'integer', default: 0 })
  ticketsHeld!: number;

  /** Rows and files touched per kind (events, files, mailbox copies…), and the held tickets' references and why. */
  @Column({ type: 'simple-json' })
  counts!: Record<string, unknown>;

  @InstantColumn()
  createdAt!: Date;
}
