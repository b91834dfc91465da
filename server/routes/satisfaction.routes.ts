import { Router, type Request } from 'express';
import type { AppContext } from '../../core/context';
import { customerTicketFollowingMerge } from '../services/merge.service';
import { rate, satisfactionView } from '../services/satisfaction.service';

const bearer = (req: Request) => /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '')?.[1];

/**
 * The customer's rating of the answer, with the private token (a merged ticket's token rates
 * its survivor). Reading never records: the e-mail's score links only open the page, whose
 * button POSTs.
 */
export function satisfactionRoutes(ctx: AppContext): Router {
  const router = Router();
  router.get('/:reference/satisfaction', async (req, res) => {
    const { ticket } = await customerTicketFollowingMerge(ctx, String(req.params.reference), bearer(req));
    res.set('Cache-Control', 'no-store').json(await satisfactionView(ctx, ticket));
  });
  // The body is checked after redaction (a pasted card number never reaches the schema's error).
  router.post('/:reference/satisfaction', async (req, res) => {
    const { ticket } = await customerTicketFollowingMerge(ctx, String(req.params.reference), bearer(req));
    res.status(201).json(await rate(ctx, ticket, req.body));
  });
  return router;
}
