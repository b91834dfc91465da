import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Histogram } from '../../domain/sla-report';
import { InstantColumn } from '../columns';

export type RollupGrain = 'day' | 'month';
export type RollupDimension = 'all' | 'type' | 'agent';

/**
 * The SLA tally of the tickets created in one period (a day, or a month summing its days)
 * for one brand, along one dimension: all tickets, per type, or per assignee. Rebuilt by
 * the roll-up job whenever one of those tickets changes. A year's report reads a few
 * hundred month rows plus the days at its edges instead of a million tickets.
 */
@Entity('sla_rollups')
export class SlaRollup {
  @PrimaryColumn({ type: 'varchar', length: 5 }) grain!: RollupGrain;
  @PrimaryColumn({ type: 'varchar', length: 10 }) periodStart!: string;
  @PrimaryColumn({ type: 'varchar', length: 36 }) brandId!: string;
  @PrimaryColumn({ type: 'varchar', length: 5 }) dimension!: RollupDimension;
  @PrimaryColumn({ type: 'varchar', length: 36 }) dimKey!: string;

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
