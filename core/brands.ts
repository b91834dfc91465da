import type IORedis from 'ioredis';
import type { Database } from '../db/database';
import type { Brand } from '../db/entities/brand.entity';
import type { AppContext } from './context';
import { brandsChangedChannel } from './notifier';

/**
 * Brands change rarely (an admin's edit): each process keeps them a few seconds, per database.
 * An edit empties the cache of every process at once (`brandChanged`, through Redis); the
 * few seconds bound how stale a process can be when that message is lost (Redis down).
 */
const BRAND_TTL_MS = 5_000;
const cache = new WeakMap<Database, Map<string, { brand: Promise<Brand | null>; until: number }>>();

export type BrandLookup = { slug: string } | { id: string } | { host: string };

/**
 * A brand by slug (empty: the deployment's default), by id, or by one of its host names, read
 * from the database at most once every few seconds; requests arriving together share one read.
 * For reads outside a transaction (intake, views, e-mails); a transaction that must see the
 * row as it is reads it through its own repositories.
 */
export function cachedBrand(db: Database, by: BrandLookup): Promise<Brand | null> {
  const key = 'id' in by ? `id:${by.id}` : 'host' in by ? `host:${by.host}` : `slug:${by.slug}`;
  let brands = cache.get(db);
  if (!brands) cache.set(db, (brands = new Map()));
  let cached = brands.get(key);
  if (!cached || cached.until <= Date.now()) {
    const read =
      'id' in by ? db.repos.brands.findById(by.id) : 'host' in by ? db.repos.brands.findByHostName(by.host) : by.slug ? db.repos.brands.findBySlug(by.slug) : db.repos.brands.findDefault();
    if (brands.size > 1000) brands.clear();
    brands.set(key, (cached = { brand: read, until: Date.now() + BRAND_TTL_MS }));
    read.catch(() => brands.delete(key));
  }
  return cached.brand;
}

/** Forgets every brand this process holds (each database's): the next read goes to the database. */
export function forgetCachedBrands(db: Database): void {
  cache.delete(db);
}

/**
 * After a brand's change is committed: this process forgets its brands now, and every other
 * one when it hears the announcement (best effort: the TTL catches a lost one).
 */
export async function brandChanged(ctx: AppContext, brandId: string): Promise<void> {
  forgetCachedBrands(ctx.db);
  await ctx.notifier.brandChanged(brandId);
}

/** Listens for brand changes announced by other processes (a subscriber needs its own connection). */
export async function listenForBrandChanges(db: Database, subscriber: IORedis, prefix: string): Promise<void> {
  subscriber.on('message', (channel) => {
    if (channel === brandsChangedChannel(prefix)) forgetCachedBrands(db);
  });
  await subscriber.subscribe(brandsChangedChannel(prefix));
}
