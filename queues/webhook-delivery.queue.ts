import { z } from 'zod';
import { WEBHOOK_QUEUE, webhookJobId } from '../db/repositories/webhook.repository';
import { defineQueue, retention } from './queue-definition';

/** Attempts per delivery (and per "send again"): with WEBHOOK_RETRY_BASE_MS doubling, about a day. */
export const WEBHOOK_ATTEMPTS = 8;
/** The backoff type the worker computes from WEBHOOK_RETRY_BASE_MS (workers/webhook-delivery.processor.ts). */
export const WEBHOOK_BACKOFF = 'webhook';

/**
 * One webhook delivery to one endpoint (db/repositories/webhook.repository.ts records it with
 * the change that causes it). The job id names the delivery, and the resend an admin asked
 * for: the same delivery is queued once per send.
 */
export const webhookDeliveryQueue = defineQueue({
  name: WEBHOOK_QUEUE,
  payload: z.object({ deliveryId: z.uuid(), resend: z.number().int().min(0).default(0) }),
  jobId: ({ deliveryId, resend }) => webhookJobId(deliveryId, resend),
  options: { attempts: WEBHOOK_ATTEMPTS, backoff: { type: WEBHOOK_BACKOFF }, ...retention },
});
export type WebhookDeliveryJob = z.output<typeof webhookDeliveryQueue.payload>;
