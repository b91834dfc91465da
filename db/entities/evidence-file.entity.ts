import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { InstantColumn } from '../columns';

@Entity('evidence_files')
@Index('idx_evidence_files_ticket', ['ticketId'])
export class EvidenceFile {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 36 })
  ticketId!: string;

  /** The customer's file name, redacted like any other text they typed. */
  @Column({ type: 'varchar', length: 255 })
  originalName!: string;

  /** Judged from the file's bytes, never from its name or the browser's claim. */
  @Column({ type: 'varchar', length: 64 })
  mimeType!: string;

  @Column({ type: 'integer' })
  sizeBytes!: number;

  @Column({ type: 'varchar', length: 64 })
  sha256!: string;

  /** Relative to DATA_DIR/uploads. */
  @Column({ type: 'varchar', length: 255 })
  storagePath!: string;

  /** The customer's proof (counted on the checklist), or an agent's attachment to a reply. */
  @Column({ type: 'varchar', length: 16, default: 'customer' })
  addedBy!: 'customer' | 'agent';

  @InstantColumn()
  createdAt!: Date;
}
