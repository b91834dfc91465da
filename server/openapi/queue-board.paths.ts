import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { caller, errors } from './common';

/**
 * bull-board (server/queue-board.ts): a page of its own and the JSON API its page calls, all
 * under /admin/queues; described as the page only, its API being bull-board's.
 */
export const queueBoardPaths: ZodOpenApiPathsObject = {
  '/admin/queues': {
    get: {
      tags: ['health'],
      summary: 'The BullMQ queue board (admins): jobs waiting, failed and done, by queue',
      description:
        'bull-board’s page and, below this path, its own JSON API (`x-guichet-subtree`), which its page calls with the session’s CSRF token in X-XSRF-TOKEN. ' +
        'Every method below this path is bull-board’s and answers as described here. A browser without a session is redirected to the sign-in page.',
      ...caller('admin'),
      'x-guichet-subtree': true,
      responses: {
        200: {
          description: 'The board’s page (HTML), or an answer of its API below this path (JSON, bull-board’s own shapes).',
          content: { 'text/html': { schema: z.string() }, 'application/json': { schema: z.unknown() } },
        },
        302: { description: 'Not signed in (a browser): to `/login?next=…`.', headers: { Location: { schema: { type: 'string' } } }, content: { 'text/html': { schema: z.string() } } },
        ...errors({ 401: ['unauthenticated'], 403: ['forbidden'] }),
      },
    },
  },
};
