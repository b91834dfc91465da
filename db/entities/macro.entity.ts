import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { MacroAssignment } from '../../domain/macro.schemas';
import type { Language } from '../../domain/ticket.schemas';
import { InstantColumn } from '../columns';

/**
 * A canned reply of one shop in one language (issue 16): its text with variables, and what
 * applying it does besides replying (a status, or an outcome; an assignment).
 */
@Entity('macros')
@Index('idx_macros_brand_language_name', ['brandId', 'language', 'name'], { unique: true })
export class Macro {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 36 })
  brandId!: string;

  @Column({ type: 'varchar', length: 2 })
  language!: Language;

  @Column({ type: 'varchar', length: 120 })
  name!: string;

  @Column({ type: 'text' })
  body!: string;

  /** The status it leaves the ticket in after the reply (null: the reply's own). */
  @Column({ type: 'varchar', length: 24, nullable: true })
  status!: 'awaiting_customer' | 'in_progress' | null;

  /** The outcome it resolves with (null: it does not resolve). */
  @Column({ type: 'varchar', length: 32, nullable: true })
  outcome!: string | null;

  @Column({ type: 'simple-json', nullable: true })
  assignment!: MacroAssignment | null;

  /** The seeded situation it was made from (a manager may have edited it since); null for a manager's own. */
  @Column({ type: 'varchar', length: 32, nullable: true })
  seedKey!: string | null;

  /** Optimistic lock: every change bumps it; a manager's edit of an older version is refused. */
  @Column({ type: 'integer', default: 1 })
  version!: number;

  @InstantColumn()
  createdAt!: Date;

  @InstantColumn()
  updatedAt!: Date;

  @Column({ type: 'varchar', length: 36, nullable: true })
  updatedBy!: string | null;
}

/** A shop whose macros were seeded once: deleting a seeded macro never brings it back. */
@Entity('macro_seedings')
export class MacroSeeding {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  brandId!: string;

  @InstantColumn()
  seededAt!: Date;
}
