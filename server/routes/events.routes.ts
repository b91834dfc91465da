import { Router } from 'express';
import type { AppContext } from '../../core/context';
import { timelineEntry } from '../../core/ticket-views';
import { eventsQuerySchema } from '../../domain/agent-actions.schemas';
import { requireRole } from '../auth';
import { validate } from '../validate';

/**
 * `GET /api/events?after=<id>`: timeline events after the last one a client saw, for an
 * agent's client that reconnects and wants what it missed. Without `after`: no events, and
 * the newest id, from which a client that has seen none yet catches up later.
 */
export function eventRoutes(ctx: AppContext): Router {
  return Router().get('/', requireRole('agent'), validate({ query: eventsQuerySchema }, async ({ query }, _req, res) => {
    if (query.after === undefined) return void res.json({ items: [], lastId: await ctx.db.repos.events.newestId() });
    const events = await ctx.db.repos.events.listAfter(query.after, query.limit);
    res.json({
      items: events.map((e) => ({ ...timelineEntry(e), ticketId: e.ticketId })),
      lastId: events.at(-1)?.id ?? query.after,
    });
  }));
}
