import { serialize } from 'cookie';
import { Router } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { AppContext } from '../../core/context';
import { loginSchema } from '../../domain/agent-actions.schemas';
import { AppError } from '../errors';
import { validate } from '../validate';
import { publicUser } from '../../core/user-views';
import { SESSION_COOKIE, SESSION_TTL_MS, signIn, signOut } from '../services/auth.service';

/** Sign-in with an httpOnly, SameSite session cookie; the CSRF token comes back in the body. */
export function authRoutes(ctx: AppContext): Router {
  const secure = ctx.config.NODE_ENV === 'production';
  const cookie = (value: string, maxAgeMs: number) =>
    serialize(SESSION_COOKIE, value, { httpOnly: true, sameSite: 'lax', secure, path: '/', maxAge: Math.floor(maxAgeMs / 1000) });
  // Per address, on top of the per-account slow-down and lock.
  const limiter = rateLimit({
    windowMs: 15 * 60_000,
    limit: 50,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req, _res, next) => next(new AppError(429, 'too_many_attempts', 'Too many sign-in attempts from here; wait a few minutes.')),
  });

  const router = Router();
  router.post('/login', limiter, validate({ body: loginSchema }, async ({ body }, _req, res) => {
    const { user, token, session } = await signIn(ctx, body.email, body.password);
    res.set('Set-Cookie', cookie(token, SESSION_TTL_MS)).json({ user: publicUser(user), csrfToken: session.csrfToken });
  }));
  router.post('/logout', async (req, res) => {
    if (req.auth) await signOut(ctx, req.auth.token);
    res.set('Set-Cookie', cookie('', 0)).status(204).end();
  });
  // Anonymous visitors get { user: null } rather than a 401 the browser would log as an error.
  router.get('/me', (req, res) => {
    res.set('Cache-Control', 'no-store').json(req.auth ? { user: publicUser(req.auth.user), csrfToken: req.auth.session.csrfToken } : { user: null, csrfToken: null });
  });
  return router;
}
