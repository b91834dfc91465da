import type { User } from '../db/entities/user.entity';

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
