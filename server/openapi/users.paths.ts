import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { userCreateSchema, userListQuerySchema, userUpdateSchema } from '../../domain/agent-actions.schemas';
import { caller, errors, json } from './common';
import { adminUserSchema, publicUserSchema } from './views';

export const userIdParamsSchema = z.object({ id: z.string().describe('The user’s id (anything else answers 404)') });

export const usersPaths: ZodOpenApiPathsObject = {
  '/api/users': {
    get: {
      tags: ['users'],
      summary: 'Active colleagues (to assign a ticket); with `include=disabled` (admins) every user, as admins see them',
      description: 'Agents and up. `include=disabled` needs an admin (403 otherwise).',
      ...caller('agent'),
      requestParams: { query: userListQuerySchema },
      responses: {
        200: json('The users.', z.object({ items: z.array(publicUserSchema) }).or(z.object({ items: z.array(adminUserSchema) }))),
        ...errors({ 400: ['validation_failed'] }),
      },
    },
    post: {
      tags: ['users'],
      summary: 'Create a staff user (admins)',
      ...caller('admin'),
      requestBody: { content: { 'application/json': { schema: userCreateSchema } } },
      responses: { 201: json('Created.', adminUserSchema), ...errors({ 400: ['validation_failed'], 409: ['email_taken'] }) },
    },
  },
  '/api/users/{id}': {
    patch: {
      tags: ['users'],
      summary: 'Change, disable, unlock or reset the password of a user (admins); disabling or a new password ends their sessions',
      description: 'An admin cannot disable themself or drop their own admin role (409 `self_lockout`).',
      ...caller('admin'),
      requestParams: { path: userIdParamsSchema },
      requestBody: { content: { 'application/json': { schema: userUpdateSchema } } },
      responses: { 200: json('The user as changed.', adminUserSchema), ...errors({ 400: ['validation_failed', 'nothing_to_change'], 404: ['not_found'], 409: ['self_lockout'] }) },
    },
  },
};
