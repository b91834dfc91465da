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

  /** The ratings of tickets created between two days (inclusive), optionally of one brand (idx_satisfaction_ratings_day). */
  async findForReport(range: { from: string; to: string; brandId?: string }): Promise<Array<Pick<SatisfactionRating, 'ticketId' | 'brandId' | 'type' | 'agentId' | 'ticketCreatedDay' | 'score'>>> {
    const qb = this.repo
      .createQueryBuilder('r')
      .select(['r.ticketId AS "ticketId"', 'r.brandId AS "brandId"', 'r.type AS "type"', 'r.agentId AS "agentId"', 'r.ticketCreatedDay AS "ticketCreatedDay"', 'r.score AS "score"'])
      .where('r.ticketCreatedDay >= :from AND r.ticketCreatedDay <= :to', { from: range.from, to: range.to });
    if (range.brandId) qb.andWhere('r.brandId = :brandId', { brandId: range.brandId });
    const rows: Array<{ ticketId: string; brandId: string; type: SatisfactionRating['type']; agentId: string | null; ticketCreatedDay: string; score: number | string }> = await qb.getRawMany();
    return rows.map((r) => ({ ...r, score: Number(r.score) }));
  }
}
