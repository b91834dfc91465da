import { Router } from 'express';
import type { AppContext } from '../../core/context';
import { alertSettingsView } from '../../core/user-views';
import type { User } from '../../db/entities/user.entity';
import { alertPreferencesOf, alertSettingsUpdateSchema } from '../../domain/alerts';
import { currentUser, requireRole } from '../auth';
import { AppError } from '../errors';
import { validate } from '../validate';

/** The signed-in staff user's own settings: which alert e-mails they receive, in which language, for which shops. */
export function meRoutes(ctx: AppContext): Router {
  const router = Router();
  router.get('/alerts', requireRole('agent'), async (req, res) => {
    const [user, brands] = await Promise.all([ctx.db.repos.users.findById(currentUser(req).id), ctx.db.repos.brands.list()]);
    res.set('Cache-Control', 'no-store').json(alertSettingsView(user!, brands));
  });
  router.put('/alerts', requireRole('agent'), validate({ body: alertSettingsUpdateSchema }, async ({ body }, req, res) => {
    const me = currentUser(req);
    const brands = await ctx.db.repos.brands.list();
    const known = new Set(brands.map((b) => b.id));
    const unknown = (body.watchedBrandIds ?? []).map((id, i) => ({ id, i })).filter(({ id }) => !known.has(id));
    if (unknown.length) {
      throw new AppError(400, 'validation_failed', 'Some fields are invalid.', unknown.map(({ i }) => ({ field: `watchedBrandIds.${i}`, code: 'unknown_brand', message: 'no shop with this id' })));
    }
    const user = (await ctx.db.repos.users.findById(me.id))!;
    const changes: Partial<User> = {
      ...(body.language ? { language: body.language } : {}),
      // Stored whole: a kind left out keeps its current state.
      ...(body.preferences ? { alertPreferences: { ...alertPreferencesOf(user.alertPreferences), ...stripUndefined(body.preferences) } } : {}),
      ...(body.watchedBrandIds !== undefined ? { watchedBrandIds: body.watchedBrandIds === null ? null : [...new Set(body.watchedBrandIds)] } : {}),
    };
    // An empty body changes nothing and answers the settings as they are.
    if (Object.keys(changes).length) await ctx.db.repos.users.update(user.id, changes);
    res.json(alertSettingsView((await ctx.db.repos.users.findById(me.id))!, brands));
  }));
  return router;
}

const stripUndefined = <T extends object>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as { [K in keyof T]-?: Exclude<T[K], undefined> };
