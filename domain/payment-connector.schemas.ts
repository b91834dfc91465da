import { z } from 'zod';

/** A shop's Stripe connection as an admin enters it (`PUT /api/brands/:slug/connectors/stripe`). */
export const stripeConnectorSchema = z.strictObject({
  /** A restricted key (`rk_…`: charges read, refunds write, disputes read) is what we ask for; a secret key works too. */
  secretKey: z.string().regex(/^(rk|sk)_(live|test)_[A-Za-z0-9]{10,240}$/, 'a Stripe secret or restricted key (rk_live_…, sk_test_…)'),
  webhookSecret: z.string().regex(/^whsec_[A-Za-z0-9+/=]{10,240}$/, 'the webhook endpoint’s signing secret (whsec_…)'),
});
