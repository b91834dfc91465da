import express, { Router } from 'express';
import type { AppContext } from '../../core/context';
import { receiveStripeWebhook } from '../services/stripe-webhook.service';

/**
 * `POST /api/payments/webhooks/stripe/:brand`: mounted before the JSON parser, because the
 * signature is over the exact bytes Stripe sent; no session and no CSRF token (the signature
 * is the authentication).
 */
export function paymentWebhookRoutes(ctx: AppContext): Router {
  const router = Router();
  router.post('/stripe/:brand', express.raw({ type: () => true, limit: '1mb' }), async (req, res) => {
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    res.json(await receiveStripeWebhook(ctx, String(req.params.brand), body, req.get('stripe-signature')));
  });
  return router;
}
