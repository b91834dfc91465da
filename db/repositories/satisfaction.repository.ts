import type { EntityManager } from 'typeorm';
import { SatisfactionRating } from '../entities/satisfaction-rating.entity';

export class SatisfactionRepository {
  constructor(private readonly manager: EntityManager) {}

  private get repo() {
    return this.manager.getRepository(SatisfactionRating);
  }

  /** A plain insert; the unique resolution id refuses a second rating of the same resolution. */
  async insert(rating: SatisfactionRating): Promise<void> {
    await this.repo.insert(rating);
  }

  findForResolution(resolutionEventId: number): Promise<SatisfactionRating | null> {
    return this.repo.findOneBy({ resolutionEventId });
  }

  listForTicket(ticketId: string): Promise<SatisfactionRating[]> {
    return this.repo.find({ where: { ticketId }, order: { createdAt: 'ASC' } });
  }

  /**
   * The ratings of tickets created between two days (inclusive), optionally of one brand,
   * counted in the database per group and score, and the rated tickets per group (a ticket
   * rated after two resolutions is one): a year's report reads a few hundred rows, never the
   * ratings themselves (idx_satisfaction_ratings_day).
   */
  async countsForReport(range: { from: string; to: string; brandId?: string }, groupBy: 'type' | 'brandId' | 'agentId' | 'ticketCreatedDay'): Promise<{ scores: Array<{ key: string; score: number; n: number }>; tickets: Array<{ key: string; n: number }> }> {
    const scoped = () => {
      const qb = this.repo.createQueryBuilder('r').where('r.ticketCreatedDay >= :from AND r.ticketCreatedDay <= :to', { from: range.from, to: range.to });
      if (range.brandId) qb.andWhere('r.brandId = :brandId', { brandId: range.brandId });
      return qb;
    };
    const key = `COALESCE(r.${groupBy}, '')`;
    const scores: Array<{ key: string; score: string | number; n: string | number }> = await scoped()
      .select(key, 'key')
      .addSelect('r.score', 'score')
      .addSelect('COUNT(*)', 'n')
      .groupBy(key)
      .addGroupBy('r.score')
      .getRawMany();
    const tickets: Array<{ key: string; n: string | number }> = await scoped().select(key, 'key').addSelect('COUNT(DISTINCT r.ticketId)', 'n').groupBy(key).getRawMany();
    return {
      scores: scores.map((r) => ({ key: r.key, score: Number(r.score), n: Number(r.n) })),
      tickets: tickets.map((r) => ({ key: r.key, n: Number(r.n) })),
    };
  }
}
