import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../../core/context';
import { userCreateSchema, userUpdateSchema } from '../../domain/agent-actions.schemas';
import { requireRole } from '../auth';
import { AppError, notFound, validationError } from '../errors';
import { createUser, hashPassword, publicUser } from '../services/auth.service';

const adminView = (u: Parameters<typeof publicUser>[0]) => ({ ...publicUser(u), disabled: !!u.disabledAt, lastLoginAt: u.lastLoginAt?.toISOString() ?? null });

/** Agents list their colleagues (to assign); admins create, change and disable users. */
export function userRoutes(ctx: AppContext): Router {
  const router = Router();
  router.get('/', requireRole('agent'), async (_req, res) => {
    res.json({ items: (await ctx.db.repos.users.list()).filter((u) => !u.disabledAt).map(publicUser) });
  });
  router.post('/', requireRole('admin'), async (req, res) => {
    const input = userCreateSchema.safeParse(req.body ?? {});
    if (!input.success) throw validationError(input.error);
    res.status(201).json(adminView(await createUser(ctx, input.data)));
  });
  router.patch('/:id', requireRole('admin'), async (req, res) => {
    const id = z.uuid().safeParse(req.params.id);
    const input = userUpdateSchema.safeParse(req.body ?? {});
    if (!input.success) throw validationError(input.error);
    if (!Object.keys(input.data).length) throw new AppError(400, 'nothing_to_change', 'Give at least one of name, role, disabled or password.');
    const user = id.success ? await ctx.db.repos.users.findById(id.data) : null;
    if (!user) throw notFound('user');
    if (user.id === req.auth!.user.id && (input.data.disabled || (input.data.role && input.data.role !== 'admin'))) {
      throw new AppError(409, 'self_lockout', 'You cannot disable yourself or drop your own admin role.');
    }
    const { disabled, password, ...rest } = input.data;
    await ctx.db.repos.users.update(user.id, {
      ...rest,
      ...(disabled === undefined ? {} : { disabledAt: disabled ? ctx.now() : null }),
      ...(password ? { passwordHash: await hashPassword(password) } : {}),
    });
    if (disabled || password) {
      await ctx.db.repos.sessions.deleteForUser(user.id);
      ctx.notifier.endSockets({ userId: user.id });
    }
    res.json(adminView((await ctx.db.repos.users.findById(user.id))!));
  });
  return router;
}
