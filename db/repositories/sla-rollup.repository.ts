import type { EntityManager } from 'typeorm';
import type { Tally } from '../../domain/sla-report';
import { JobState } from '../entities/job-state.entity';
import { SlaDailyRollup } from '../entities/sla-daily-rollup.entity';

export type RollupGroup = 'type' | 'brand' | 'agent' | 'day';
const groupColumn: Record<RollupGroup, string> = { type: 'r.type', brand: 'r.brandId', agent: 'r.assigneeId', day: 'r.day' };

export const toRow = (day: string, brandId: string, type: string, assigneeId: string, t: Tally, now: Date): SlaDailyRollup => ({
  day,
  brandId,
  type,
  assigneeId,
  created: t.created,
  resolved: t.resolved,
  reopened: t.reopened,
  frMet: t.firstResponse.met,
  frBreached: t.firstResponse.breached,
  frPending: t.firstResponse.pending,
  frAtRisk: t.firstResponse.atRisk,
  resMet: t.resolution.met,
  resBreached: t.resolution.breached,
  resPending: t.resolution.pending,
  resAtRisk: t.resolution.atRisk,
  frMinutes: t.firstResponse.minutes,
  resMinutes: t.resolution.minutes,
  outcomes: t.outcomes,
  updatedAt: now,
});

const SUMS = ['created', 'resolved', 'reopened', 'frMet', 'frBreached', 'frPending', 'frAtRisk', 'resMet', 'resBreached', 'resPending', 'resAtRisk'] as const;
export type RollupSums = Record<(typeof SUMS)[number], number> & { group: string };

export class SlaRollupRepository {
  constructor(private readonly manager: EntityManager) {}

  private get repo() {
    return this.manager.getRepository(SlaDailyRollup);
  }

  /** Replaces one brand's rows for one day (call inside a transaction). */
  async replaceDay(brandId: string, day: string, rows: SlaDailyRollup[]): Promise<void> {
    await this.repo.delete({ brandId, day });
    for (let i = 0; i < rows.length; i += 200) await this.repo.insert(rows.slice(i, i + 200));
  }

  /** Counts summed per group over a range of days, in SQL (the primary key leads with day). */
  async sums(range: { from: string; to: string; brandId?: string }, group: RollupGroup): Promise<RollupSums[]> {
    const qb = this.repo.createQueryBuilder('r').select(groupColumn[group], 'group');
    for (const c of SUMS) qb.addSelect(`SUM(r.${c})`, c);
    qb.where('r.day >= :from AND r.day <= :to', range);
    if (range.brandId) qb.andWhere('r.brandId = :brandId', { brandId: range.brandId });
    const rows: Array<Record<string, string | number>> = await qb.groupBy(groupColumn[group]).getRawMany();
    return rows.map((r) => ({ ...Object.fromEntries(SUMS.map((c) => [c, Number(r[c] ?? 0)])), group: String(r.group) }) as RollupSums);
  }

  /** The histograms and outcomes per row, merged by the caller (JSON columns do not sum in SQL). */
  async distributions(range: { from: string; to: string; brandId?: string }, group: RollupGroup) {
    const qb = this.repo
      .createQueryBuilder('r')
      .select(groupColumn[group], 'group')
      .addSelect('r.frMinutes', 'frMinutes')
      .addSelect('r.resMinutes', 'resMinutes')
      .addSelect('r.outcomes', 'outcomes')
      .where('r.day >= :from AND r.day <= :to', range);
    if (range.brandId) qb.andWhere('r.brandId = :brandId', { brandId: range.brandId });
    const rows: Array<{ group: string; frMinutes: string; resMinutes: string; outcomes: string }> = await qb.getRawMany();
    return rows.map((r) => ({ group: String(r.group), frMinutes: JSON.parse(r.frMinutes), resMinutes: JSON.parse(r.resMinutes), outcomes: JSON.parse(r.outcomes) }));
  }

  async getState(name: string): Promise<string | null> {
    return (await this.manager.getRepository(JobState).findOneBy({ name }))?.value ?? null;
  }

  async setState(name: string, value: string): Promise<void> {
    await this.manager.getRepository(JobState).save({ name, value });
  }
}
