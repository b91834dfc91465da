import { Router } from 'express';
import { calendarFor } from '../../core/calendars';
import type { AppContext } from '../../core/context';
import { dueQuerySchema } from '../../domain/ticket.schemas';
import { validationError } from '../errors';
import { resolveBrand } from '../services/brand-context';

/** `GET /api/sla/due?start=&minutes=[&brand=]`: a due time on the brand's business calendar. */
export function slaRoutes(ctx: AppContext): Router {
  const schema = dueQuerySchema(ctx.now);
  return Router().get('/due', async (req, res) => {
    const query = schema.safeParse(req.query);
    if (!query.success) throw validationError(query.error);
    const brand = await resolveBrand(ctx.db, query.data.brand);
    const due = calendarFor(brand).addBusinessMinutes(new Date(query.data.start), query.data.minutes);
    res.json({ due: due.toISOString(), brand: brand.slug, timeZone: brand.policy.calendar.timeZone });
  });
}
