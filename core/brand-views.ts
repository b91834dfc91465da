import type { Brand } from '../db/entities/brand.entity';
import type { BrandEvent } from '../db/entities/brand-event.entity';

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

/** What an admin sees and edits of a shop (`GET /api/brands/:slug`): the whole policy. */
export function adminBrandView(brand: Brand) {
  return {
    slug: brand.slug,
    name: brand.name,
    isDefault: brand.isDefault,
    policy: brand.policy,
    updatedAt: (brand.updatedAt ?? brand.createdAt).toISOString(),
  };
}
export type AdminBrandView = ReturnType<typeof adminBrandView>;

/** One line of a shop's audit trail (`GET /api/brands/:slug/events`): who (null: the system), when, what changed. */
export function brandEventView(event: BrandEvent, actorName: string | null) {
  return { id: event.id, type: event.type, actorId: event.actorId, actorName, changes: event.data.changes, createdAt: event.createdAt.toISOString() };
}
