import type { Brand } from '../db/entities/brand.entity';

/** What the public report form needs to know of a shop (`GET /api/brands/current`). */
export function publicBrandView(brand: Brand) {
  const p = brand.policy;
  return {
    slug: brand.slug,
    name: brand.name,
    acceptedCardTypes: p.acceptedCardTypes,
    currency: p.currency,
    timeZone: p.calendar.timeZone,
    openDays: p.calendar.openDays,
    windows: p.calendar.windows,
    supportEmail: p.supportEmail,
    defaultLanguage: p.defaultLanguage,
    firstResponseMinutes: p.sla.firstResponseMinutes,
  };
}
export type PublicBrandView = ReturnType<typeof publicBrandView>;
