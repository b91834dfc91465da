import type { AppContext } from '../../core/context';
import { ledgerChanged } from '../../core/payment-verification';
import { isSignatureError, stripeConnectorFor } from '../../core/stripe-connector';
import { isUniqueViolation } from '../../db/errors';
import { fromStripeEvent } from '../../domain/stripe-ledger';
import { AppError, notFound } from '../errors';
import { resolveBrand } from './brand-context';

/**
 * `POST /api/payments/webhooks/stripe/:brand`: an event Stripe signed with the brand's
 * webhook secret (checked against the raw body), applied to the ledger once per event id,
 * with the re-check of the tickets it may concern recorded in the same transaction.
 */
export async function receiveStripeWebhook(ctx: AppContext, brandSlug: string, rawBody: Buffer, signature: string | undefined) {
  const brand = await resolveBrand(ctx.db, brandSlug).catch(() => {
    throw notFound('shop');
  });
  const connector = await stripeConnectorFor(ctx.db, ctx.config, brand.id, ctx.logger);
  if (!connector) throw notFound('Stripe connection for this shop');
  let event;
  try {
    event = connector.verifyWebhook(rawBody, signature);
  } catch (err) {
    if (isSignatureError(err)) throw new AppError(400, 'invalid_webhook_signature', 'The Stripe-Signature header does not match this shop’s webhook secret (or is too old).');
    throw new AppError(400, 'invalid_body', 'The event could not be read.');
  }
  const rows = fromStripeEvent(event);
  const now = ctx.now();
  try {
    const outcome = await ctx.db.transaction(async (repos) => {
      const first = await repos.connectors.recordWebhookEvent({ provider: 'stripe', eventId: event.id, brandId: brand.id, type: event.type, receivedAt: now });
      if (!first) return null;
      if (!rows?.length) return { applied: 0, jobs: [] };
      const counts = await repos.payments.upsertMany(brand.id, rows, now);
      return { applied: counts.imported + counts.updated, jobs: await ledgerChanged(repos, brand.id, rows.map((r) => r.providerId)) };
    });
    if (!outcome) return { received: true, duplicate: true };
    await ctx.dispatcher.dispatch(outcome.jobs);
    return { received: true, type: event.type, applied: outcome.applied };
  } catch (err) {
    // The same event delivered twice at once: the other delivery applied it.
    if (isUniqueViolation(err)) return { received: true, duplicate: true };
    throw err;
  }
}
