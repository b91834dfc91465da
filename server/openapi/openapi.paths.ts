import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { caller, json } from './common';

export const openApiPaths: ZodOpenApiPathsObject = {
  '/api/openapi.json': {
    get: {
      tags: ['health'],
      summary: 'This document: every route, who may call it, its parameters, answers and error codes',
      ...caller('public'),
      responses: { 200: json('The OpenAPI 3.1 document.', z.looseObject({ openapi: z.literal('3.1.0'), info: z.looseObject({}), paths: z.looseObject({}) })) },
    },
  },
};
