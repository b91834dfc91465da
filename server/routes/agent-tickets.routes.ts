import path from 'node:path';
import { Router, type NextFunction, type Request, type Response } from 'express';
import type { AppContext } from '../../core/context';
import {
  assignSchema,
  informationRequestSchema,
  noteSchema,
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
import { validate } from '../validate';
import * as tickets from '../ticket-actions';
import { findTicket } from '../services/find-ticket';
import { agentTicketDetail } from '../services/ticket-detail.service';
import { listQueue } from '../services/ticket-queue.service';
import { paymentCheckFor, recheckPayment } from '../services/payment-check.service';

/** The agents' side of tickets. Every route needs an agent (or manager, or admin) session. */
export function agentTicketRoutes(ctx: AppContext): Router {
  const router = Router();
  const agentOnly = requireRole('agent');
  const id = (req: Request) => String(req.params.id);

  router.get('/', agentOnly, validate({ query: queueQuerySchema }, async ({ query }, req, res) => {
    res.json(await listQueue(ctx, currentUser(req), query));
  }));

  // A signed-in agent reads any ticket by id or reference; anyone else falls through to the customer's route.
  router.get('/:id', (req: Request, _res: Response, next: NextFunction) => (req.auth ? next() : next('router')), agentOnly, async (req, res) => {
    res.set('Cache-Control', 'no-store').json(await agentTicketDetail(ctx, id(req)));
  });

  router.get('/:id/payment-check', agentOnly, async (req, res) => {
    res.set('Cache-Control', 'no-store').json(await paymentCheckFor(ctx, id(req)));
  });
  router.post('/:id/payment-check', agentOnly, async (req, res) => {
    res.json(await recheckPayment(ctx, currentUser(req), id(req)));
  });

  router.get('/:id/files/:fileId', agentOnly, async (req, res) => {
    const ticket = await findTicket(ctx.db.repos, id(req));
    const file = (await ctx.db.repos.files.listForTicket(ticket.id)).find((f) => f.id === req.params.fileId);
    if (!file) throw notFound('file');
    const inline = /^(image\/(png|jpeg)|application\/pdf)$/.test(file.mimeType);
    res.set({
      'Content-Type': file.mimeType,
      'Content-Disposition': `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(file.originalName)}`,
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'",
      'Cache-Control': 'private, no-store',
    });
    res.sendFile(path.join(ctx.config.uploadsDir, file.storagePath));
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
  router.post('/:id/notes', agentOnly, validate({ body: noteSchema }, async ({ body }, req, res) => {
    res.status(201).json(await tickets.addNote(ctx, currentUser(req), id(req), body.body));
  }));
  router.post('/:id/replies', agentOnly, validate({ body: replySchema }, async ({ body }, req, res) => {
    res.status(201).json(await tickets.reply(ctx, currentUser(req), id(req), body.version, body.body));
  }));
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
  return router;
}
