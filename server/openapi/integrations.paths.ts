import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { apiTokenCreateSchema, apiTokenIdParamsSchema, apiTokenIssuedSchema, apiTokenListSchema, apiTokenViewSchema } from '../../domain/api-token.schemas';
import { caller, errors, json } from './common';

/** Admin-only routes: a session cookie (and its CSRF token for writes); an API token is never enough (its user is an agent). */
const adminOnly = caller('admin');

export const integrationsPaths: ZodOpenApiPathsObject = {
  '/api/api-tokens': {
    get: {
      tags: ['integrations'],
      summary: 'API tokens: every one issued, newest first (never the token itself)',
      ...adminOnly,
      responses: { 200: json('The tokens.', apiTokenListSchema) },
    },
    post: {
      tags: ['integrations'],
      summary: 'Issue an API token (shown once in the answer, stored as its SHA-256 only)',
      description:
        'The token (`gch_` and 43 base64url characters) goes in `Authorization: Bearer <token>`, with no cookie and no CSRF token. ' +
        'It acts as a user of its own, role agent, named "API: <name>": scope `read` allows GET and HEAD only (a write answers 403 `insufficient_scope`), ' +
        '`write` every agent route; manager and admin routes answer 403 `forbidden`. Unknown, revoked or expired: 401 `invalid_token`.',
      ...adminOnly,
      requestBody: { content: { 'application/json': { schema: apiTokenCreateSchema } } },
      responses: { 201: json('Issued: copy `token` now, it is never shown again.', apiTokenIssuedSchema), ...errors({ 400: ['validation_failed'] }) },
    },
  },
  '/api/api-tokens/{id}': {
    delete: {
      tags: ['integrations'],
      summary: 'Revoke an API token: it answers 401 invalid_token from then on',
      ...adminOnly,
      requestParams: { path: apiTokenIdParamsSchema },
      responses: { 200: json('Revoked (revoking again changes nothing).', apiTokenViewSchema), ...errors({ 400: ['validation_failed'], 404: ['not_found'] }) },
    },
  },
};
