import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { parseBrandPolicy } from '../../domain/brand-policy';
import { defaultBrand } from '../../domain/brand-presets';
import { BrandEvent } from '../entities/brand-event.entity';
import { Brand } from '../entities/brand.entity';

export type NewBrandEvent = Pick<BrandEvent, 'brandId' | 'actorId' | 'type' | 'data' | 'createdAt'>;

export class BrandRepository {
  constructor(private readonly manager: EntityManager) {}

  private get repo() {
    return this.manager.getRepository(Brand);
  }

  private get events() {
    return this.manager.getRepository(BrandEvent);
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

  /** The brand as it is now, held until the transaction ends (PostgreSQL locks the row; SQLite's transactions run one at a time). */
  async findBySlugForUpdate(slug: string): Promise<Brand | null> {
    const qb = this.repo.createQueryBuilder('b').where('b.slug = :slug', { slug });
    return this.parsed(await (this.manager.connection.options.type === 'postgres' ? qb.setLock('pessimistic_write') : qb).getOne());
  }

  async findDefault(): Promise<Brand | null> {
    return this.parsed(await this.repo.findOne({ where: { isDefault: true }, order: { createdAt: 'ASC' } }));
  }

  async insert(brand: Brand): Promise<void> {
    await this.repo.insert({ ...brand, updatedAt: brand.updatedAt ?? brand.createdAt });
  }

  /** A new name or policy (the caller has validated the policy). */
  /** Brands whose deadlines recompute was asked before `before` and not done (a process died mid-way). */
  async findRecomputeDue(before: Date): Promise<Brand[]> {
    const rows = await this.repo.createQueryBuilder('b').where('b.recomputeRequestedAt IS NOT NULL AND b.recomputeRequestedAt < :before', { before: before.getTime() }).getMany();
    return rows.map((b) => this.parsed(b)!);
  }

  /** The recompute asked at `requestedAt` is done (a later request, from a newer change, stays). */
  async recomputeDone(brandId: string, requestedAt: Date): Promise<void> {
    await this.repo.createQueryBuilder().update(Brand).set({ recomputeRequestedAt: null }).where('id = :brandId AND recomputeRequestedAt = :at', { brandId, at: requestedAt.getTime() }).execute();
  }

  async update(brand: Brand, changes: Pick<Brand, 'name' | 'policy'> & { updatedAt: Date; recomputeRequestedAt?: Date | null }): Promise<Brand> {
    await this.repo.update({ id: brand.id }, changes);
    return Object.assign(brand, changes);
  }

  async list(): Promise<Brand[]> {
    return (await this.repo.find({ order: { createdAt: 'ASC' } })).map((b) => this.parsed(b)!);
  }

  /** The brand whose policy lists this host name (brands are few: read whole, like list()). */
  async findByHostName(host: string): Promise<Brand | null> {
    return (await this.list()).find((b) => b.policy.hostNames.includes(host)) ?? null;
  }

  appendEvent(event: NewBrandEvent): Promise<unknown> {
    return this.events.insert(this.events.create(event) as never);
  }

  /** A brand's audit trail, newest first, `before` an id for the next page. */
  listEvents(brandId: string, page: { limit: number; before?: number }): Promise<BrandEvent[]> {
    const qb = this.events.createQueryBuilder('e').where('e.brandId = :brandId', { brandId });
    if (page.before) qb.andWhere('e.id < :before', { before: page.before });
    return qb.orderBy('e.id', 'DESC').limit(page.limit).getMany();
  }

  /** An empty database gets the brand described by the seeds. */
  async ensureDefault(): Promise<Brand> {
    const existing = await this.findDefault();
    if (existing) return existing;
    const now = new Date();
    const brand = this.repo.create({ id: randomUUID(), ...defaultBrand, isDefault: true, createdAt: now, updatedAt: now });
    await this.repo.insert(brand);
    return brand;
  }
}
