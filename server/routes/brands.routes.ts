import { Router } from 'express';
import type { AppContext } from '../../core/context';
import { resolveBrand } from '../services/brand-context';

/** `GET /api/brands/current[?brand=slug]`: what the report form needs to know of the shop. */
export function brandRoutes(ctx: AppContext): Router {
  return Router().get('/current', async (req, res) => {
    const brand = await resolveBrand(ctx.db.repos, req.query.brand);
    const p = brand.policy;
    res.json({
      slug: brand.slug,
      name: brand.name,
      acceptedCardTypes: p.acceptedCardTypes,
      currency: p.currency,
      timeZone: p.calendar.timeZone,
      openDays: p.calendar.openDays,
      windows: p.calendar.windows,
      supportEmail: p.supportEmail,
      defaultLanguage: p.defaultLanguage,
      firstResponseMinutes: p.sla.firstResponseMinutes,
    });
  });
}
