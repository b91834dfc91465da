import { Router, type NextFunction, type Request, type Response } from 'express';
import type { AppContext } from '../../core/context';
import {
  assignSchema,
  informationRequestSchema,
  noteSchema,
  priorityChangeSchema,
  queueQuerySchema,
  refundSchema,
  reopenSchema,
  replySchema,
  resolveSchema,
  statusChangeSchema,
  versionedSchema,
} from '../../domain/agent-actions.schemas';
import { currentUser, requireRole } from '../auth';
import { notFound } from '../errors';
import { checkUploads, discardTemporaryUploads, evidenceUpload, sendStoredFile } from '../uploads';
import { validate } from '../validate';
import * as tickets from '../ticket-actions';
import { findTicket } from '../services/find-ticket';
import { agentTicketDetail } from '../services/ticket-detail.service';
import { listQueue } from '../services/ticket-queue.service';
import { paymentCheckFor, recheckPayment } from '../services/payment-check.service';
import { mergeSchema } from '../../domain/merge.schemas';
import { mergeOverview } from '../services/merge.service';

/** The agents' side of tickets. Every route needs an agent (or manager, or admin) session. */
export function agentTicketRoutes(ctx: AppContext): Router {
  const router = Router();
  const agentOnly = requireRole('agent');
  const attachments = evidenceUpload(ctx.config.uploadsDir, 'attachments');
  /** A path the customers' router shares (`/:reference`): a request with no session goes there. */
  const signedInOnly = (req: Request, _res: Response, next: NextFunction) => (req.auth ? next() : next('router'));
  const id = (req: Request) => String(req.params.id);

  router.get('/', agentOnly, validate({ query: queueQuerySchema }, async ({ query }, req, res) => {
    res.json(await listQueue(ctx, currentUser(req), query));
  }));

  // A signed-in agent reads any ticket by id or reference; anyone else falls through to the customer's route.
  router.get('/:id', signedInOnly, agentOnly, async (req, res) => {
    res.set('Cache-Control', 'no-store').json(await agentTicketDetail(ctx, id(req)));
  });

  router.get('/:id/payment-check', agentOnly, async (req, res) => {
    res.set('Cache-Control', 'no-store').json(await paymentCheckFor(ctx, id(req)));
  });
  router.post('/:id/payment-check', agentOnly, async (req, res) => {
    res.json(await recheckPayment(ctx, currentUser(req), id(req)));
  });

  // Without a session, the customer's route (their private token) answers instead.
  router.get('/:id/files/:fileId', signedInOnly, agentOnly, async (req, res) => {
    const ticket = await findTicket(ctx.db.repos, id(req));
    const file = (await ctx.db.repos.files.listForTicket(ticket.id)).find((f) => f.id === req.params.fileId);
    if (!file) throw notFound('file');
    sendStoredFile(res, ctx.config.uploadsDir, file);
  });

  router.post('/:id/claim', agentOnly, validate({ body: versionedSchema }, async ({ body }, req, res) => {
    res.json(await tickets.claim(ctx, currentUser(req), id(req), body.version));
  }));
  router.post('/:id/assign', agentOnly, validate({ body: assignSchema }, async ({ body }, req, res) => {
    res.json(await tickets.assign(ctx, currentUser(req), id(req), body.version, body.assigneeId));
  }));
  router.post('/:id/status', agentOnly, validate({ body: statusChangeSchema }, async ({ body }, req, res) => {
    res.json(await tickets.changeStatus(ctx, currentUser(req), id(req), body.version, body.status));
  }));
  router.post('/:id/priority', agentOnly, validate({ body: priorityChangeSchema }, async ({ body }, req, res) => {
    res.json(await tickets.changePriority(ctx, currentUser(req), id(req), body.version, body.priority));
  }));
  router.post('/:id/notes', agentOnly, validate({ body: noteSchema }, async ({ body }, req, res) => {
    res.status(201).json(await tickets.addNote(ctx, currentUser(req), id(req), body.body));
  }));
  // JSON, or a form with up to five attachments (PNG, JPEG, PDF: the same checks as the customer's proofs).
  router.post('/:id/replies', agentOnly, attachments, async (req, res, next) => {
    try {
      const uploads = await checkUploads(req.files as Express.Multer.File[], 'attachments');
      await validate({ body: replySchema }, async ({ body }, request, response) => {
        response.status(201).json(await tickets.reply(ctx, currentUser(request), id(request), body.version, body.body, uploads));
      })(req, res, next);
    } finally {
      await discardTemporaryUploads(req.files as Express.Multer.File[]);
    }
  });
  router.post('/:id/information-requests', agentOnly, validate({ body: informationRequestSchema }, async ({ body }, req, res) => {
    res.status(201).json(await tickets.requestInformation(ctx, currentUser(req), id(req), body.version, body));
  }));
  router.post('/:id/resolve', agentOnly, validate({ body: resolveSchema }, async ({ body }, req, res) => {
    res.json(await tickets.resolve(ctx, currentUser(req), id(req), body));
  }));
  // The fields' rules are the ticket's brand's: the action validates the body once it has read the ticket.
  router.post('/:id/payment-facts', agentOnly, async (req, res) => {
    res.json(await tickets.correctPaymentFacts(ctx, currentUser(req), id(req), req.body));
  });
  router.post('/:id/refund', agentOnly, validate({ body: refundSchema }, async ({ body }, req, res) => {
    res.json(await tickets.refundPayment(ctx, currentUser(req), id(req), body));
  }));
  router.post('/:id/reopen', agentOnly, validate({ body: reopenSchema }, async ({ body }, req, res) => {
    res.json(await tickets.reopen(ctx, currentUser(req), id(req), body.version, body.reason));
  }));
  // Merge: what the ticket's page shows (its survivor, what was merged into it, its possible duplicates), and the merge itself.
  router.get('/:id/merges', agentOnly, async (req, res) => {
    res.set('Cache-Control', 'no-store').json(await mergeOverview(ctx, id(req)));
  });
  router.post('/:id/merge', agentOnly, validate({ body: mergeSchema }, async ({ body }, req, res) => {
    res.json(await tickets.mergeTicket(ctx, currentUser(req), id(req), body));
  }));
  return router;
}
