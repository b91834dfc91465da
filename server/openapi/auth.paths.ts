import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { loginSchema } from '../../domain/agent-actions.schemas';
import { caller, errors, json } from './common';
import { anonymousSessionSchema, sessionStateSchema } from './views';

export const authPaths: ZodOpenApiPathsObject = {
  '/api/auth/login': {
    post: {
      tags: ['auth'],
      summary: 'Sign in: sets the httpOnly session cookie and answers the CSRF token every write must echo in X-CSRF-Token',
      description:
        'Repeated failures slow an account down, then lock it (429 `account_locked`, `details.retryAfterSeconds`); an address trying too often is refused (429 `too_many_attempts`).',
      ...caller('public'),
      requestBody: { content: { 'application/json': { schema: loginSchema } } },
      responses: {
        200: { ...json('Signed in.', sessionStateSchema), headers: { 'Set-Cookie': { description: 'guichet_session=…; HttpOnly; SameSite=Lax', schema: { type: 'string' } } } },
        ...errors({ 400: ['validation_failed'], 401: ['invalid_credentials'], 403: ['csrf_failed'], 429: ['account_locked', 'too_many_attempts'] }),
      },
    },
  },
  '/api/auth/logout': {
    post: {
      tags: ['auth'],
      summary: 'Sign out: ends the session and clears the cookie (nothing to end is fine too)',
      description: 'With a session, the CSRF token is needed, as for any write.',
      ...caller('public'),
      responses: { 204: { description: 'Signed out.' }, ...errors({ 401: ['invalid_token'], 403: ['csrf_failed', 'insufficient_scope'] }) },
    },
  },
  '/api/auth/me': {
    get: {
      tags: ['auth'],
      summary: 'Who is signed in, and the session’s CSRF token; nulls for an anonymous visitor (never 401)',
      ...caller('public'),
      responses: { 200: json('The session, or nulls.', sessionStateSchema.or(anonymousSessionSchema)), ...errors({ 401: ['invalid_token'] }) },
    },
  },
};
