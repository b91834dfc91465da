import type { Database } from '../db/database';
import type { Brand } from '../db/entities/brand.entity';

/** Brands change rarely (an admin's edit): each process keeps them a few seconds, per database. */
const BRAND_TTL_MS = 5_000;
const cache = new WeakMap<Database, Map<string, { brand: Promise<Brand | null>; until: number }>>();

/**
 * A brand by slug (empty: the deployment's default) or by id, read from the database at most
 * once every few seconds; requests arriving together share one read. For reads outside a
 * transaction (intake, views, e-mails); a transaction that must see the row as it is reads it
 * through its own repositories.
 */
export function cachedBrand(db: Database, by: { slug: string } | { id: string }): Promise<Brand | null> {
  const key = 'id' in by ? `id:${by.id}` : `slug:${by.slug}`;
  let brands = cache.get(db);
  if (!brands) cache.set(db, (brands = new Map()));
  let cached = brands.get(key);
  if (!cached || cached.until <= Date.now()) {
    const read = 'id' in by ? db.repos.brands.findById(by.id) : by.slug ? db.repos.brands.findBySlug(by.slug) : db.repos.brands.findDefault();
    if (brands.size > 1000) brands.clear();
    brands.set(key, (cached = { brand: read, until: Date.now() + BRAND_TTL_MS }));
    read.catch(() => brands.delete(key));
  }
  return cached.brand;
}
