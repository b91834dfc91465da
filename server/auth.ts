import { timingSafeEqual } from 'node:crypto';
import { parse as parseCookies } from 'cookie';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { AppContext } from '../core/context';
import type { Session } from '../db/entities/session.entity';
import type { User } from '../db/entities/user.entity';
import { hasRole, type Role } from '../domain/roles';
import { AppError, forbidden, unauthenticated } from './errors';
import { resolveSession, SESSION_COOKIE } from './services/auth.service';
import { bearerApiToken, scopeAllows } from '../domain/api-token';
import { resolveApiToken, type ApiTokenGrant } from './services/api-token.service';

declare module 'express-serve-static-core' {
  interface Request {
    /** `apiToken`: the request came with an API token (Authorization: Bearer gch_…), not a session cookie. */
    auth?: { user: User; session: Session; token: string; apiToken?: ApiTokenGrant };
  }
}

export const sessionToken = (cookieHeader: string | undefined) => (cookieHeader ? parseCookies(cookieHeader)[SESSION_COOKIE] : undefined);

/**
 * Attaches the signed-in user, if the request carries a valid session cookie, or the API
 * token's user when it carries one (then the cookie is ignored: a token request is the token's
 * alone). A token that is unknown, revoked or expired answers 401 `invalid_token`.
 */
export function loadSession(ctx: AppContext): RequestHandler {
  return async (req, _res, next) => {
    const apiToken = bearerApiToken(req.get('authorization'));
    if (apiToken) {
      const { user, session, grant } = await resolveApiToken(ctx, apiToken);
      req.auth = { user, session, token: '', apiToken: grant };
      return next();
    }
    const token = sessionToken(req.headers.cookie);
    const found = await resolveSession(ctx, token);
    if (found) req.auth = { ...found, token: token! };
    next();
  };
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Where the queue board's UI (axios) reads the CSRF token from, to send it back in X-XSRF-TOKEN. */
export const XSRF_COOKIE = 'XSRF-TOKEN';

/**
 * Cookie-authenticated writes must echo the session's CSRF token in X-CSRF-Token (or
 * X-XSRF-TOKEN, axios's name, which the queue board sends): a page on another site can make
 * the browser send the cookie, never read the token.
 */
export const csrfProtection: RequestHandler = (req, _res, next) => {
  // A token is sent by a script, never added by a browser to another site's request: no CSRF to fear, only its scope to respect.
  if (req.auth?.apiToken) {
    if (scopeAllows(req.auth.apiToken.scope, req.method)) return next();
    return next(new AppError(403, 'insufficient_scope', 'This API token can only read (scope read).', { scope: req.auth.apiToken.scope }));
  }
  if (!req.auth || SAFE_METHODS.has(req.method)) return next();
  const given = Buffer.from(req.get('x-csrf-token') ?? req.get('x-xsrf-token') ?? '');
  const expected = Buffer.from(req.auth.session.csrfToken);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return next(new AppError(403, 'csrf_failed', 'Missing or wrong X-CSRF-Token header; reload the page.'));
  }
  next();
};

/** Signed-in users with at least this role (manager ⊃ agent, admin ⊃ manager). */
export function requireRole(role: Role): RequestHandler {
  return (req: Request, _res: Response, next: NextFunction) => {
    if (!req.auth) return next(unauthenticated());
    if (!hasRole(req.auth.user.role, role)) return next(forbidden());
    next();
  };
}

export const currentUser = (req: Request): User => {
  if (!req.auth) throw unauthenticated();
  return req.auth.user;
};
