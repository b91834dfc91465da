import { createHash, randomBytes, randomUUID } from 'node:crypto';
import argon2 from 'argon2';
import type { AppContext } from '../../core/context';
import type { Session } from '../../db/entities/session.entity';
import type { User } from '../../db/entities/user.entity';
import { isUniqueViolation } from '../../db/errors';
import type { Role } from '../../domain/roles';
import { AppError } from '../errors';

export const SESSION_COOKIE = 'guichet_session';
export const SESSION_TTL_MS = 12 * 3600_000;
/** Consecutive failures before an account is locked, and for how long. */
export const MAX_FAILED_LOGINS = 5;
export const LOCK_MS = 15 * 60_000;

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const hashPassword = (password: string) => argon2.hash(password, { type: argon2.argon2id });

/** Verified against when the e-mail is unknown, so timing does not tell which accounts exist. */
let decoyHash: Promise<string> | undefined;
const decoy = () => (decoyHash ??= hashPassword(randomBytes(16).toString('hex')));


export interface SignedIn {
  user: User;
  token: string;
  session: Session;
}

/**
 * Checks a password. Each failure is slower than the last (250 ms doubling, up to 4 s);
 * after MAX_FAILED_LOGINS in a row the account is locked for LOCK_MS.
 */
export async function signIn(ctx: AppContext, email: string, password: string): Promise<SignedIn> {
  const now = ctx.now();
  const user = await ctx.db.repos.users.findByEmail(email);
  if (!user || user.disabledAt) {
    await argon2.verify(await decoy(), password);
    throw new AppError(401, 'invalid_credentials', 'Wrong e-mail or password.');
  }
  if (user.lockedUntil && user.lockedUntil > now) {
    const retryAfter = Math.ceil((user.lockedUntil.getTime() - now.getTime()) / 1000);
    throw new AppError(429, 'account_locked', 'Too many failed sign-ins: this account is locked for a while.', { retryAfterSeconds: retryAfter });
  }
  if (!(await argon2.verify(user.passwordHash, password))) {
    const failures = await ctx.db.repos.users.recordFailedLogin(user.id);
    if (failures >= MAX_FAILED_LOGINS) {
      await ctx.db.repos.users.update(user.id, { lockedUntil: new Date(now.getTime() + LOCK_MS), failedLoginCount: 0 });
      ctx.logger.warn({ user: user.id }, 'account locked after repeated failed sign-ins');
    }
    await sleep(Math.min(250 * 2 ** (failures - 1), 4000));
    throw new AppError(401, 'invalid_credentials', 'Wrong e-mail or password.');
  }
  await ctx.db.repos.users.update(user.id, { failedLoginCount: 0, lockedUntil: null, lastLoginAt: now });
  const token = randomBytes(32).toString('base64url');
  const session: Session = {
    tokenHash: sha256(token),
    userId: user.id,
    csrfToken: randomBytes(24).toString('base64url'),
    createdAt: now,
    expiresAt: new Date(now.getTime() + SESSION_TTL_MS),
  };
  await ctx.db.repos.sessions.insert(session);
  return { user, token, session };
}

/** The session and user behind a cookie token, or null (unknown, expired, disabled). */
export async function resolveSession(ctx: AppContext, token: string | undefined): Promise<{ user: User; session: Session } | null> {
  if (!token) return null;
  const session = await ctx.db.repos.sessions.findByTokenHash(sha256(token));
  if (!session || session.expiresAt <= ctx.now()) return null;
  const user = await ctx.db.repos.users.findById(session.userId);
  if (!user || user.disabledAt) return null;
  return { user, session };
}

/** Ends the session, and the sockets opened with it (after: a reconnect finds it gone). */
export async function signOut(ctx: AppContext, token: string): Promise<void> {
  const tokenHash = sha256(token);
  await ctx.db.repos.sessions.delete(tokenHash);
  ctx.notifier.endSockets({ tokenHash });
}

const emailTaken = () => new AppError(409, 'email_taken', 'A user with this e-mail already exists.');

/** A new user; an e-mail already taken is a 409, also when two admins create it at the same moment. */
export async function createUser(ctx: Pick<AppContext, 'db' | 'now'>, input: { email: string; name: string; role: Role; password: string }): Promise<User> {
  if (await ctx.db.repos.users.findByEmail(input.email)) throw emailTaken();
  const user: User = {
    id: randomUUID(),
    email: input.email.toLowerCase(),
    name: input.name,
    role: input.role,
    passwordHash: await hashPassword(input.password),
    failedLoginCount: 0,
    lockedUntil: null,
    lastLoginAt: null,
    disabledAt: null,
    createdAt: ctx.now(),
    language: 'fr',
    alertPreferences: null,
    watchedBrandIds: null,
  };
  try {
    await ctx.db.repos.users.insert(user);
  } catch (err) {
    // The check above and this insert are not atomic: the unique index on users.email decides.
    if (isUniqueViolation(err)) throw emailTaken();
    throw err;
  }
  return user;
}

/** Development only: the demo accounts README.md lists, created in an empty database. */
export const demoUsers = [
  { email: 'agent@guichet.local', name: 'Alice Agent', role: 'agent', password: 'guichet-agent-demo' },
  { email: 'manager@guichet.local', name: 'Marc Manager', role: 'manager', password: 'guichet-manager-demo' },
  { email: 'admin@guichet.local', name: 'Ada Admin', role: 'admin', password: 'guichet-admin-demo' },
] as const;

export async function ensureDemoUsers(ctx: AppContext): Promise<typeof demoUsers | null> {
  if (ctx.config.NODE_ENV === 'production' || (await ctx.db.repos.users.count()) > 0) return null;
  for (const u of demoUsers) await createUser(ctx, u);
  return demoUsers;
}

export function announceDemoUsers(created: typeof demoUsers | null): void {
  if (!created) return;
  const lines = created.map((u) => `  ${u.role.padEnd(8)} ${u.email.padEnd(24)} ${u.password}`);
  console.log(`\nDemo users (development only):\n${lines.join('\n')}\n`);
}
