import type { EntityManager } from 'typeorm';
import type { Histogram, Tally } from '../../domain/sla-report';
import { insertRows } from '../bulk-insert';
import { JobState } from '../entities/job-state.entity';
import { SlaRollup, type RollupDimension, type RollupGrain } from '../entities/sla-rollup.entity';

export const toRow = (grain: RollupGrain, periodStart: string, brandId: string, dimension: RollupDimension, dimKey: string, t: Tally, now: Date): SlaRollup => ({
  grain,
  periodStart,
  brandId,
  dimension,
  dimKey,
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

export const toTally = (r: Pick<SlaRollup, 'created' | 'resolved' | 'reopened' | 'frMet' | 'frBreached' | 'frPending' | 'frAtRisk' | 'resMet' | 'resBreached' | 'resPending' | 'resAtRisk'> & { frMinutes: Histogram; resMinutes: Histogram; outcomes: Record<string, number> }): Tally => ({
  created: Number(r.created),
  resolved: Number(r.resolved),
  reopened: Number(r.reopened),
  firstResponse: { met: Number(r.frMet), breached: Number(r.frBreached), pending: Number(r.frPending), atRisk: Number(r.frAtRisk), minutes: r.frMinutes },
  resolution: { met: Number(r.resMet), breached: Number(r.resBreached), pending: Number(r.resPending), atRisk: Number(r.resAtRisk), minutes: r.resMinutes },
  outcomes: r.outcomes,
});

/** Which periods a report reads: whole months from month rows, the days at the edges from day rows. */
export interface PeriodSelection {
  days: Array<{ from: string; to: string }>;
  months: { from: string; to: string } | null;
}

const SUMS = ['created', 'resolved', 'reopened', 'frMet', 'frBreached', 'frPending', 'frAtRisk', 'resMet', 'resBreached', 'resPending', 'resAtRisk'] as const;

export class SlaRollupRepository {
  constructor(private readonly manager: EntityManager) {}

  private get repo() {
    return this.manager.getRepository(SlaRollup);
  }

  /** Replaces one brand's rows for one period (call inside a transaction). */
  async replacePeriod(grain: RollupGrain, periodStart: string, brandId: string, rows: SlaRollup[]): Promise<void> {
    await this.repo.delete({ grain, periodStart, brandId });
    await insertRows(this.manager, SlaRollup, rows);
  }

  /** A brand's day rows of one month (yyyy-MM), to sum into its month rows. */
  daysOfMonth(brandId: string, month: string): Promise<SlaRollup[]> {
    return this.repo
      .createQueryBuilder('r')
      .where("r.grain = 'day' AND r.brandId = :brandId AND r.periodStart >= :from AND r.periodStart <= :to", { brandId, from: `${month}-01`, to: `${month}-31` })
      .getMany();
  }

  /**
   * Rows of one dimension over the selected periods, with their counts and distributions:
   * the primary key (grain, periodStart, …) makes each part a range scan.
   */
  async rows(selection: PeriodSelection, dimension: RollupDimension, brandId?: string) {
    const qb = this.repo
      .createQueryBuilder('r')
      .select(['r.brandId AS "brandId"', 'r.periodStart AS "periodStart"', 'r.dimKey AS "dimKey"', 'r.frMinutes AS "frMinutes"', 'r.resMinutes AS "resMinutes"', 'r.outcomes AS "outcomes"'])
      .where('r.dimension = :dimension', { dimension });
    for (const c of SUMS) qb.addSelect(`r.${c}`, c);
    const parts: string[] = [];
    const params: Record<string, string> = {};
    selection.days.forEach((d, i) => {
      parts.push(`(r.grain = 'day' AND r.periodStart >= :dayFrom${i} AND r.periodStart <= :dayTo${i})`);
      params[`dayFrom${i}`] = d.from;
      params[`dayTo${i}`] = d.to;
    });
    if (selection.months) {
      parts.push("(r.grain = 'month' AND r.periodStart >= :monthFrom AND r.periodStart <= :monthTo)");
      params.monthFrom = selection.months.from;
      params.monthTo = selection.months.to;
    }
    if (!parts.length) return [];
    qb.andWhere(`(${parts.join(' OR ')})`, params);
    if (brandId) qb.andWhere('r.brandId = :brandId', { brandId });
    const raw: Array<Record<string, string | number>> = await qb.getRawMany();
    return raw.map((r) => ({
      brandId: String(r.brandId),
      periodStart: String(r.periodStart),
      dimKey: String(r.dimKey),
      tally: toTally(Object.assign({}, r, { frMinutes: JSON.parse(String(r.frMinutes)), resMinutes: JSON.parse(String(r.resMinutes)), outcomes: JSON.parse(String(r.outcomes)) }) as never),
    }));
  }

  async getState(name: string): Promise<string | null> {
    return (await this.manager.getRepository(JobState).findOneBy({ name }))?.value ?? null;
  }

  async setState(name: string, value: string): Promise<void> {
    // One statement (INSERT … ON CONFLICT), where save() would read first and then write.
    await this.manager.getRepository(JobState).upsert({ name, value }, ['name']);
  }
}
