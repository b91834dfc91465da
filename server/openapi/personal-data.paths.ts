import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { erasureRequestSchema, exportRequestSchema } from '../../domain/personal-data';
import { caller, errors, json } from './common';
import { erasureReportSchema, exportLinkStateSchema, retentionReportSchema } from './views';

export const exportTokenParamsSchema = z.object({ token: z.string().describe('The token of the e-mailed link (after `#` in the page’s address)') });
const zip = { 'application/zip': { schema: z.string().meta({ format: 'binary' }).describe('tickets.json, messages, proofs and e-mails, as a zip') } };
const linkRefused = { 404: ['not_found'], 410: ['export_link_used', 'export_link_expired', 'personal_data_erased'] } as const;

export const personalDataPaths: ZodOpenApiPathsObject = {
  '/api/personal-data/exports': {
    post: {
      tags: ['personal data'],
      summary: 'Everything held about an e-mail address, as a zip (admins); `view: customer` is what the customer would get',
      ...caller('admin'),
      requestBody: { content: { 'application/json': { schema: exportRequestSchema } } },
      responses: { 200: { description: 'The zip, streamed.', content: zip }, ...errors({ 400: ['validation_failed'] }) },
    },
  },
  '/api/personal-data/exports/{token}': {
    get: {
      tags: ['personal data'],
      summary: 'Whether an e-mailed export link still works, and until when (uses nothing up)',
      ...caller('public'),
      requestParams: { path: exportTokenParamsSchema },
      responses: { 200: json('It works.', exportLinkStateSchema), ...errors(linkRefused) },
    },
    post: {
      tags: ['personal data'],
      summary: 'Download the zip of an e-mailed export link, once (a POST, which mail scanners following links never send)',
      ...caller('public'),
      requestParams: { path: exportTokenParamsSchema },
      responses: { 200: { description: 'The zip, streamed.', content: zip }, ...errors(linkRefused) },
    },
  },
  '/api/personal-data/erasures': {
    post: {
      tags: ['personal data'],
      summary: 'Erase (or with `dryRun` list) the personal data of an e-mail address (admins); tickets with an open dispute are held',
      ...caller('admin'),
      requestBody: { content: { 'application/json': { schema: erasureRequestSchema } } },
      responses: { 200: json('What was (or would be) erased and held.', erasureReportSchema), ...errors({ 400: ['validation_failed'] }) },
    },
  },
  '/api/personal-data/retention/dry-run': {
    post: {
      tags: ['personal data'],
      summary: 'What each shop’s retention period would erase now (admins): nothing is erased',
      ...caller('admin'),
      responses: { 200: json('Per shop.', retentionReportSchema) },
    },
  },
};
