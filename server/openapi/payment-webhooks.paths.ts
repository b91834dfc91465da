import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { caller, errors, json } from './common';
import { webhookReceiptSchema } from './views';

export const stripeWebhookParamsSchema = z.object({ brand: z.string().describe('The shop’s slug, as in the webhook URL its connection shows') });

export const paymentWebhooksPaths: ZodOpenApiPathsObject = {
  '/api/payments/webhooks/stripe/{brand}': {
    post: {
      tags: ['payments'],
      summary: 'Stripe’s events for a shop (charges, refunds, disputes) into its ledger; tickets they concern are verified again',
      description: 'No session and no CSRF token: the `Stripe-Signature` header, over the exact bytes sent, is the authentication. An event received twice is applied once.',
      ...caller('stripe'),
      requestParams: { path: stripeWebhookParamsSchema, header: z.object({ 'stripe-signature': z.string().describe('t=<timestamp>,v1=<HMAC-SHA256>') }) },
      requestBody: { content: { 'application/json': { schema: z.looseObject({ id: z.string(), type: z.string() }).describe('A Stripe event, signed') } } },
      responses: { 200: json('Received.', webhookReceiptSchema), ...errors({ 400: ['invalid_webhook_signature', 'invalid_body'], 404: ['not_found'] }) },
    },
  },
};
