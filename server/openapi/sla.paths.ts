import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { dueQuerySchema } from '../../domain/ticket.schemas';
import { caller, errors, json } from './common';
import { dueSchema } from './views';

export const slaPaths: ZodOpenApiPathsObject = {
  '/api/sla/due': {
    get: {
      tags: ['sla'],
      summary: 'The instant `minutes` business minutes after `start` on a shop’s business calendar (the default shop without `brand`)',
      description: '`start` must be within a year of now; at most 45,000 minutes.',
      ...caller('public'),
      requestParams: { query: dueQuerySchema(() => new Date()) },
      responses: { 200: json('The due time.', dueSchema), ...errors({ 400: ['validation_failed'] }) },
    },
  },
};
