import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Histogram } from '../../domain/sla-report';
import { InstantColumn } from '../columns';

/**
 * The SLA tally of the tickets created on one day, for one brand, type and assignee ('' for
 * none). Rebuilt by the roll-up job whenever one of those tickets changes.
 */
@Entity('sla_daily_rollups')
export class SlaDailyRollup {
  @PrimaryColumn({ type: 'varchar', length: 10 })
  day!: string;

  @PrimaryColumn({ type: 'varchar', length: 36 })
  brandId!: string;

  @PrimaryColumn({ type: 'varchar', length: 32 })
  type!: string;

  @PrimaryColumn({ type: 'varchar', length: 36 })
  assigneeId!: string;

  @Column({ type: 'integer', default: 0 }) created!: number;
  @Column({ type: 'integer', default: 0 }) resolved!: number;
  @Column({ type: 'integer', default: 0 }) reopened!: number;
  @Column({ type: 'integer', default: 0 }) frMet!: number;
  @Column({ type: 'integer', default: 0 }) frBreached!: number;
  @Column({ type: 'integer', default: 0 }) frPending!: number;
  @Column({ type: 'integer', default: 0 }) frAtRisk!: number;
  @Column({ type: 'integer', default: 0 }) resMet!: number;
  @Column({ type: 'integer', default: 0 }) resBreached!: number;
  @Column({ type: 'integer', default: 0 }) resPending!: number;
  @Column({ type: 'integer', default: 0 }) resAtRisk!: number;

  @Column({ type: 'simple-json' }) frMinutes!: Histogram;
  @Column({ type: 'simple-json' }) resMinutes!: Histogram;
  @Column({ type: 'simple-json' }) outcomes!: Record<string, number>;

  @InstantColumn()
  updatedAt!: Date;
}
