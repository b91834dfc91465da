import { randomUUID } from 'node:crypto';
import type { AppContext } from '../../core/context';
import { sealSecret } from '../../core/secret-box';
import { urlPolicy, webhookSecretContext } from '../../core/webhook-deliveries';
import { resolvesToAllowed } from '../../core/webhook-sender';
import type { Brand } from '../../db/entities/brand.entity';
import type { User } from '../../db/entities/user.entity';
import type { WebhookDelivery } from '../../db/entities/webhook-delivery.entity';
import type { WebhookEndpoint } from '../../db/entities/webhook-endpoint.entity';
import { newDelivery, webhookJob } from '../../db/repositories/webhook.repository';
import { WEBHOOK_TEST_EVENT } from '../../domain/webhook-events';
import { generateWebhookSecret } from '../../domain/webhook-signature';
import { checkWebhookUrl, type UrlRefusal } from '../../domain/webhook-url';
import type { WebhookCreate, WebhookDeliveryView, WebhookEndpointView, WebhookUpdate } from '../../domain/webhook.schemas';
import { AppError, notFound } from '../errors';

/*
 * Admins' side of outgoing webhooks: endpoints per shop, their secret (shown when created or
 * rotated, sealed at rest), the delivery log, "send again" and "send a test event".
 */

const REFUSALS: Record<UrlRefusal, string> = {
  invalid_url: 'This is not an http(s) URL.',
  https_required: 'Webhooks are sent over https only.',
  credentials_in_url: 'Put no user name or password in the URL.',
  private_address: 'This address is on a private, loopback or link-local network: Guichet does not send requests there.',
  unresolvable: 'This host name does not resolve.',
};
const refusedUrl = (reason: UrlRefusal) => new AppError(422, 'webhook_url_refused', REFUSALS[reason], { field: 'url', reason });

/** The checks of a URL at save time: its form, then every address its name resolves to now (delivery checks again). */
async function checkedUrl(ctx: AppContext, raw: string): Promise<string> {
  const check = checkWebhookUrl(raw, urlPolicy(ctx));
  if (!check.ok) throw refusedUrl(check.reason);
  if (!check.literalIp) {
    const resolved = await resolvesToAllowed(check.host, urlPolicy(ctx));
    if (resolved !== 'ok') throw refusedUrl(resolved);
  }
  return check.url.toString();
}

export function endpointView(e: WebhookEndpoint, brand: Pick<Brand, 'id' | 'slug' | 'name'>): WebhookEndpointView {
  return {
    id: e.id,
    brand: { id: brand.id, slug: brand.slug, name: brand.name },
    url: e.url,
    description: e.description,
    events: e.events,
    format: e.format,
    enabled: !e.disabledAt,
    disabledReason: e.disabledReason,
    disabledAt: e.disabledAt?.toISOString() ?? null,
    failingSince: e.failingSince?.toISOString() ?? null,
    createdAt: e.createdAt.toISOString(),
    updatedAt: e.updatedAt.toISOString(),
  };
}

async function brandOf(ctx: AppContext, brandId: string): Promise<Brand> {
  return (await ctx.db.repos.brands.findById(brandId))!;
}

async function endpointOr404(ctx: AppContext, id: string): Promise<WebhookEndpoint> {
  const endpoint = await ctx.db.repos.webhooks.findEndpoint(id);
  if (!endpoint) throw notFound('webhook endpoint');
  return endpoint;
}

export async function listEndpoints(ctx: AppContext, brandSlug?: string): Promise<WebhookEndpointView[]> {
  const brands = await ctx.db.repos.brands.list();
  const brand = brandSlug ? brands.find((b) => b.slug === brandSlug) : undefined;
  if (brandSlug && !brand) throw notFound('shop');
  const byId = new Map(brands.map((b) => [b.id, b]));
  return (await ctx.db.repos.webhooks.listEndpoints(brand?.id)).map((e) => endpointView(e, byId.get(e.brandId)!));
}

export async function createEndpoint(ctx: AppContext, admin: User, input: WebhookCreate): Promise<WebhookEndpointView & { secret: string }> {
  const brand = await ctx.db.repos.brands.findBySlug(input.brand);
  if (!brand) throw new AppError(422, 'validation_failed', 'Some fields are invalid.', [{ field: 'brand', code: 'custom', message: 'no such shop' }]);
  const url = await checkedUrl(ctx, input.url);
  const now = ctx.now();
  const id = randomUUID();
  const secret = generateWebhookSecret();
  const endpoint: WebhookEndpoint = {
    id,
    brandId: brand.id,
    url,
    description: input.description ?? null,
    events: input.events,
    format: input.format,
    secretSealed: sealSecret(ctx.config.APP_SECRET, secret, webhookSecretContext(id)),
    disabledAt: null,
    disabledReason: null,
    failingSince: null,
    createdById: admin.id,
    createdAt: now,
    updatedAt: now,
  };
  await ctx.db.repos.webhooks.insertEndpoint(endpoint);
  ctx.logger.info({ endpoint: id, brand: brand.slug, by: admin.id }, 'webhook endpoint created');
  return { ...endpointView(endpoint, brand), secret };
}

export async function updateEndpoint(ctx: AppContext, id: string, input: WebhookUpdate): Promise<WebhookEndpointView> {
  const endpoint = await endpointOr404(ctx, id);
  if (!Object.keys(input).length) throw new AppError(400, 'nothing_to_change', 'Give at least one of url, events, format, description or enabled.');
  const now = ctx.now();
  const changes: Partial<WebhookEndpoint> = { updatedAt: now };
  if (input.url !== undefined) changes.url = await checkedUrl(ctx, input.url);
  if (input.events) changes.events = input.events;
  if (input.format) changes.format = input.format;
  if (input.description !== undefined) changes.description = input.description;
  if (input.enabled === true) Object.assign(changes, { disabledAt: null, disabledReason: null, failingSince: null });
  if (input.enabled === false && !endpoint.disabledAt) Object.assign(changes, { disabledAt: now, disabledReason: 'admin' });
  await ctx.db.repos.webhooks.updateEndpoint(id, changes);
  return endpointView({ ...endpoint, ...changes }, await brandOf(ctx, endpoint.brandId));
}

export async function deleteEndpoint(ctx: AppContext, id: string): Promise<void> {
  await endpointOr404(ctx, id);
  await ctx.db.transaction((repos) => repos.webhooks.deleteEndpoint(id));
}

/** A new secret, shown once; the old one stops signing at once. */
export async function rotateSecret(ctx: AppContext, id: string): Promise<WebhookEndpointView & { secret: string }> {
  const endpoint = await endpointOr404(ctx, id);
  const secret = generateWebhookSecret();
  const changes = { secretSealed: sealSecret(ctx.config.APP_SECRET, secret, webhookSecretContext(id)), updatedAt: ctx.now() };
  await ctx.db.repos.webhooks.updateEndpoint(id, changes);
  return { ...endpointView({ ...endpoint, ...changes }, await brandOf(ctx, endpoint.brandId)), secret };
}

export async function deliveryViews(ctx: AppContext, deliveries: WebhookDelivery[]): Promise<WebhookDeliveryView[]> {
  const attempts = await ctx.db.repos.webhooks.attemptsOf(deliveries.map((d) => d.id));
  return deliveries.map((d) => ({
    id: d.id,
    endpointId: d.endpointId,
    event: d.eventType,
    ticketId: d.ticketId,
    status: d.status,
    attempts: d.attempts,
    lastStatusCode: d.lastStatusCode,
    createdAt: d.createdAt.toISOString(),
    lastAttemptAt: d.lastAttemptAt?.toISOString() ?? null,
    deliveredAt: d.deliveredAt?.toISOString() ?? null,
    attemptLog: attempts
      .filter((a) => a.deliveryId === d.id)
      .map((a) => ({ attempt: a.attempt, at: a.at.toISOString(), durationMs: a.durationMs, statusCode: a.statusCode, responseSnippet: a.responseSnippet, error: a.error })),
  }));
}

export async function listDeliveries(ctx: AppContext, endpointId: string, limit = 50): Promise<WebhookDeliveryView[]> {
  await endpointOr404(ctx, endpointId);
  return deliveryViews(ctx, await ctx.db.repos.webhooks.listDeliveries(endpointId, limit));
}

/** "Send a test event": a `webhook.test` delivery, sent now whatever events the endpoint chose (even disabled: it is how an admin checks a fix). */
export async function sendTestEvent(ctx: AppContext, endpointId: string, admin: User): Promise<WebhookDeliveryView> {
  const endpoint = await endpointOr404(ctx, endpointId);
  if (endpoint.disabledAt) throw new AppError(409, 'invalid_transition', 'Turn the endpoint back on before sending it a test event.', { from: 'disabled', to: 'test' });
  const delivery = newDelivery(endpoint.id, WEBHOOK_TEST_EVENT, null, { message: 'A test event from Guichet.', requestedBy: admin.name }, ctx.now());
  delivery.dispatchedAt = ctx.now();
  const jobs = await ctx.db.transaction((repos) => repos.webhooks.insertDeliveries([delivery]));
  await ctx.dispatcher.dispatch(jobs);
  return (await deliveryViews(ctx, [delivery]))[0];
}

/** "Send again": the same delivery (same id, same body) queued once more with fresh attempts. */
export async function resendDelivery(ctx: AppContext, endpointId: string, deliveryId: string): Promise<WebhookDeliveryView> {
  const endpoint = await endpointOr404(ctx, endpointId);
  const delivery = await ctx.db.repos.webhooks.findDelivery(deliveryId);
  if (!delivery || delivery.endpointId !== endpoint.id) throw notFound('delivery');
  if (endpoint.disabledAt) throw new AppError(409, 'invalid_transition', 'Turn the endpoint back on before sending again.', { from: 'disabled', to: 'pending' });
  if (delivery.status === 'pending') throw new AppError(409, 'invalid_transition', 'This delivery is still being sent.', { from: 'pending', to: 'pending' });
  const resends = delivery.resends + 1;
  const job = webhookJob(delivery.id, resends);
  await ctx.db.transaction(async (repos) => {
    await repos.webhooks.updateDelivery(delivery.id, { status: 'pending', resends, deliveredAt: null, dispatchedAt: ctx.now() });
    await repos.outbox.add(job);
  });
  await ctx.dispatcher.dispatch([job]);
  return (await deliveryViews(ctx, [(await ctx.db.repos.webhooks.findDelivery(delivery.id))!]))[0];
}
