import type { Job } from 'bullmq';
import type { AppContext } from '../core/context';
import { sendDelivery } from '../core/webhook-deliveries';
import { webhookDeliveryQueue } from '../queues';

/** One attempt at one webhook delivery (core/webhook-deliveries.ts); a failure throws, and BullMQ retries with the webhook backoff. */
export const webhookDeliveryProcessor = (ctx: AppContext) => async (job: Job) => {
  const { deliveryId } = webhookDeliveryQueue.payload.parse(job.data);
  return sendDelivery(ctx, job, deliveryId);
};
