import type { Brand } from '../../db/entities/brand.entity';
import type { Database } from '../../db/database';
import { intakeSchema, type IntakeContext } from '../../domain/ticket.schemas';
import { AppError } from '../errors';

/** Brands change rarely (an admin's edit): each process keeps them a few seconds, per database. */
const BRAND_TTL_MS = 5_000;
const cache = new WeakMap<Database, Map<string, { brand: Promise<Brand | null>; until: number }>>();

/** The brand a report is filed with: the one named, or the deployment's default. */
export async function resolveBrand(db: Database, slug: unknown): Promise<Brand> {
  const key = typeof slug === 'string' && slug.trim() ? slug.trim() : '';
  let brands = cache.get(db);
  if (!brands) cache.set(db, (brands = new Map()));
  let cached = brands.get(key);
  if (!cached || cached.until <= Date.now()) {
    // The promise is what is kept, so requests arriving together share one read.
    const read = key ? db.repos.brands.findBySlug(key) : db.repos.brands.findDefault();
    if (brands.size > 1000) brands.clear();
    brands.set(key, (cached = { brand: read, until: Date.now() + BRAND_TTL_MS }));
    read.catch(() => brands.delete(key));
  }
  const brand = await cached.brand;
  if (!brand) {
    throw new AppError(400, 'validation_failed', 'Some fields are invalid.', [
      { field: 'brand', code: 'unknown_brand', message: 'no shop by that name' },
    ]);
  }
  return brand;
}

export function intakeContext(brand: Brand, now: () => Date): IntakeContext {
  return {
    acceptedCardTypes: brand.policy.acceptedCardTypes,
    currency: brand.policy.currency,
    timeZone: brand.policy.calendar.timeZone,
    now,
  };
}

/** The intake schema of a brand, built once per brand object (building one costs more than parsing with it). */
const schemas = new WeakMap<Brand, ReturnType<typeof intakeSchema>>();
export function intakeSchemaFor(brand: Brand, now: () => Date): ReturnType<typeof intakeSchema> {
  let schema = schemas.get(brand);
  if (!schema) {
    schema = intakeSchema(intakeContext(brand, now));
    schemas.set(brand, schema);
  }
  return schema;
}
