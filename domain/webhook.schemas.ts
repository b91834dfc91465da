import { z } from 'zod';
import { clientString, clientText, queryInt } from './input.schemas';
import { WEBHOOK_TEST_EVENT, webhookDeliveryStatuses, webhookEventTypes, webhookFormats } from './webhook-events';

const events = z.array(z.enum(webhookEventTypes)).min(1).max(webhookEventTypes.length).transform((list) => [...new Set(list)]);
const url = clientString(2048).trim().min(1);

/** `POST /api/webhooks`: an endpoint of one shop (its slug). */
export const webhookCreateSchema = z.strictObject({
  brand: clientString(64).trim().min(1),
  url,
  events,
  format: z.enum(webhookFormats).default('json'),
  description: clientText(200).nullable().optional(),
});
export type WebhookCreate = z.output<typeof webhookCreateSchema>;

/** `PATCH /api/webhooks/:id`: `enabled: true` also turns back on an endpoint Guichet disabled for failing. */
export const webhookUpdateSchema = z.strictObject({
  url: url.optional(),
  events: events.optional(),
  format: z.enum(webhookFormats).optional(),
  description: clientText(200).nullable().optional(),
  enabled: z.boolean().optional(),
});
export type WebhookUpdate = z.output<typeof webhookUpdateSchema>;

export const webhookListQuerySchema = z.strictObject({ brand: clientString(64).optional() });
export const webhookIdParamsSchema = z.object({ id: z.uuid() });
export const webhookDeliveryParamsSchema = z.object({ id: z.uuid(), deliveryId: z.uuid() });
export const webhookDeliveriesQuerySchema = z.strictObject({ limit: queryInt(1, 100).optional() });

export const webhookEndpointViewSchema = z.strictObject({
  id: z.uuid(),
  brand: z.strictObject({ id: z.string(), slug: z.string(), name: z.string() }),
  url: z.string(),
  description: z.string().nullable(),
  events: z.array(z.enum(webhookEventTypes)),
  format: z.enum(webhookFormats),
  enabled: z.boolean(),
  /** `failing`: Guichet turned it off after it failed for days (WEBHOOK_DISABLE_AFTER_MS). */
  disabledReason: z.enum(['admin', 'failing']).nullable(),
  disabledAt: z.iso.datetime().nullable(),
  failingSince: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type WebhookEndpointView = z.output<typeof webhookEndpointViewSchema>;
export const webhookEndpointListSchema = z.strictObject({ items: z.array(webhookEndpointViewSchema) });
/** Creating an endpoint or rotating its secret: the only answers that show the secret. */
export const webhookEndpointWithSecretSchema = webhookEndpointViewSchema.extend({ secret: z.string() });

export const webhookAttemptViewSchema = z.strictObject({
  attempt: z.number().int(),
  at: z.iso.datetime(),
  durationMs: z.number().int(),
  statusCode: z.number().int().nullable(),
  responseSnippet: z.string().nullable(),
  error: z.string().nullable(),
});
export const webhookDeliveryViewSchema = z.strictObject({
  id: z.uuid(),
  endpointId: z.uuid(),
  event: z.union([z.enum(webhookEventTypes), z.literal(WEBHOOK_TEST_EVENT)]),
  ticketId: z.string().nullable(),
  status: z.enum(webhookDeliveryStatuses),
  attempts: z.number().int(),
  lastStatusCode: z.number().int().nullable(),
  createdAt: z.iso.datetime(),
  lastAttemptAt: z.iso.datetime().nullable(),
  deliveredAt: z.iso.datetime().nullable(),
  attemptLog: z.array(webhookAttemptViewSchema),
});
export type WebhookDeliveryView = z.output<typeof webhookDeliveryViewSchema>;
export const webhookDeliveryListSchema = z.strictObject({ items: z.array(webhookDeliveryViewSchema) });
