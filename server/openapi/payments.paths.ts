import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { paymentImportSchema } from '../../domain/payment-import.schemas';
import { caller, errors, json } from './common';
import { importResultSchema } from './views';

export const paymentsPaths: ZodOpenApiPathsObject = {
  '/api/payments/import': {
    post: {
      tags: ['payments'],
      summary: 'Import a payment export (Stripe or PayPal CSV…) into a shop’s ledger (managers); a later export updates instead of duplicating',
      description: 'A form: `format`, optional `brand` (slug; the default shop otherwise) and the export in `file`. Lines that cannot be read are listed in `errors`.',
      ...caller('manager'),
      requestBody: {
        content: {
          'multipart/form-data': { schema: paymentImportSchema.extend({ file: z.string().meta({ format: 'binary' }).describe('The export, as downloaded') }) },
        },
      },
      responses: {
        200: json('What was imported, updated and skipped.', importResultSchema),
        ...errors({
          400: ['validation_failed', 'invalid_body', 'too_many_files', 'unexpected_file', 'too_many_fields', 'too_many_parts', 'bad_upload', 'malformed_multipart'],
          413: ['file_too_large', 'field_too_large'],
          422: ['unrecognised_export', 'nothing_imported'],
        }),
      },
    },
  },
};
