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
   * Set with a change of its calendar or targets, in the same transaction; a worker's watch
   * recomputes the open tickets once more a few minutes later (finishing a recompute whose
   * process died, catching a ticket filed with the old policy cached) and clears it.
   */
  @InstantColumn({ nullable: true })
  recomputeRequestedAt?: Date | null;
}
