import type { EntityManager } from 'typeorm';
import { EvidenceFile } from '../entities/evidence-file.entity';

export class EvidenceFileRepository {
  constructor(private readonly manager: EntityManager) {}

  private get repo() {
    return this.manager.getRepository(EvidenceFile);
  }

  async insert(files: EvidenceFile[]): Promise<void> {
    if (files.length) await this.repo.insert(files);
  }

  listForTicket(ticketId: string): Promise<EvidenceFile[]> {
    return this.repo.find({ where: { ticketId }, order: { createdAt: 'ASC' } });
  }

  countForTicket(ticketId: string): Promise<number> {
    return this.repo.countBy({ ticketId });
  }
}
