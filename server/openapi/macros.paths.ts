import type { ZodOpenApiPathsObject } from 'zod-openapi';
import {
  bulkRequestSchema,
  bulkResultSchema,
  macroApplyResultSchema,
  macroApplySchema,
  macroCreateSchema,
  macroIdParamsSchema,
  macroListQuerySchema,
  macroListSchema,
  macroPreviewResultSchema,
  macroPreviewSchema,
  macroSchema,
  macroUpdateSchema,
} from '../../domain/macro.schemas';
import { caller, errors, json } from './common';

/** Who may call: agents read, preview and apply (a session or an API token); writing macros needs a manager or an admin (a session). */
const who = { 401: ['unauthenticated', 'invalid_token'], 403: ['forbidden', 'csrf_failed', 'insufficient_scope'] } as const;
const badInput = ['validation_failed', 'invalid_json'] as const;

export const macrosPaths: ZodOpenApiPathsObject = {
  '/api/macros': {
    get: {
      tags: ['macros'],
      summary: 'A shop’s macros (the default shop’s without `brand`), and the variables a macro may use',
      description: 'The shop’s seeded macros are created the first time its macros are read.',
      ...caller('agent'),
      requestParams: { query: macroListQuerySchema },
      responses: { 200: json('The macros, by language then name, and the catalogue.', macroListSchema), ...errors({ 400: badInput, ...who, 404: ['not_found'] }) },
    },
    post: {
      tags: ['macros'],
      summary: 'Create a macro (managers and admins)',
      description:
        'Variables are written `{{name}}` (spaces inside the braces allowed), names from the catalogue. A macro may also leave the ticket in a status (`awaiting_customer`, `in_progress`) ' +
        'or resolve it with an outcome (not both), and assign it (`me`: the agent applying it, `user`, `nobody`).',
      ...caller('manager'),
      requestBody: { content: { 'application/json': { schema: macroCreateSchema } } },
      responses: {
        201: json('Created.', macroSchema),
        ...errors({ 400: badInput, ...who, 404: ['not_found'], 409: ['macro_name_taken'], 422: ['unknown_macro_variables'] }),
      },
    },
  },
  '/api/macros/{id}': {
    get: {
      tags: ['macros'],
      summary: 'One macro',
      ...caller('agent'),
      requestParams: { path: macroIdParamsSchema },
      responses: { 200: json('The macro.', macroSchema), ...errors({ 400: ['validation_failed'], ...who, 404: ['not_found'] }) },
    },
    put: {
      tags: ['macros'],
      summary: 'Change a macro, whole (managers and admins)',
      ...caller('manager'),
      requestParams: { path: macroIdParamsSchema },
      requestBody: { content: { 'application/json': { schema: macroUpdateSchema } } },
      responses: {
        200: json('Changed.', macroSchema),
        ...errors({ 400: badInput, ...who, 404: ['not_found'], 409: ['macro_name_taken', 'stale_write'], 422: ['unknown_macro_variables'] }),
      },
    },
    delete: {
      tags: ['macros'],
      summary: 'Delete a macro (managers and admins); a deleted seeded macro is not seeded again',
      ...caller('manager'),
      requestParams: { path: macroIdParamsSchema },
      responses: { 204: { description: 'Deleted.' }, ...errors({ 400: ['validation_failed'], ...who, 404: ['not_found'] }) },
    },
  },
  '/api/macros/{id}/preview': {
    post: {
      tags: ['macros'],
      summary: 'The macro (or the agent’s edit of it, `body`) rendered for one ticket: a variable with no value stays `{{name}}` and is listed in `missing`',
      ...caller('agent'),
      requestParams: { path: macroIdParamsSchema },
      requestBody: { content: { 'application/json': { schema: macroPreviewSchema } } },
      responses: { 200: json('The preview.', macroPreviewResultSchema), ...errors({ 400: badInput, ...who, 404: ['not_found'], 422: ['macro_other_brand'] }) },
    },
  },
  '/api/macros/{id}/apply': {
    post: {
      tags: ['macros'],
      summary: 'Apply a macro to a ticket: the reply (e-mailed to the customer), then its assignment, status or outcome, each its own event',
      description:
        'Refused before anything is sent when a variable has no value (422 `macro_variables_missing`, `details.variables`), names no variable (422 `unknown_macro_variables`), ' +
        'the ticket changed since `version` (409 `stale_write`) or the lifecycle forbids a step (409).',
      ...caller('agent'),
      requestParams: { path: macroIdParamsSchema },
      requestBody: { content: { 'application/json': { schema: macroApplySchema } } },
      responses: {
        200: json('Applied: the steps taken and the ticket after them.', macroApplyResultSchema),
        ...errors({
          400: badInput,
          ...who,
          404: ['not_found'],
          409: ['stale_write', 'invalid_transition', 'already_resolved'],
          422: ['macro_variables_missing', 'unknown_macro_variables', 'macro_other_brand', 'amount_unknown', 'refund_exceeds_payment'],
        }),
      },
    },
  },
  '/api/tickets/bulk': {
    post: {
      tags: ['tickets'],
      summary: 'One action (assign, change status, apply a macro) on up to 100 tickets from the queue, each at its own version',
      description:
        'Each ticket goes through the same action as alone: its own event, version check, e-mail and live update. A ticket refused (stale version, lifecycle, a macro variable ' +
        'without a value for it…) is reported in its result with the reason and its current version; the others are done. 200 whatever the mix.',
      ...caller('agent'),
      requestBody: { content: { 'application/json': { schema: bulkRequestSchema } } },
      responses: {
        200: json('Each ticket’s result, in the order sent.', bulkResultSchema),
        ...errors({ 400: badInput, ...who, 404: ['not_found'] }),
      },
    },
  },
};

