import { randomBytes, randomUUID } from 'node:crypto';
import type { AppContext } from '../../core/context';
import type { ApiToken } from '../../db/entities/api-token.entity';
import type { Session } from '../../db/entities/session.entity';
import type { User } from '../../db/entities/user.entity';
import {
  apiTokenDisplayPrefix,
  apiTokenState,
  generateApiToken,
  hashApiToken,
  integrationUserEmail,
  integrationUserName,
  LAST_USED_EVERY_MS,
  lastUsedIsStale,
  type ApiTokenScope,
} from '../../domain/api-token';
import type { ApiTokenCreate, ApiTokenView } from '../../domain/api-token.schemas';
import { AppError, notFound } from '../errors';
import { hashPassword } from './auth.service';

/*
 * API tokens. Each token acts as a user of its own (role agent, named "API: <name>"), so what
 * a script does is attributed to it on the timeline like any agent's action, and agent routes
 * need nothing new. That user is created disabled: no password opens it (a random one nobody
 * saw), it is nobody's colleague to assign to, and no alert goes to it. The token never
 * reaches a manager's or an admin's route (its role is agent), and a read token only reads.
 */

export function apiTokenView(t: ApiToken, now: Date, createdBy: string | null): ApiTokenView {
  return {
    id: t.id,
    name: t.name,
    scope: t.scope,
    prefix: t.prefix,
    state: apiTokenState(t, now),
    userId: t.userId,
    createdBy,
    createdAt: t.createdAt.toISOString(),
    expiresAt: t.expiresAt?.toISOString() ?? null,
    lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
    revokedAt: t.revokedAt?.toISOString() ?? null,
  };
}

async function creatorNames(ctx: AppContext, tokens: ApiToken[]): Promise<Map<string, string>> {
  const ids = [...new Set(tokens.map((t) => t.createdById).filter((id): id is string => !!id))];
  return new Map((await ctx.db.repos.users.findByIds(ids)).map((u) => [u.id, u.name]));
}

export async function listApiTokens(ctx: AppContext): Promise<ApiTokenView[]> {
  const tokens = await ctx.db.repos.apiTokens.list();
  const names = await creatorNames(ctx, tokens);
  const now = ctx.now();
  return tokens.map((t) => apiTokenView(t, now, t.createdById ? names.get(t.createdById) ?? null : null));
}

/** A new token and its user, in one transaction; the token is in the answer and nowhere else. */
export async function issueApiToken(ctx: AppContext, admin: User, input: ApiTokenCreate): Promise<ApiTokenView & { token: string }> {
  const now = ctx.now();
  const expiresAt = input.expiresAt ? new Date(input.expiresAt) : null;
  if (expiresAt && expiresAt <= now) {
    throw new AppError(400, 'validation_failed', 'Some fields are invalid.', [{ field: 'expiresAt', code: 'too_small', message: 'must be in the future' }]);
  }
  const token = generateApiToken();
  const id = randomUUID();
  const user: User = {
    id: randomUUID(),
    email: integrationUserEmail(id),
    name: integrationUserName(input.name),
    role: 'agent',
    passwordHash: await hashPassword(randomBytes(32).toString('base64url')),
    failedLoginCount: 0,
    lockedUntil: null,
    lastLoginAt: null,
    disabledAt: now,
    createdAt: now,
    language: 'fr',
    alertPreferences: null,
    watchedBrandIds: null,
  };
  const row: ApiToken = {
    id,
    name: input.name,
    scope: input.scope,
    tokenHash: hashApiToken(token),
    prefix: apiTokenDisplayPrefix(token),
    userId: user.id,
    createdById: admin.id,
    createdAt: now,
    expiresAt,
    lastUsedAt: null,
    revokedAt: null,
  };
  await ctx.db.transaction(async (repos) => {
    await repos.users.insert(user);
    await repos.apiTokens.insert(row);
  });
  ctx.logger.info({ apiToken: id, scope: input.scope, by: admin.id }, 'API token issued');
  return { ...apiTokenView(row, now, admin.name), token };
}

export async function revokeApiToken(ctx: AppContext, id: string, admin: User): Promise<ApiTokenView> {
  const now = ctx.now();
  if (!(await ctx.db.repos.apiTokens.findById(id))) throw notFound('API token');
  if (await ctx.db.repos.apiTokens.revoke(id, now)) ctx.logger.info({ apiToken: id, by: admin.id }, 'API token revoked');
  const token = (await ctx.db.repos.apiTokens.findById(id))!;
  const names = await creatorNames(ctx, [token]);
  return apiTokenView(token, now, token.createdById ? names.get(token.createdById) ?? null : null);
}

export const invalidToken = () => new AppError(401, 'invalid_token', 'This API token is unknown, revoked or expired.');

export interface ApiTokenGrant {
  id: string;
  name: string;
  scope: ApiTokenScope;
}

/**
 * The user and grant behind a bearer API token, or an `invalid_token` error. Last use is
 * written at most every LAST_USED_EVERY_MS, without waiting for it.
 */
export async function resolveApiToken(ctx: AppContext, token: string): Promise<{ user: User; session: Session; grant: ApiTokenGrant }> {
  const now = ctx.now();
  const row = await ctx.db.repos.apiTokens.findByHash(hashApiToken(token));
  if (!row || apiTokenState(row, now) !== 'active') throw invalidToken();
  const user = await ctx.db.repos.users.findById(row.userId);
  if (!user) throw invalidToken();
  if (lastUsedIsStale(row.lastUsedAt, now)) {
    void ctx.db.repos.apiTokens
      .touchLastUsed(row.id, now, new Date(now.getTime() - LAST_USED_EVERY_MS))
      .catch((err) => ctx.logger.debug({ err: String(err), apiToken: row.id }, 'API token last use not recorded'));
  }
  // No cookie, so no CSRF token: csrfProtection lets a token's writes through on its scope instead.
  const session: Session = { tokenHash: '', userId: user.id, csrfToken: '', createdAt: row.createdAt, expiresAt: row.expiresAt ?? new Date(8.64e15) };
  return { user, session, grant: { id: row.id, name: row.name, scope: row.scope } };
}
