import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { InstantColumn } from '../columns';

/**
 * A customer's "send me my data": the link e-mailed to the ticket's address carries this id
 * and an HMAC of it (core/personal-data-export.ts), so nothing secret is stored; it works
 * once, until `expiresAt`.
 */
@Entity('personal_data_exports')
@Index('idx_personal_data_exports_ticket', ['ticketId'])
export class PersonalDataExport {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  /** The ticket it was asked from: the export is of that ticket's e-mail address. */
  @Column({ type: 'varchar', length: 36 })
  ticketId!: string;

  @InstantColumn()
  expiresAt!: Date;

  @InstantColumn({ nullable: true })
  usedAt!: Date | null;

  @InstantColumn()
  createdAt!: Date;
}
