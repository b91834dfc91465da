import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../../core/context';
import { userCreateSchema, userListQuerySchema, userUpdateSchema } from '../../domain/agent-actions.schemas';
import { isIntegrationUser } from '../../domain/api-token';
import { hasRole } from '../../domain/roles';
import { requireRole } from '../auth';
import { AppError, notFound } from '../errors';
import { adminUserView as adminView, publicUser } from '../../core/user-views';
import { createUser, hashPassword } from '../services/auth.service';
import { validate } from '../validate';

/**
 * Agents list their active colleagues (to assign: every role's ticket page asks for this);
 * admins list every user with `include=disabled`, and create, change, disable and unlock users.
 */
export function userRoutes(ctx: AppContext): Router {
  const router = Router();
  router.get('/', requireRole('agent'), validate({ query: userListQuerySchema }, async ({ query }, req, res) => {
    // API tokens' users belong to the integrations screen: enabled with a password here, one would become an account that signs in.
    const users = (await ctx.db.repos.users.list()).filter((u) => !isIntegrationUser(u));
    if (!query.include) {
      res.json({ items: users.filter((u) => !u.disabledAt).map(publicUser) });
      return;
    }
    if (!hasRole(req.auth!.user.role, 'admin')) throw new AppError(403, 'forbidden', 'Only admins see disabled users.');
    const now = ctx.now();
    res.json({ items: users.map((u) => adminView(u, now)) });
  }));
  router.post('/', requireRole('admin'), validate({ body: userCreateSchema }, async ({ body }, _req, res) => {
    res.status(201).json(adminView(await createUser(ctx, body), ctx.now()));
  }));
  router.patch('/:id', requireRole('admin'), validate({ body: userUpdateSchema }, async ({ body }, req, res) => {
    // An id that cannot be a user's names no user: 404, like an unknown one.
    const id = z.uuid().safeParse(req.params.id);
    if (!Object.keys(body).length) throw new AppError(400, 'nothing_to_change', 'Give at least one of name, role, disabled, password or unlock.');
    const user = id.success ? await ctx.db.repos.users.findById(id.data) : null;
    if (!user || isIntegrationUser(user)) throw notFound('user');
    if (user.id === req.auth!.user.id && (body.disabled || (body.role && body.role !== 'admin'))) {
      throw new AppError(409, 'self_lockout', 'You cannot disable yourself or drop your own admin role.');
    }
    const { disabled, password, unlock, ...rest } = body;
    await ctx.db.repos.users.update(user.id, {
      ...rest,
      ...(disabled === undefined ? {} : { disabledAt: disabled ? ctx.now() : null }),
      ...(password ? { passwordHash: await hashPassword(password) } : {}),
      // A reset password is the admin's answer to a locked-out user: it lifts the lock too.
      ...(unlock || password ? { lockedUntil: null, failedLoginCount: 0 } : {}),
    });
    if (disabled || password) {
      await ctx.db.repos.sessions.deleteForUser(user.id);
      ctx.notifier.endSockets({ userId: user.id });
    }
    res.json(adminView((await ctx.db.repos.users.findById(user.id))!, ctx.now()));
  }));
  return router;
}
