import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { caller, json } from './common';

const probe = z.object({ status: z.enum(['up', 'down']), latencyMs: z.number().optional(), error: z.string().optional() });
const health = z.object({
  status: z.enum(['ok', 'degraded']),
  database: probe.extend({ kind: z.enum(['sqlite', 'postgres']) }),
  redis: probe,
});

export const healthPaths: ZodOpenApiPathsObject = {
  '/healthz': {
    get: {
      tags: ['health'],
      summary: 'Whether the database and Redis answer',
      ...caller('public'),
      responses: { 200: json('Both answer.', health), 503: json('One of them does not.', health) },
    },
  },
};
