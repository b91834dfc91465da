import { createHash, randomBytes } from 'node:crypto';

/*
 * API tokens for integrations (scripts, a shop's back office): issued by an admin, shown once,
 * stored as their SHA-256 only. A token is 32 random bytes, so a fast hash is enough (no
 * dictionary to try, as for a password); the `gch_` prefix lets secret scanners find a leaked
 * one, and keeps it apart from a customer's access token (43 characters, no prefix).
 */

export const API_TOKEN_PREFIX = 'gch_';
export const apiTokenScopes = ['read', 'write'] as const;
export type ApiTokenScope = (typeof apiTokenScopes)[number];

/** `gch_` and 32 bytes in base64url (43 characters). */
const TOKEN_SHAPE = /^gch_[A-Za-z0-9_-]{43}$/;

export const isApiTokenShaped = (value: string) => TOKEN_SHAPE.test(value);

export function generateApiToken(): string {
  return API_TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

export const hashApiToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** What lists show of a token: its prefix and first characters, enough to tell two apart, too few to guess it. */
export const apiTokenDisplayPrefix = (token: string) => token.slice(0, API_TOKEN_PREFIX.length + 6);

/** The bearer token of an `Authorization` header when it has a Guichet API token's shape, else null. */
export function bearerApiToken(header: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match && isApiTokenShaped(match[1]) ? match[1] : null;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** A read token only reads; a write token does what an agent may (never what only a manager or an admin may: its user is an agent). */
export const scopeAllows = (scope: ApiTokenScope, method: string) => scope === 'write' || SAFE_METHODS.has(method.toUpperCase());

export type ApiTokenState = 'active' | 'expired' | 'revoked';

export function apiTokenState(token: { revokedAt: Date | null; expiresAt: Date | null }, now: Date): ApiTokenState {
  if (token.revokedAt) return 'revoked';
  if (token.expiresAt && token.expiresAt <= now) return 'expired';
  return 'active';
}

/** Last use is written at most this often per token: a busy script does not write on every request. */
export const LAST_USED_EVERY_MS = 5 * 60_000;

export const lastUsedIsStale = (lastUsedAt: Date | null, now: Date) => !lastUsedAt || now.getTime() - lastUsedAt.getTime() >= LAST_USED_EVERY_MS;

/** How a token appears as a user (the timeline, assignments): "API: <name>". */
export const integrationUserName = (tokenName: string) => `API: ${tokenName}`.slice(0, 120);

/** The integration user's e-mail: on the reserved `.invalid` domain, so no mail can ever reach anyone. */
export const integrationUserEmail = (tokenId: string) => `api-token-${tokenId}@integrations.invalid`;

/** A token's user: managed from the token (issued, revoked), never as a person on the users screen. */
export const isIntegrationUser = (user: { email: string }) => user.email.endsWith('@integrations.invalid');
