import { Router } from 'express';
import { calendarFor } from '../../core/calendars';
import type { AppContext } from '../../core/context';
import { dueQuerySchema } from '../../domain/ticket.schemas';
import { validate } from '../validate';
import { resolveBrand } from '../services/brand-context';

/** `GET /api/sla/due?start=&minutes=[&brand=]`: a due time on the brand's business calendar. */
export function slaRoutes(ctx: AppContext): Router {
  const schema = dueQuerySchema(ctx.now);
  return Router().get('/due', validate({ query: schema }, async ({ query }, _req, res) => {
    const brand = await resolveBrand(ctx.db, query.brand);
    const due = calendarFor(brand).addBusinessMinutes(new Date(query.start), query.minutes);
    res.json({ due: due.toISOString(), brand: brand.slug, timeZone: brand.policy.calendar.timeZone });
  }));
}
