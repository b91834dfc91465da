import { Router } from 'express';
import type { AppContext } from '../../core/context';
import { paymentImportSchema as importSchema } from '../../domain/payment-import.schemas';
import type { ImportFormat } from '../../domain/payment-imports';
import { requireRole } from '../auth';
import { AppError } from '../errors';
import { resolveBrand } from '../services/brand-context';
import { importPayments } from '../services/payment-import.service';
import { exportUpload } from '../uploads';
import { validate } from '../validate';

/** `POST /api/payments/import` (managers): a payment export into the brand's ledger. */
export function paymentRoutes(ctx: AppContext): Router {
  const router = Router();
  router.post('/import', requireRole('manager'), exportUpload(), validate({ body: importSchema }, async ({ body }, req, res) => {
    if (!req.file) throw new AppError(400, 'validation_failed', 'Some fields are invalid.', [{ field: 'file', code: 'required', message: 'attach the export in the field "file"' }]);
    const brand = await resolveBrand(ctx.db, body.brand);
    res.json(await importPayments(ctx, brand, body.format as ImportFormat, req.file.buffer));
  }));
  return router;
}
