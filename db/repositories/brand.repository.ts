import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { defaultBrand, parseBrandPolicy } from '../../domain/brand-policy';
import { Brand } from '../entities/brand.entity';

export class BrandRepository {
  constructor(private readonly manager: EntityManager) {}

  private get repo() {
    return this.manager.getRepository(Brand);
  }

  private parsed(brand: Brand | null): Brand | null {
    if (brand) brand.policy = parseBrandPolicy(brand.name, brand.policy);
    return brand;
  }

  async findBySlug(slug: string): Promise<Brand | null> {
    return this.parsed(await this.repo.findOneBy({ slug }));
  }

  async findById(id: string): Promise<Brand | null> {
    return this.parsed(await this.repo.findOneBy({ id }));
  }

  async findDefault(): Promise<Brand | null> {
    return this.parsed(await this.repo.findOne({ where: { isDefault: true }, order: { createdAt: 'ASC' } }));
  }

  async insert(brand: Brand): Promise<void> {
    await this.repo.insert(brand);
  }

  async list(): Promise<Brand[]> {
    return (await this.repo.find({ order: { createdAt: 'ASC' } })).map((b) => this.parsed(b)!);
  }

  /** An empty database gets the brand described by the seeds. */
  async ensureDefault(): Promise<Brand> {
    const existing = await this.findDefault();
    if (existing) return existing;
    const brand = this.repo.create({ id: randomUUID(), ...defaultBrand, isDefault: true, createdAt: new Date() });
    await this.repo.insert(brand);
    return brand;
  }
}
