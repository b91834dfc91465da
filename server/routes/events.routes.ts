import { Router } from 'express';
import type { AppContext } from '../../core/context';
import { eventsQuerySchema } from '../../domain/agent-actions.schemas';
import { requireRole } from '../auth';
import { validate } from '../validate';

/**
 * `GET /api/events?after=<id>`: timeline events after the last one a client saw, for an
 * agent's client that reconnects and wants what it missed.
 */
export function eventRoutes(ctx: AppContext): Router {
  return Router().get('/', requireRole('agent'), validate({ query: eventsQuerySchema }, async ({ query }, _req, res) => {
    const events = await ctx.db.repos.events.listAfter(query.after, query.limit);
    res.json({
      items: events.map((e) => ({ id: e.id, ticketId: e.ticketId, type: e.type, actor: e.actor, isPublic: e.isPublic, data: e.data, at: e.createdAt.toISOString() })),
      lastId: events.at(-1)?.id ?? query.after,
    });
  }));
}
