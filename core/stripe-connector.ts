import Stripe from 'stripe';
import type { Database } from '../db/database';
import type { PaymentConnector } from '../db/entities/payment-connector.entity';
import { fromStripeCharge, fromStripeDispute, fromStripeRefund, type LedgerRow } from '../domain/stripe-ledger';
import type { Config } from './config';
import type { Logger } from './logger';
import { openSecret } from './secret-box';

/*
 * The one place that talks to Stripe (the official SDK, pinned): a brand's lookups, refunds
 * and webhook checks. Keys are opened from their sealed form only here, only when used.
 */

/** At most this many charges are read around one reported payment (10 pages): enough for a shop's few days. */
const MAX_CHARGES_PER_LOOKUP = 1000;

/** The refund's metadata key holding the Guichet request that made it: a repeat finds the refund even after Stripe forgot the idempotency key. */
const REQUEST_KEY = 'guichet_request';

/** What a sealed field is bound to (core/secret-box.ts `context`). */
export const connectorSecretContext = (brandId: string, field: 'secretKey' | 'webhookSecret') => `brand:${brandId}:stripe:${field}`;

export class StripeConnector {
  private readonly stripe: Stripe;

  constructor(
    secretKey: string,
    private readonly webhookSecret: string,
    apiUrl: string | undefined,
  ) {
    const url = apiUrl ? new URL(apiUrl) : null;
    this.stripe = new Stripe(secretKey, {
      maxNetworkRetries: 2,
      timeout: 10_000,
      appInfo: { name: 'Guichet' },
      ...(url ? { host: url.hostname, port: Number(url.port || (url.protocol === 'http:' ? 80 : 443)), protocol: url.protocol === 'http:' ? 'http' : 'https' } : {}),
    });
  }

  /**
   * The charges created between `from` and `to` with their refunds, and the disputes of the
   * disputed ones (List with a `created` range: Search lags behind by minutes).
   */
  async chargesBetween(from: Date, to: Date, now: Date): Promise<{ rows: LedgerRow[]; truncated: boolean }> {
    const rows: LedgerRow[] = [];
    let count = 0;
    const disputed: string[] = [];
    for await (const charge of this.stripe.charges.list({ created: { gte: Math.floor(from.getTime() / 1000), lte: Math.ceil(to.getTime() / 1000) }, limit: 100, expand: ['data.refunds'] })) {
      rows.push(...fromStripeCharge(charge, now));
      if (charge.disputed) disputed.push(charge.id);
      if (++count >= MAX_CHARGES_PER_LOOKUP) break;
    }
    for (const charge of disputed) {
      for await (const dispute of this.stripe.disputes.list({ charge, limit: 100 })) rows.push(fromStripeDispute(dispute, now));
    }
    return { rows, truncated: count >= MAX_CHARGES_PER_LOOKUP };
  }

  /**
   * One charge as Stripe has it now, with its refunds, and which of those refunds each
   * Guichet request made (REQUEST_KEY in the refund's metadata).
   */
  async charge(chargeId: string, now: Date): Promise<{ rows: LedgerRow[]; refundByRequest: Map<string, string> }> {
    const charge = await this.stripe.charges.retrieve(chargeId, { expand: ['refunds'] });
    const refundByRequest = new Map((charge.refunds?.data ?? []).flatMap((r) => (r.metadata?.[REQUEST_KEY] ? [[r.metadata[REQUEST_KEY], r.id] as const] : [])));
    return { rows: fromStripeCharge(charge, now), refundByRequest };
  }

  /**
   * Refunds `amountCents` of the charge. The idempotency key makes a repeat of the same
   * request (a double click, a retry after a timeout) return the first refund, never a second.
   */
  async refund(chargeId: string, amountCents: number, idempotencyKey: string, metadata: Record<string, string>, now: Date): Promise<LedgerRow> {
    const refund = await this.stripe.refunds.create({ charge: chargeId, amount: amountCents, reason: 'requested_by_customer', metadata: { ...metadata, [REQUEST_KEY]: idempotencyKey } }, { idempotencyKey });
    return fromStripeRefund(refund, undefined, now)[0];
  }

  /** The event, if the signature over the raw body is the brand's; throws otherwise (Stripe.errors.StripeSignatureVerificationError). */
  verifyWebhook(rawBody: Buffer, signature: string | undefined): Stripe.Event {
    return this.stripe.webhooks.constructEvent(rawBody, signature ?? '', this.webhookSecret);
  }
}

const clients = new WeakMap<Database, Map<string, { updatedAt: number; connector: StripeConnector }>>();

/** The brand's Stripe connector, or null when it has none. Kept per process until an admin changes it. */
export async function stripeConnectorFor(db: Database, config: Pick<Config, 'APP_SECRET' | 'STRIPE_API_URL'>, brandId: string, logger?: Pick<Logger, 'error'>): Promise<StripeConnector | null> {
  const row = await db.repos.connectors.find(brandId, 'stripe');
  if (!row) return null;
  try {
    return openConnector(db, config, row);
  } catch {
    // Sealed under another APP_SECRET (it was changed): as if not connected until an admin enters the keys again.
    logger?.error({ brandId, keyHint: row.keyHint }, 'the Stripe keys of this shop cannot be opened with this APP_SECRET: enter them again');
    return null;
  }
}

function openConnector(db: Database, config: Pick<Config, 'APP_SECRET' | 'STRIPE_API_URL'>, row: PaymentConnector): StripeConnector {
  let byBrand = clients.get(db);
  if (!byBrand) clients.set(db, (byBrand = new Map()));
  const cached = byBrand.get(row.brandId);
  if (cached && cached.updatedAt === row.updatedAt.getTime()) return cached.connector;
  const connector = new StripeConnector(
    openSecret(config.APP_SECRET, row.sealedSecretKey, connectorSecretContext(row.brandId, 'secretKey')),
    openSecret(config.APP_SECRET, row.sealedWebhookSecret, connectorSecretContext(row.brandId, 'webhookSecret')),
    config.STRIPE_API_URL,
  );
  byBrand.set(row.brandId, { updatedAt: row.updatedAt.getTime(), connector });
  return connector;
}

/** Stripe answered, and said no (a card error, an invalid request), as opposed to not answering. */
export const isStripeRefusal = (err: unknown): err is Stripe.errors.StripeError =>
  err instanceof Stripe.errors.StripeError && !(err instanceof Stripe.errors.StripeConnectionError) && !(err instanceof Stripe.errors.StripeAPIError) && !(err instanceof Stripe.errors.StripeRateLimitError);

export const isSignatureError = (err: unknown) => err instanceof Stripe.errors.StripeSignatureVerificationError;
