import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { eventsQuerySchema } from '../../domain/agent-actions.schemas';
import { caller, errors, json } from './common';
import { eventsPageSchema } from './views';

export const eventsPaths: ZodOpenApiPathsObject = {
  '/api/events': {
    get: {
      tags: ['tickets'],
      summary: 'Timeline events after the last one a client saw (an agent’s client catching up after reconnecting); without `after`, none and the newest id to start from',
      ...caller('agent'),
      requestParams: { query: eventsQuerySchema },
      responses: { 200: json('The events in order, and the id to ask after next.', eventsPageSchema), ...errors({ 400: ['validation_failed'] }) },
    },
  },
};
