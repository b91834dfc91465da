import { Router } from 'express';
import type { AppContext } from '../../core/context';
import { bulkRequestSchema } from '../../domain/macro.schemas';
import { currentUser, requireRole } from '../auth';
import { bulkAction } from '../ticket-actions/bulk';
import { validate } from '../validate';

/** `POST /api/tickets/bulk`: one action on many tickets from the queue; 200 with each ticket's result, refusals included. */
export function bulkActionRoutes(ctx: AppContext): Router {
  const router = Router();
  router.post('/bulk', requireRole('agent'), validate({ body: bulkRequestSchema }, async ({ body }, req, res) => {
    res.json(await bulkAction(ctx, currentUser(req), body));
  }));
  return router;
}
