import type { AppContext } from '../../core/context';
import type { StripeConnectorView } from '../../core/payment-views';
import { sealSecret, secretHint } from '../../core/secret-box';
import { connectorSecretContext } from '../../core/stripe-connector';
import type { Brand } from '../../db/entities/brand.entity';
import type { PaymentConnector } from '../../db/entities/payment-connector.entity';
import type { User } from '../../db/entities/user.entity';

/** What an admin sees of a brand's Stripe connection: never the secrets, only a hint and where to point webhooks. */
export function connectorView(ctx: AppContext, brand: Brand, row: PaymentConnector | null): StripeConnectorView {
  return {
    provider: 'stripe',
    configured: row !== null,
    keyHint: row?.keyHint ?? null,
    updatedAt: row?.updatedAt.toISOString() ?? null,
    webhookUrl: `${ctx.config.PUBLIC_URL.replace(/\/$/, '')}/api/payments/webhooks/stripe/${brand.slug}`,
  };
}

/** Sets the brand's Stripe key and webhook signing secret, sealed at rest. */
export async function setStripeConnector(ctx: AppContext, user: User, brand: Brand, input: { secretKey: string; webhookSecret: string }) {
  const row = await ctx.db.transaction((repos) =>
    repos.connectors.save({
      brandId: brand.id,
      provider: 'stripe',
      sealedSecretKey: sealSecret(ctx.config.APP_SECRET, input.secretKey, connectorSecretContext(brand.id, 'secretKey')),
      sealedWebhookSecret: sealSecret(ctx.config.APP_SECRET, input.webhookSecret, connectorSecretContext(brand.id, 'webhookSecret')),
      keyHint: secretHint(input.secretKey),
      updatedBy: user.id,
      updatedAt: ctx.now(),
    }),
  );
  ctx.logger.info({ brand: brand.slug, by: user.id, keyHint: row.keyHint }, 'Stripe connection set');
  return connectorView(ctx, brand, row);
}
