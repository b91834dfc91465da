import type { EntityManager } from 'typeorm';
import { Macro, MacroSeeding } from '../entities/macro.entity';

export class MacroRepository {
  constructor(private readonly manager: EntityManager) {}

  private get repo() {
    return this.manager.getRepository(Macro);
  }

  private get seedings() {
    return this.manager.getRepository(MacroSeeding);
  }

  findById(id: string): Promise<Macro | null> {
    return this.repo.findOneBy({ id });
  }

  /** A shop's macros, by language then name. */
  listForBrand(brandId: string, language?: string): Promise<Macro[]> {
    return this.repo.find({ where: language ? { brandId, language: language as Macro['language'] } : { brandId }, order: { language: 'ASC', name: 'ASC' } });
  }

  findByName(brandId: string, language: string, name: string): Promise<Macro | null> {
    return this.repo.findOneBy({ brandId, language: language as Macro['language'], name });
  }

  async insert(macros: Macro[]): Promise<void> {
    if (macros.length) await this.repo.insert(macros);
  }

  /** Writes the changes if the macro is still at `version` (bumping it); false when someone changed it meanwhile. */
  async updateIfVersion(macro: Macro, version: number, changes: Partial<Omit<Macro, 'id' | 'brandId' | 'createdAt' | 'version'>>): Promise<boolean> {
    const result = await this.repo.update({ id: macro.id, version }, { ...changes, version: version + 1 });
    if (!result.affected) return false;
    Object.assign(macro, changes, { version: version + 1 });
    return true;
  }

  async delete(id: string): Promise<void> {
    await this.repo.delete({ id });
  }

  isSeeded(brandId: string): Promise<boolean> {
    return this.seedings.existsBy({ brandId });
  }

  /** Marks the shop seeded; the primary key refuses a second marking (two processes seeding at once). */
  async markSeeded(brandId: string, at: Date): Promise<void> {
    await this.seedings.insert({ brandId, seededAt: at });
  }
}
