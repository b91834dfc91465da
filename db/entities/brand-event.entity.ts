import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { BrandChange } from '../../domain/brand-admin.schemas';
import { InstantColumn } from '../columns';

/** One line of a brand's audit trail: who created or changed it, when, and which values (never a secret). */
@Entity('brand_events')
@Index('idx_brand_events_brand', ['brandId', 'id'])
export class BrandEvent {
  @PrimaryGeneratedColumn('increment')
  id!: number;

  @Column({ type: 'varchar', length: 36 })
  brandId!: string;

  /** The admin who did it (null: the system, e.g. the default brand of an empty database). */
  @Column({ type: 'varchar', length: 36, nullable: true })
  actorId!: string | null;

  @Column({ type: 'varchar', length: 16 })
  type!: 'created' | 'changed';

  /** `{ changes: [{ path, before, after }] }` (each ticket whose deadlines moved has its own `deadlines_recomputed` event). */
  @Column({ type: 'simple-json' })
  data!: { changes: BrandChange[] };

  @InstantColumn()
  createdAt!: Date;
}
