import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../../core/context';
import { publicBrandView } from '../../core/brand-views';
import { mailboxSchema } from '../../domain/mailbox.schemas';
import { stripeConnectorSchema } from '../../domain/payment-connector.schemas';
import { currentUser, requireRole } from '../auth';
import { notFound } from '../errors';
import { resolveBrand } from '../services/brand-context';
import { mailboxView } from '../../core/mailbox-views';
import { removeMailbox, setMailbox } from '../services/mailbox.service';
import { connectorView, setStripeConnector } from '../services/payment-connector.service';
import { validate } from '../validate';

const slugParams = z.strictObject({ slug: z.string().max(64) });

/**
 * `GET /api/brands` (agents): the shops; `GET /api/brands/current[?brand=slug]`: what the
 * report form needs to know of one; `/api/brands/:slug/connectors/stripe` (admins): the shop's
 * Stripe connection, whose secrets go in and never come out.
 */
export function brandRoutes(ctx: AppContext): Router {
  const router = Router();
  const brandBySlug = async (slug: string) => (await ctx.db.repos.brands.findBySlug(slug)) ?? Promise.reject(notFound('shop'));
  router.get('/', requireRole('agent'), async (_req, res) => {
    res.json({ items: (await ctx.db.repos.brands.list()).map((b) => ({ slug: b.slug, name: b.name, isDefault: b.isDefault, timeZone: b.policy.calendar.timeZone })) });
  });
  router.get('/current', async (req, res) => {
    res.json(publicBrandView(await resolveBrand(ctx.db, req.query.brand)));
  });
  router.get('/:slug/connectors/stripe', requireRole('admin'), validate({ params: slugParams }, async ({ params }, _req, res) => {
    const brand = await brandBySlug(params.slug);
    res.json(connectorView(ctx, brand, await ctx.db.repos.connectors.find(brand.id, 'stripe')));
  }));
  router.put('/:slug/connectors/stripe', requireRole('admin'), validate({ params: slugParams, body: stripeConnectorSchema }, async ({ params, body }, req, res) => {
    res.json(await setStripeConnector(ctx, currentUser(req), await brandBySlug(params.slug), body));
  }));
  router.delete('/:slug/connectors/stripe', requireRole('admin'), validate({ params: slugParams }, async ({ params }, _req, res) => {
    const brand = await brandBySlug(params.slug);
    await ctx.db.transaction((repos) => repos.connectors.remove(brand.id, 'stripe'));
    res.json(connectorView(ctx, brand, null));
  }));
  router.get('/:slug/mailbox', requireRole('admin'), validate({ params: slugParams }, async ({ params }, _req, res) => {
    res.json(mailboxView(await ctx.db.repos.mailboxes.find((await brandBySlug(params.slug)).id)));
  }));
  router.put('/:slug/mailbox', requireRole('admin'), validate({ params: slugParams, body: mailboxSchema }, async ({ params, body }, req, res) => {
    res.json(await setMailbox(ctx, currentUser(req), await brandBySlug(params.slug), body));
  }));
  router.delete('/:slug/mailbox', requireRole('admin'), validate({ params: slugParams }, async ({ params }, _req, res) => {
    res.json(await removeMailbox(ctx, await brandBySlug(params.slug)));
  }));
  return router;
}
