import type { EntityManager } from 'typeorm';
import { insertRows } from '../bulk-insert';
import { EvidenceFile } from '../entities/evidence-file.entity';

export class EvidenceFileRepository {
  constructor(private readonly manager: EntityManager) {}

  private get repo() {
    return this.manager.getRepository(EvidenceFile);
  }

  insert(files: EvidenceFile[]): Promise<void> {
    return insertRows(this.manager, EvidenceFile, files);
  }

  listForTicket(ticketId: string): Promise<EvidenceFile[]> {
    return this.repo.find({ where: { ticketId }, order: { createdAt: 'ASC' } });
  }

  /** The customer's proofs per ticket, for tickets that have any (agents' attachments are not proofs). */
  async countForTickets(ticketIds: string[]): Promise<Map<string, number>> {
    if (!ticketIds.length) return new Map();
    const rows: Array<{ ticketId: string; n: string | number }> = await this.repo
      .createQueryBuilder('f')
      .select('f.ticketId', 'ticketId')
      .addSelect('COUNT(*)', 'n')
      .where('f.ticketId IN (:...ticketIds)', { ticketIds })
      .andWhere("f.addedBy = 'customer'")
      .groupBy('f.ticketId')
      .getRawMany();
    return new Map(rows.map((r) => [r.ticketId, Number(r.n)]));
  }
}
