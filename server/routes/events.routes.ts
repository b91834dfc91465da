import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../../core/context';
import { INT4_MAX, queryInt } from '../../domain/input.schemas';
import { requireRole } from '../auth';
import { validationError } from '../errors';

/** Event ids are a serial column: int4 on PostgreSQL. */
const query = z.strictObject({ after: queryInt(0, INT4_MAX), limit: queryInt(1, 1000).default(500) });

/**
 * `GET /api/events?after=<id>`: timeline events after the last one a client saw, for an
 * agent's client that reconnects and wants what it missed.
 */
export function eventRoutes(ctx: AppContext): Router {
  return Router().get('/', requireRole('agent'), async (req, res) => {
    const q = query.safeParse(req.query);
    if (!q.success) throw validationError(q.error);
    const events = await ctx.db.repos.events.listAfter(q.data.after, q.data.limit);
    res.json({
      items: events.map((e) => ({ id: e.id, ticketId: e.ticketId, type: e.type, actor: e.actor, isPublic: e.isPublic, data: e.data, at: e.createdAt.toISOString() })),
      lastId: events.at(-1)?.id ?? q.data.after,
    });
  });
}
