import { z } from 'zod';
import { clientText } from './input.schemas';
import { importFormats } from './payment-imports';

/** `POST /api/payments/import`'s form fields besides the file: the export's format, and the shop (its slug; the default shop without). */
export const paymentImportSchema = z.strictObject({ format: z.enum(importFormats as [string, ...string[]]), brand: clientText(64).optional() });
