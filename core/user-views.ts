import type { Brand } from '../db/entities/brand.entity';
import type { User } from '../db/entities/user.entity';
import { alertLanguage, alertPreferencesOf } from '../domain/alerts';
import { hasRole } from '../domain/roles';

/*
 * What the API answers about users, built here once: the routes send these, and
 * the web client imports their types (client/src/api.ts).
 */

/** A staff user as colleagues and the signed-in user see them. */
export function publicUser(u: User) {
  return { id: u.id, email: u.email, name: u.name, role: u.role };
}
export type PublicUser = ReturnType<typeof publicUser>;

/** What admins see of a user: whether it is disabled, and until when it is locked (null once the lock has passed). */
export function adminUserView(u: User, now: Date) {
  return {
    ...publicUser(u),
    disabled: !!u.disabledAt,
    disabledAt: u.disabledAt?.toISOString() ?? null,
    lockedUntil: u.lockedUntil && u.lockedUntil > now ? u.lockedUntil.toISOString() : null,
    lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
  };
}
export type AdminUserView = ReturnType<typeof adminUserView>;

/**
 * A user's alert settings (`GET /api/me/alerts`): the language their e-mails are written in,
 * each kind on or off, the shops they watch (null: all), and the shops there are to choose from.
 */
export function alertSettingsView(u: User, brands: readonly Brand[]) {
  return {
    language: alertLanguage(u.language),
    preferences: alertPreferencesOf(u.alertPreferences),
    watchedBrandIds: u.watchedBrandIds ?? null,
    /** Only managers and admins hear about unassigned tickets, so only they choose shops. */
    watchesBrands: hasRole(u.role, 'manager'),
    brands: brands.map((b) => ({ id: b.id, slug: b.slug, name: b.name })),
  };
}
export type AlertSettingsView = ReturnType<typeof alertSettingsView>;
