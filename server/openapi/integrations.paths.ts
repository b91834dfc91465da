import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { apiTokenCreateSchema, apiTokenIdParamsSchema, apiTokenIssuedSchema, apiTokenListSchema, apiTokenViewSchema } from '../../domain/api-token.schemas';
import { z } from 'zod';
import type { ZodOpenApiPathItemObject } from 'zod-openapi';
import {
  webhookCreateSchema,
  webhookDeliveriesQuerySchema,
  webhookDeliveryListSchema,
  webhookDeliveryParamsSchema,
  webhookDeliveryViewSchema,
  webhookEndpointListSchema,
  webhookEndpointViewSchema,
  webhookEndpointWithSecretSchema,
  webhookIdParamsSchema,
  webhookListQuerySchema,
  webhookUpdateSchema,
} from '../../domain/webhook.schemas';
import { WEBHOOK_TEST_EVENT, webhookEventTypes } from '../../domain/webhook-events';
import { caller, errors, json } from './common';

/** Admin-only routes: a session cookie (and its CSRF token for writes); an API token is never enough (its user is an agent). */
const adminOnly = caller('admin');

const tokenPaths: ZodOpenApiPathsObject = {
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

const signatureDoc =
  'Each delivery is a POST with `Content-Type: application/json` and three headers: `Guichet-Event` (the event type), ' +
  '`Guichet-Delivery` (the delivery id: the same on every attempt and on "send again", so a receiver drops repeats) and ' +
  '`Guichet-Signature: t=<unix seconds>,v1=<hex>`, where the hex is HMAC-SHA256 of `<t>.<raw body>` under the endpoint\'s secret ' +
  '(`whsec_…`, shown when the endpoint is created or its secret rotated). Verify it against the raw body and refuse a `t` older than ' +
  'five minutes. Any 2xx within 10 seconds is a delivery; anything else is retried 8 times with doubling delays (about a day), ' +
  'and an endpoint whose deliveries all fail for 3 days is disabled. No payload carries a card number, a customer\'s private ' +
  'link or token, nor personal data: read those through the API with a token.';

const webhookTicketSchema = z.object({
  id: z.string(),
  reference: z.string(),
  status: z.string(),
  type: z.string(),
  priority: z.string(),
  source: z.string(),
  assigneeId: z.string().nullable(),
  amountCents: z.number().int().nullable(),
  currency: z.string(),
  missingEvidence: z.array(z.string()),
  outcome: z.string().nullable(),
  dueAt: z.iso.datetime().nullable(),
  firstResponseDueAt: z.iso.datetime(),
  resolutionDueAt: z.iso.datetime(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  url: z.url().describe('The ticket in the agents\' web app (sign-in needed; no token in it)'),
});
/** Our JSON format. */
export const webhookEnvelopeSchema = z
  .object({
    id: z.uuid().describe('The delivery id (also in Guichet-Delivery)'),
    type: z.enum([...webhookEventTypes, WEBHOOK_TEST_EVENT]),
    createdAt: z.iso.datetime(),
    brand: z.object({ id: z.string(), slug: z.string(), name: z.string() }),
    ticket: webhookTicketSchema.nullable(),
    data: z.record(z.string(), z.unknown()).describe('`change`: the timeline event it came from, and its exported fields (status from/to, outcome, SLA target and dueAt, payment verdict…)'),
  })
  .meta({ id: 'WebhookEvent' });
/** The Slack-compatible format (an incoming-webhook message). */
export const slackMessageSchema = z.object({ text: z.string(), blocks: z.array(z.record(z.string(), z.unknown())) }).meta({ id: 'WebhookSlackMessage' });

const signatureHeaders = z.object({
  'guichet-signature': z.string().describe('t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>'),
  'guichet-event': z.enum([...webhookEventTypes, WEBHOOK_TEST_EVENT]),
  'guichet-delivery': z.uuid(),
});

const delivery = (format: 'json' | 'slack'): ZodOpenApiPathItemObject => ({
  post: {
    tags: ['integrations'],
    summary: format === 'json' ? 'A delivery in the `json` format' : 'A delivery in the `slack` format (to a Slack incoming-webhook URL)',
    description: signatureDoc,
    requestParams: { header: signatureHeaders },
    requestBody: { content: { 'application/json': { schema: format === 'json' ? webhookEnvelopeSchema : slackMessageSchema } } },
    responses: { 200: { description: 'Any 2xx: delivered.' } },
  },
});

/** OpenAPI 3.1 `webhooks`: what Guichet sends to the endpoints admins register. */
export const integrationsWebhooks = { ticketEvent: delivery('json'), slackMessage: delivery('slack') };

const admin = caller('admin');
const webhookPaths: ZodOpenApiPathsObject = {
  '/api/webhooks': {
    get: {
      tags: ['integrations'],
      summary: 'Outgoing webhook endpoints, of one shop with `brand=<slug>`',
      ...admin,
      requestParams: { query: webhookListQuerySchema },
      responses: { 200: json('The endpoints (never their secret).', webhookEndpointListSchema), ...errors({ 400: ['validation_failed'], 404: ['not_found'] }) },
    },
    post: {
      tags: ['integrations'],
      summary: 'Register an endpoint for a shop: its URL, the events it wants, its format; the signing secret is in the answer only',
      description: `${signatureDoc} The URL must be https and public: a private, loopback or link-local address (checked again after DNS resolution at each delivery) answers 422 \`webhook_url_refused\`.`,
      ...admin,
      requestBody: { content: { 'application/json': { schema: webhookCreateSchema } } },
      responses: {
        201: json('Registered: copy `secret` now.', webhookEndpointWithSecretSchema),
        ...errors({ 400: ['validation_failed'], 422: ['webhook_url_refused', 'validation_failed'] }),
      },
    },
  },
  '/api/webhooks/{id}': {
    patch: {
      tags: ['integrations'],
      summary: 'Change an endpoint, turn it off or back on (`enabled`)',
      ...admin,
      requestParams: { path: webhookIdParamsSchema },
      requestBody: { content: { 'application/json': { schema: webhookUpdateSchema } } },
      responses: {
        200: json('The endpoint as changed.', webhookEndpointViewSchema),
        ...errors({ 400: ['validation_failed', 'nothing_to_change'], 404: ['not_found'], 422: ['webhook_url_refused'] }),
      },
    },
    delete: {
      tags: ['integrations'],
      summary: 'Remove an endpoint and its delivery log',
      ...admin,
      requestParams: { path: webhookIdParamsSchema },
      responses: { 204: { description: 'Removed.' }, ...errors({ 400: ['validation_failed'], 404: ['not_found'] }) },
    },
  },
  '/api/webhooks/{id}/secret': {
    post: {
      tags: ['integrations'],
      summary: 'A new signing secret (shown once); the old one stops signing at once',
      ...admin,
      requestParams: { path: webhookIdParamsSchema },
      responses: { 200: json('The endpoint and its new secret.', webhookEndpointWithSecretSchema), ...errors({ 400: ['validation_failed'], 404: ['not_found'] }) },
    },
  },
  '/api/webhooks/{id}/test': {
    post: {
      tags: ['integrations'],
      summary: 'Send a `webhook.test` event now, whatever events the endpoint chose',
      ...admin,
      requestParams: { path: webhookIdParamsSchema },
      responses: { 202: json('Queued; its attempts appear in the delivery log.', webhookDeliveryViewSchema), ...errors({ 400: ['validation_failed'], 404: ['not_found'], 409: ['invalid_transition'] }) },
    },
  },
  '/api/webhooks/{id}/deliveries': {
    get: {
      tags: ['integrations'],
      summary: 'The delivery log: newest first, each with every attempt (time, status code, duration, the answer’s first characters or the network error)',
      ...admin,
      requestParams: { path: webhookIdParamsSchema, query: webhookDeliveriesQuerySchema },
      responses: { 200: json('The deliveries.', webhookDeliveryListSchema), ...errors({ 400: ['validation_failed'], 404: ['not_found'] }) },
    },
  },
  '/api/webhooks/{id}/deliveries/{deliveryId}/resend': {
    post: {
      tags: ['integrations'],
      summary: 'Send a delivered or failed delivery again: same id, same body, fresh attempts',
      ...admin,
      requestParams: { path: webhookDeliveryParamsSchema },
      responses: { 202: json('Queued again.', webhookDeliveryViewSchema), ...errors({ 400: ['validation_failed'], 404: ['not_found'], 409: ['invalid_transition'] }) },
    },
  },
};

/** API tokens and outgoing webhooks: the admins' routes. */
export const integrationsPaths: ZodOpenApiPathsObject = { ...tokenPaths, ...webhookPaths };
