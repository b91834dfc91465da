import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { alertSettingsUpdateSchema } from '../../domain/alerts';
import { caller, errors, json } from './common';
import { alertSettingsSchema } from './views';

export const mePaths: ZodOpenApiPathsObject = {
  '/api/me/alerts': {
    get: {
      tags: ['me'],
      summary: 'The signed-in user’s alert e-mails: language, each kind on or off, the shops watched (null: all)',
      ...caller('agent'),
      responses: { 200: json('The settings.', alertSettingsSchema) },
    },
    put: {
      tags: ['me'],
      summary: 'Change one’s alert settings: any part may be left out (an empty body changes nothing)',
      description: 'An unknown shop id answers 400 `validation_failed` naming `watchedBrandIds.<i>`.',
      ...caller('agent'),
      requestBody: { content: { 'application/json': { schema: alertSettingsUpdateSchema } } },
      responses: { 200: json('The settings as changed.', alertSettingsSchema), ...errors({ 400: ['validation_failed'] }) },
    },
  },
};
