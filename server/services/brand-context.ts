import type { Brand } from '../../db/entities/brand.entity';
import { cachedBrand } from '../../core/brands';
import type { Database } from '../../db/database';
import { clientText } from '../../domain/input.schemas';
import { intakeSchema, type IntakeContext } from '../../domain/ticket.schemas';
import { AppError } from '../errors';

const brandSlug = clientText(64);

/**
 * The brand a report is filed with: the one named (the form at `/s/<slug>` sends it), else the
 * one whose policy lists the host name the request came to (a shop's own domain), else the
 * deployment's default. A value that cannot be a slug (not text, too long, a NUL) names no
 * shop and is never looked up.
 */
export async function resolveBrand(db: Database, slug: unknown, host?: string): Promise<Brand> {
  const blank = slug === undefined || (typeof slug === 'string' && slug.trim() === '');
  const valid = brandSlug.safeParse(slug);
  const byHost = blank && host ? await cachedBrand(db, { host: host.toLowerCase() }) : null;
  const brand = byHost ?? (blank ? await cachedBrand(db, { slug: '' }) : valid.success ? await cachedBrand(db, { slug: valid.data }) : null);
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
