import type { Brand } from '../../db/entities/brand.entity';
import type { Repositories } from '../../db/database';
import type { IntakeContext } from '../../domain/ticket.schemas';
import { AppError } from '../errors';

/** The brand a report is filed with: the one named, or the deployment's default. */
export async function resolveBrand(repos: Repositories, slug: unknown): Promise<Brand> {
  const brand = typeof slug === 'string' && slug.trim() ? await repos.brands.findBySlug(slug.trim()) : await repos.brands.findDefault();
  if (!brand) {
    throw new AppError(400, 'validation_failed', 'Some fields are invalid.', [
      { field: 'brand', code: 'unknown_brand', message: 'no shop by that name' },
    ]);
  }
  return brand;
}

export function intakeContext(brand: Brand, now: Date): IntakeContext {
  return {
    acceptedCardTypes: brand.policy.acceptedCardTypes,
    currency: brand.policy.currency,
    timeZone: brand.policy.calendar.timeZone,
    now,
  };
}
