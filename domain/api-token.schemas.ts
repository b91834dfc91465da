import { z } from 'zod';
import { apiTokenScopes } from './api-token';
import { clientText } from './input.schemas';

/** `POST /api/api-tokens`: a name people recognise, the scope, and when it stops working (none: until revoked). */
export const apiTokenCreateSchema = z.strictObject({
  name: clientText(80),
  scope: z.enum(apiTokenScopes),
  expiresAt: z.iso.datetime({ offset: true }).nullable().optional(),
});
export type ApiTokenCreate = z.output<typeof apiTokenCreateSchema>;

export const apiTokenIdParamsSchema = z.object({ id: z.uuid() });

/** A token as admins see it: never the token itself, only its first characters. */
export const apiTokenViewSchema = z.strictObject({
  id: z.uuid(),
  name: z.string(),
  scope: z.enum(apiTokenScopes),
  prefix: z.string(),
  state: z.enum(['active', 'expired', 'revoked']),
  /** The user the token acts as: its events and assignments are this user's ("API: <name>"). */
  userId: z.uuid(),
  createdBy: z.string().nullable(),
  createdAt: z.iso.datetime(),
  expiresAt: z.iso.datetime().nullable(),
  lastUsedAt: z.iso.datetime().nullable(),
  revokedAt: z.iso.datetime().nullable(),
});
export type ApiTokenView = z.output<typeof apiTokenViewSchema>;

export const apiTokenListSchema = z.strictObject({ items: z.array(apiTokenViewSchema) });

/** The answer to issuing one: the only time the token is shown. */
export const apiTokenIssuedSchema = apiTokenViewSchema.extend({ token: z.string() });
