import { Router } from 'express';
import type { AppContext } from '../../core/context';
import {
  webhookCreateSchema,
  webhookDeliveriesQuerySchema,
  webhookDeliveryParamsSchema,
  webhookIdParamsSchema,
  webhookListQuerySchema,
  webhookUpdateSchema,
} from '../../domain/webhook.schemas';
import { currentUser, requireRole } from '../auth';
import * as webhooks from '../services/webhook.service';
import { validate } from '../validate';

/** Admins' outgoing webhooks: endpoints per shop, their secret, the delivery log, send again, send a test event. */
export function webhookRoutes(ctx: AppContext): Router {
  const router = Router();
  router.use(requireRole('admin'));
  router.get('/', validate({ query: webhookListQuerySchema }, async ({ query }, _req, res) => {
    res.json({ items: await webhooks.listEndpoints(ctx, query.brand) });
  }));
  router.post('/', validate({ body: webhookCreateSchema }, async ({ body }, req, res) => {
    res.status(201).set('Cache-Control', 'no-store').json(await webhooks.createEndpoint(ctx, currentUser(req), body));
  }));
  router.patch('/:id', validate({ params: webhookIdParamsSchema, body: webhookUpdateSchema }, async ({ params, body }, _req, res) => {
    res.json(await webhooks.updateEndpoint(ctx, params.id, body));
  }));
  router.delete('/:id', validate({ params: webhookIdParamsSchema }, async ({ params }, _req, res) => {
    await webhooks.deleteEndpoint(ctx, params.id);
    res.status(204).end();
  }));
  router.post('/:id/secret', validate({ params: webhookIdParamsSchema }, async ({ params }, _req, res) => {
    res.set('Cache-Control', 'no-store').json(await webhooks.rotateSecret(ctx, params.id));
  }));
  router.post('/:id/test', validate({ params: webhookIdParamsSchema }, async ({ params }, req, res) => {
    res.status(202).json(await webhooks.sendTestEvent(ctx, params.id, currentUser(req)));
  }));
  router.get('/:id/deliveries', validate({ params: webhookIdParamsSchema, query: webhookDeliveriesQuerySchema }, async ({ params, query }, _req, res) => {
    res.json({ items: await webhooks.listDeliveries(ctx, params.id, query.limit) });
  }));
  router.post('/:id/deliveries/:deliveryId/resend', validate({ params: webhookDeliveryParamsSchema }, async ({ params }, _req, res) => {
    res.status(202).json(await webhooks.resendDelivery(ctx, params.id, params.deliveryId));
  }));
  return router;
}
