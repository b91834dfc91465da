import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { BrandPolicy } from '../../domain/brand-policy';
import { InstantColumn } from '../columns';

@Entity('brands')
export class Brand {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 64, unique: true })
  slug!: string;

  @Column({ type: 'varchar', length: 120 })
  name!: string;

  @Column({ type: 'boolean', default: false })
  isDefault!: boolean;

  /** Validated with brandPolicySchema on the way in and out (parseBrandPolicy fills fields added since the row was written). */
  @Column({ type: 'simple-json' })
  policy!: BrandPolicy;

  @InstantColumn()
  createdAt!: Date;

  /**
   * When an admin last changed its name or policy. Optional in code only: a brand built
   * before this existed (scripts, tests) is inserted with its creation time here.
   */
  @InstantColumn({ default: 0 })
  updatedAt?: Date;

  /**
   * Set with a change of its calendar or targets, in the same transaction, and cleared once
   * every open ticket's deadlines were recomputed: a process that died in between leaves it,
   * and a worker's watch finishes the work.
   */
  @InstantColumn({ nullable: true })
  recomputeRequestedAt?: Date | null;
}
