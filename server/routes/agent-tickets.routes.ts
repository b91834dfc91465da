import path from 'node:path';
import { Router, type NextFunction, type Request, type Response } from 'express';
import type { z } from 'zod';
import type { AppContext } from '../../core/context';
import {
  assignSchema,
  informationRequestSchema,
  noteSchema,
  queueQuerySchema,
  reopenSchema,
  replySchema,
  resolveSchema,
  statusChangeSchema,
  versionedSchema,
} from '../../domain/agent-actions.schemas';
import { currentUser, requireRole } from '../auth';
import { notFound, validationError } from '../errors';
import * as tickets from '../ticket-actions';
import { findTicket } from '../services/find-ticket';
import { agentTicketDetail } from '../services/ticket-detail.service';
import { listQueue } from '../services/ticket-queue.service';

function parse<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value ?? {});
  if (!result.success) throw validationError(result.error);
  return result.data;
}

/** The agents' side of tickets. Every route needs an agent (or manager, or admin) session. */
export function agentTicketRoutes(ctx: AppContext): Router {
  const router = Router();
  const agentOnly = requireRole('agent');
  const id = (req: Request) => String(req.params.id);

  router.get('/', agentOnly, async (req, res) => {
    res.json(await listQueue(ctx, currentUser(req), parse(queueQuerySchema, req.query)));
  });

  // A signed-in agent reads any ticket by id or reference; anyone else falls through to the customer's route.
  router.get('/:id', (req: Request, _res: Response, next: NextFunction) => (req.auth ? next() : next('router')), agentOnly, async (req, res) => {
    res.set('Cache-Control', 'no-store').json(await agentTicketDetail(ctx, id(req)));
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

  router.post('/:id/claim', agentOnly, async (req, res) => {
    res.json(await tickets.claim(ctx, currentUser(req), id(req), parse(versionedSchema, req.body).version));
  });
  router.post('/:id/assign', agentOnly, async (req, res) => {
    const input = parse(assignSchema, req.body);
    res.json(await tickets.assign(ctx, currentUser(req), id(req), input.version, input.assigneeId));
  });
  router.post('/:id/status', agentOnly, async (req, res) => {
    const input = parse(statusChangeSchema, req.body);
    res.json(await tickets.changeStatus(ctx, currentUser(req), id(req), input.version, input.status));
  });
  router.post('/:id/notes', agentOnly, async (req, res) => {
    res.status(201).json(await tickets.addNote(ctx, currentUser(req), id(req), parse(noteSchema, req.body).body));
  });
  router.post('/:id/replies', agentOnly, async (req, res) => {
    const input = parse(replySchema, req.body);
    res.status(201).json(await tickets.reply(ctx, currentUser(req), id(req), input.version, input.body));
  });
  router.post('/:id/information-requests', agentOnly, async (req, res) => {
    const input = parse(informationRequestSchema, req.body);
    res.status(201).json(await tickets.requestInformation(ctx, currentUser(req), id(req), input.version, input));
  });
  router.post('/:id/resolve', agentOnly, async (req, res) => {
    res.json(await tickets.resolve(ctx, currentUser(req), id(req), parse(resolveSchema, req.body)));
  });
  router.post('/:id/reopen', agentOnly, async (req, res) => {
    const input = parse(reopenSchema, req.body);
    res.json(await tickets.reopen(ctx, currentUser(req), id(req), input.version, input.reason));
  });
  return router;
}
