import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { analyticsQuerySchema } from '../../domain/analytics.schemas';
import { caller, errors, json } from './common';
import { breachListSchema, slaReportSchema } from './views';

const csv = (description: string) => ({ 'text/csv': { schema: z.string().describe(`${description} UTF-8 with a byte-order mark, RFC 4180.`) } });

export const analyticsPaths: ZodOpenApiPathsObject = {
  '/api/analytics/sla': {
    get: {
      tags: ['analytics'],
      summary: 'SLA compliance, volumes, backlog ageing and outcomes by type, shop, agent or day (managers)',
      ...caller('manager'),
      requestParams: { query: analyticsQuerySchema },
      responses: {
        200: { description: 'The report (JSON), or its groups as CSV with `format=csv`.', content: { ...json('', slaReportSchema).content, ...csv('One line per group.') } },
        ...errors({ 400: ['validation_failed'] }),
      },
    },
  },
  '/api/analytics/breaches': {
    get: {
      tags: ['analytics'],
      summary: 'The tickets created in the period that missed a target, and by how many business minutes (managers)',
      ...caller('manager'),
      requestParams: { query: analyticsQuerySchema },
      responses: {
        200: { description: 'The list (JSON), or CSV with `format=csv`.', content: { ...json('', breachListSchema).content, ...csv('One line per ticket.') } },
        ...errors({ 400: ['validation_failed'] }),
      },
    },
  },
};
