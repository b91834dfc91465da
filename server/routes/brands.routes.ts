import { Router } from 'express';
import type { AppContext } from '../../core/context';
import { publicBrandView } from '../../core/brand-views';
import { requireRole } from '../auth';
import { resolveBrand } from '../services/brand-context';

/** `GET /api/brands` (agents): the shops; `GET /api/brands/current[?brand=slug]`: what the report form needs to know of one. */
export function brandRoutes(ctx: AppContext): Router {
  const router = Router();
  router.get('/', requireRole('agent'), async (_req, res) => {
    res.json({ items: (await ctx.db.repos.brands.list()).map((b) => ({ slug: b.slug, name: b.name, isDefault: b.isDefault, timeZone: b.policy.calendar.timeZone })) });
  });
  router.get('/current', async (req, res) => {
    res.json(publicBrandView(await resolveBrand(ctx.db, req.query.brand)));
  });
  return router;
}
