import type { Job } from 'bullmq';
import type { Brand } from '../db/entities/brand.entity';
import type { Ticket } from '../db/entities/ticket.entity';
import type { WebhookDelivery } from '../db/entities/webhook-delivery.entity';
import type { WebhookEndpoint } from '../db/entities/webhook-endpoint.entity';
import { webhookJob } from '../db/repositories/webhook.repository';
import { NO_DEADLINE } from '../domain/sla';
import { webhookBody, type WebhookEnvelope, type WebhookTicket } from '../domain/webhook-events';
import { DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, signatureHeader } from '../domain/webhook-signature';
import type { UrlPolicy } from '../domain/webhook-url';
import { webhookDeliveryQueue } from '../queues/webhook-delivery.queue';
import { cachedBrand } from './brands';
import type { AppContext } from './context';
import { openSecret } from './secret-box';
import { postWebhook } from './webhook-sender';

/*
 * Sending webhook deliveries: the worker's side. A delivery's body is built at its first
 * attempt and frozen, so every attempt (and a "send again") sends the same bytes under the same
 * Guichet-Delivery id; each attempt is signed afresh (its own timestamp) and recorded.
 */

/** The sealed secret's context: a sealed value moved to another endpoint does not open. */
export const webhookSecretContext = (endpointId: string) => `webhook:${endpointId}:secret`;

export const urlPolicy = (ctx: AppContext): UrlPolicy => ({ allowLoopbackHttp: ctx.config.WEBHOOK_ALLOW_LOOPBACK_HTTP });


/** Where the agents' web app shows a ticket (no token in it: a sign-in is needed). */
export const agentTicketUrl = (publicUrl: string, ticketId: string) => `${publicUrl.replace(/\/$/, '')}/agent/tickets/${ticketId}`;

export function webhookTicket(t: Ticket, publicUrl: string): WebhookTicket {
  return {
    id: t.id,
    reference: t.reference,
    status: t.status,
    type: t.type,
    priority: t.priority,
    source: t.source,
    assigneeId: t.assigneeId,
    amountCents: t.amountCents,
    currency: t.currency,
    missingEvidence: [...t.missingEvidence],
    outcome: t.outcome,
    dueAt: t.nextDueAt && t.nextDueAt.getTime() < NO_DEADLINE.getTime() ? t.nextDueAt.toISOString() : null,
    firstResponseDueAt: t.firstResponseDueAt.toISOString(),
    resolutionDueAt: t.resolutionDueAt.toISOString(),
    createdAt: t.createdAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
    url: agentTicketUrl(publicUrl, t.id),
  };
}

export function envelopeOf(delivery: WebhookDelivery, brand: Brand, ticket: Ticket | null, publicUrl: string): WebhookEnvelope {
  return {
    id: delivery.id,
    type: delivery.eventType,
    createdAt: delivery.createdAt.toISOString(),
    brand: { id: brand.id, slug: brand.slug, name: brand.name },
    ticket: ticket ? webhookTicket(ticket, publicUrl) : null,
    data: delivery.data,
  };
}

/** True once the delivery is finished (delivered, or failed for good); throws to have BullMQ try again. */
export async function sendDelivery(ctx: AppContext, job: Job, deliveryId: string): Promise<'delivered' | 'failed' | 'skipped'> {
  const repos = ctx.db.repos;
  const jobId = job.id!;
  const delivery = await repos.webhooks.findDelivery(deliveryId);
  const endpoint = delivery && (await repos.webhooks.findEndpoint(delivery.endpointId));
  if (!delivery || !endpoint || delivery.status !== 'pending') {
    await repos.outbox.markProcessed(jobId, ctx.now());
    return 'skipped';
  }
  if (endpoint.disabledAt) {
    await repos.webhooks.updateDelivery(delivery.id, { status: 'cancelled' });
    await repos.outbox.markProcessed(jobId, ctx.now());
    return 'skipped';
  }
  const body = delivery.body ?? (await repos.webhooks.freezeBody(delivery.id, await buildBody(ctx, delivery, endpoint)));
  const now = ctx.now();
  const secret = readSecret(ctx, endpoint);
  const result = secret
    ? await postWebhook(
        endpoint.url,
        body,
        // The receiver checks the timestamp against its own clock: the wall clock's, not the business clock's.
        { [SIGNATURE_HEADER]: signatureHeader(secret, body, new Date()), [EVENT_HEADER]: delivery.eventType, [DELIVERY_HEADER]: delivery.id },
        { timeoutMs: ctx.config.WEBHOOK_TIMEOUT_MS, policy: urlPolicy(ctx) },
      )
    : { statusCode: null, durationMs: 0, responseSnippet: null, error: 'not sent: the signing secret cannot be read (APP_SECRET changed?); give the endpoint a new secret' };
  await repos.webhooks.recordAttempt({ deliveryId: delivery.id, at: now, durationMs: result.durationMs, statusCode: result.statusCode, responseSnippet: result.responseSnippet, error: result.error });
  const delivered = result.statusCode !== null && result.statusCode >= 200 && result.statusCode < 300;
  if (delivered) {
    await repos.webhooks.updateDelivery(delivery.id, { status: 'delivered', deliveredAt: ctx.now() });
    await repos.webhooks.markHealthy(endpoint.id);
    await repos.outbox.markProcessed(jobId, ctx.now());
    return 'delivered';
  }
  // Another run of the same delivery may have got through meanwhile (a job handed to the queue again): then nothing failed.
  if ((await repos.webhooks.findDelivery(delivery.id))?.status !== 'pending') {
    await repos.outbox.markProcessed(jobId, ctx.now());
    return 'skipped';
  }
  await repos.webhooks.markFailing(endpoint.id, now);
  const last = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
  if (!last) throw new Error(`webhook delivery ${delivery.id} failed: ${result.error ?? `HTTP ${result.statusCode}`}`);
  // Out of attempts: failed for good (an admin may send it again); the sweeper must not start it over.
  await repos.webhooks.failIfPending(delivery.id);
  await repos.outbox.markProcessed(jobId, ctx.now());
  await disableIfFailingTooLong(ctx, endpoint.id);
  return 'failed';
}

/** The endpoint's secret, or null when it no longer opens (sealed under another APP_SECRET, or tampered with): nothing unsigned ever leaves. */
function readSecret(ctx: AppContext, endpoint: WebhookEndpoint): string | null {
  try {
    return openSecret(ctx.config.APP_SECRET, endpoint.secretSealed, webhookSecretContext(endpoint.id));
  } catch {
    ctx.logger.warn({ endpoint: endpoint.id }, 'webhook secret cannot be opened; rotate it');
    return null;
  }
}

/** An endpoint failing for WEBHOOK_DISABLE_AFTER_MS is turned off (the integrations screen says why). */
async function disableIfFailingTooLong(ctx: AppContext, endpointId: string) {
  const endpoint = await ctx.db.repos.webhooks.findEndpoint(endpointId);
  const now = ctx.now();
  if (!endpoint || endpoint.disabledAt || !endpoint.failingSince) return;
  if (now.getTime() - endpoint.failingSince.getTime() < ctx.config.WEBHOOK_DISABLE_AFTER_MS) return;
  await ctx.db.repos.webhooks.updateEndpoint(endpoint.id, { disabledAt: now, disabledReason: 'failing', updatedAt: now });
  ctx.logger.warn({ endpoint: endpoint.id, brand: endpoint.brandId, failingSince: endpoint.failingSince }, 'webhook endpoint disabled: every delivery failed for days');
}

async function buildBody(ctx: AppContext, delivery: WebhookDelivery, endpoint: WebhookEndpoint): Promise<string> {
  const brand = (await cachedBrand(ctx.db, { id: endpoint.brandId }))!;
  const ticket = delivery.ticketId ? await ctx.db.repos.tickets.findById(delivery.ticketId) : null;
  return webhookBody(endpoint.format, envelopeOf(delivery, brand, ticket, ctx.config.PUBLIC_URL), brand.policy.defaultLanguage);
}

/** BullMQ's delay before retry `attemptsMade` (1, 2, …): the base doubling, ±10 % so that many endpoints do not retry in step. */
export const webhookBackoff = (baseMs: number) => (attemptsMade: number) => Math.round(baseMs * 2 ** Math.max(0, attemptsMade - 1) * (0.9 + Math.random() * 0.2));

/**
 * Hands new deliveries to BullMQ at once rather than at the outbox sweeper's next pass (the
 * recording transaction cannot reach the dispatcher). Job ids are the outbox's: a job the
 * sweeper also adds is one job.
 */
export async function dispatchNewDeliveries(ctx: AppContext): Promise<number> {
  const pending = await ctx.db.repos.webhooks.findUndispatched(200);
  if (!pending.length) return 0;
  await ctx.dispatcher.queue(webhookJob(pending[0].id).queue).addBulk(
    pending.map((d) => {
      const job = webhookJob(d.id, d.resends);
      return { name: job.queue, data: job.payload, opts: { ...webhookDeliveryQueue.options, jobId: job.jobId } };
    }),
  );
  await ctx.db.repos.webhooks.markDispatched(pending.map((d) => d.id), ctx.now());
  return pending.length;
}

/** How long the delivery log keeps a finished delivery. */
export const DELIVERY_LOG_DAYS = 30;

/** Drops finished deliveries older than DELIVERY_LOG_DAYS, so the log stays the size of a month. */
export async function pruneDeliveryLog(ctx: AppContext): Promise<number> {
  const before = new Date(ctx.now().getTime() - DELIVERY_LOG_DAYS * 24 * 3600_000);
  let total = 0;
  for (let n = -1; n !== 0; total += n) n = await ctx.db.transaction((repos) => repos.webhooks.deleteFinishedBefore(before));
  return total;
}
