import { Router, type Request } from 'express';
import type { RunningContext } from '../../core/bootstrap';
import { EXPORT_LINKS_PER_DAY, requestCustomerExport } from '../../core/personal-data-export';
import { AppError, notFound } from '../errors';
import { intakeRateLimits } from '../rate-limits';
import { addEvidence } from '../services/customer-ticket.service';
import { customerTicketFollowingMerge, customerViewFollowingMerge } from '../services/merge.service';
import { isKnownIdempotencyKey, submitReport } from '../services/intake.service';
import { checkUploads, discardTemporaryUploads, evidenceUpload, sendStoredFile } from '../uploads';

function requireJsonOrMultipart(req: Request) {
  if (!req.is(['application/json', 'multipart/form-data'])) {
    throw new AppError(415, 'unsupported_media_type', 'Send JSON (application/json) or a form (multipart/form-data).');
  }
}

function bearer(req: Request): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '');
  return match?.[1];
}

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{8,255}$/;

function idempotencyKey(req: Request): string | undefined {
  const key = req.get('idempotency-key');
  if (key === undefined) return undefined;
  if (!IDEMPOTENCY_KEY.test(key)) {
    throw new AppError(400, 'invalid_idempotency_key', 'Idempotency-Key must be 8 to 255 visible ASCII characters.');
  }
  return key;
}

/** The customers' side of tickets: report, read with the private token, add evidence. */
export function ticketRoutes(ctx: RunningContext): Router {
  const upload = evidenceUpload(ctx.config.uploadsDir);
  const router = Router();

  // A replay of an earlier report is left out of both limits; one look-up per request.
  const replays = new WeakMap<Request, Promise<boolean>>();
  const isReplay = (req: Request): Promise<boolean> => {
    const key = req.get('idempotency-key');
    if (key === undefined || !IDEMPOTENCY_KEY.test(key)) return Promise.resolve(false);
    if (!replays.has(req)) replays.set(req, isKnownIdempotencyKey(ctx, key).catch(() => false));
    return replays.get(req)!;
  };
  const limits = intakeRateLimits(ctx, isReplay);

  router.post('/', limits.perAddress, upload, limits.perEmail, async (req, res) => {
    try {
      requireJsonOrMultipart(req);
      const key = idempotencyKey(req);
      const uploads = await checkUploads(req.files as Express.Multer.File[]);
      const { receipt, replayed } = await submitReport(ctx, { body: req.body, uploads, idempotencyKey: key, host: req.hostname });
      if (replayed) res.set('Idempotent-Replayed', 'true');
      res.status(201).location(`/api/tickets/${receipt.reference}`).json(receipt);
    } finally {
      await discardTemporaryUploads(req.files as Express.Multer.File[]);
    }
  });

  router.get('/:reference', async (req, res) => {
    // A merged ticket's link shows its survivor's case (the same customer's), saying so.
    const found = await customerTicketFollowingMerge(ctx, String(req.params.reference), bearer(req));
    res.set('Cache-Control', 'no-store').json(await customerViewFollowingMerge(ctx, found));
  });

  // The customer's own proofs and the agents' attachments to replies, with the private token.
  router.get('/:reference/files/:fileId', async (req, res) => {
    const { ticket } = await customerTicketFollowingMerge(ctx, String(req.params.reference), bearer(req));
    const file = (await ctx.db.repos.files.listForTicket(ticket.id)).find((f) => f.id === req.params.fileId);
    if (!file) throw notFound('file');
    sendStoredFile(res, ctx.config.uploadsDir, file);
  });

  // "Send me my data": a single-use link to the zip of their data, e-mailed to the ticket's address.
  router.post('/:reference/personal-data-export', async (req, res) => {
    const { ticket } = await customerTicketFollowingMerge(ctx, String(req.params.reference), bearer(req));
    if (ticket.personalDataErasedAt) throw new AppError(410, 'personal_data_erased', 'The personal data of this request has been erased.');
    const sent = await requestCustomerExport(ctx, ticket);
    if (sent === 'too_many') {
      throw new AppError(429, 'rate_limited', `At most ${EXPORT_LINKS_PER_DAY} links a day; use the last one you received.`, { limit: EXPORT_LINKS_PER_DAY, windowSeconds: 86_400, retryAfterSeconds: 3600 });
    }
    res.status(202).json({ sentTo: 'ticket_email', expiresAt: sent.expiresAt.toISOString() });
  });

  router.post('/:reference/evidence', upload, async (req, res) => {
    try {
      const { ticket, via } = await customerTicketFollowingMerge(ctx, String(req.params.reference), bearer(req));
      requireJsonOrMultipart(req);
      const uploads = await checkUploads(req.files as Express.Multer.File[]);
      const view = await addEvidence(ctx, ticket, { body: req.body, uploads });
      res.json(via ? { ...view, mergedFrom: via } : view);
    } finally {
      await discardTemporaryUploads(req.files as Express.Multer.File[]);
    }
  });

  return router;
}
