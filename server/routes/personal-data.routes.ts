import { Router, type Response } from 'express';
import type { RunningContext } from '../../core/bootstrap';
import { eraseByEmail, runRetention } from '../../core/personal-data-erasure';
import { peekExportLink, useExportLink, writeExportZip, type ExportView } from '../../core/personal-data-export';
import { erasureRequestSchema, exportRequestSchema } from '../../domain/personal-data';
import { requireRole } from '../auth';
import { AppError, notFound } from '../errors';
import { validate } from '../validate';

/** Streams the zip; a failure once bytes have left can only cut the download (the client sees a broken zip, never a wrong one). */
async function sendZip(ctx: RunningContext, res: Response, email: string, view: ExportView, name: string) {
  res.status(200).set({ 'Content-Type': 'application/zip', 'Content-Disposition': `attachment; filename="${name}.zip"`, 'Cache-Control': 'no-store' });
  try {
    await writeExportZip(ctx, email, view, res);
  } catch (err) {
    ctx.logger.error({ err }, 'personal data export failed mid-stream');
    res.destroy();
  }
}

const linkRefused = {
  unknown: () => notFound('export link'),
  used: () => new AppError(410, 'export_link_used', 'This link was used already; ask for a new one from your status page.'),
  expired: () => new AppError(410, 'export_link_expired', 'This link has expired; ask for a new one from your status page.'),
  erased: () => new AppError(410, 'personal_data_erased', 'The personal data of this request has been erased.'),
};

/**
 * A customer's personal data (issue 15): the admins' export and erasure of an address, the
 * retention dry run, and the single-use link e-mailed to a customer who asked for theirs.
 */
export function personalDataRoutes(ctx: RunningContext): Router {
  const router = Router();

  router.post('/exports', requireRole('admin'), validate({ body: exportRequestSchema }, async ({ body }, _req, res) => {
    await sendZip(ctx, res, body.email, body.view, `personal-data-${ctx.now().toISOString().slice(0, 10)}`);
  }));

  // The e-mailed link: no session, the token is the proof (one use, until it expires).
  // Whether the link works and until when: the page the e-mail opens asks first, using nothing up.
  router.get('/exports/:token', async (req, res) => {
    const link = await peekExportLink(ctx, String(req.params.token));
    if (link.state !== 'ok') throw linkRefused[link.state]();
    res.set('Cache-Control', 'no-store').json({ state: 'ok', expiresAt: link.expiresAt!.toISOString() });
  });
  // The download, once: a POST, which no mail scanner following links ever sends.
  router.post('/exports/:token', async (req, res) => {
    const link = await useExportLink(ctx, String(req.params.token));
    if (link.state !== 'ok') throw linkRefused[link.state]();
    await sendZip(ctx, res, link.ticket.customerEmailNormalized, 'customer', `${link.ticket.reference}-personal-data`);
  });

  router.post('/erasures', requireRole('admin'), validate({ body: erasureRequestSchema }, async ({ body }, req, res) => {
    res.json(await eraseByEmail(ctx, { email: body.email, dryRun: body.dryRun, requestedBy: `agent:${req.auth!.user.id}` }));
  }));

  router.post('/retention/dry-run', requireRole('admin'), async (_req, res) => {
    res.json({ brands: await runRetention(ctx, { dryRun: true }) });
  });

  return router;
}
