import { Router } from 'express';
import type { AppContext } from '../../core/context';
import { adminBrandView, brandEventView, publicBrandView } from '../../core/brand-views';
import { brandEventsQuerySchema, brandSlugParamsSchema, createBrandSchema, updateBrandSchema } from '../../domain/brand-admin.schemas';
import { brandPresets } from '../../domain/brand-presets';
import { mailboxSchema } from '../../domain/mailbox.schemas';
import { stripeConnectorSchema } from '../../domain/payment-connector.schemas';
import { currentUser, requireRole } from '../auth';
import { notFound } from '../errors';
import { resolveBrand } from '../services/brand-context';
import { createBrand, updateBrand } from '../services/brand-admin.service';
import { mailboxView } from '../../core/mailbox-views';
import { removeMailbox, setMailbox } from '../services/mailbox.service';
import { connectorView, setStripeConnector } from '../services/payment-connector.service';
import { validate } from '../validate';

const slugParams = brandSlugParamsSchema;

/**
 * `GET /api/brands` (agents): the shops; `GET /api/brands/current[?brand=slug]`: what the
 * report form needs to know of one (without a slug: the shop whose host name the request came
 * to, else the default); admins: `GET /api/brands/presets`, `POST /api/brands`,
 * `GET|PATCH /api/brands/:slug` (the whole policy), `GET /api/brands/:slug/events` (the audit
 * trail); `/api/brands/:slug/connectors/stripe` (admins): the shop's Stripe connection, whose
 * secrets go in and never come out.
 */
export function brandRoutes(ctx: AppContext): Router {
  const router = Router();
  const brandBySlug = async (slug: string) => (await ctx.db.repos.brands.findBySlug(slug)) ?? Promise.reject(notFound('shop'));
  router.get('/', requireRole('agent'), async (_req, res) => {
    res.json({ items: (await ctx.db.repos.brands.list()).map((b) => ({ slug: b.slug, name: b.name, isDefault: b.isDefault, timeZone: b.policy.calendar.timeZone })) });
  });
  router.get('/current', async (req, res) => {
    res.json(publicBrandView(await resolveBrand(ctx.db, req.query.brand, req.hostname)));
  });
  router.get('/presets', requireRole('admin'), (_req, res) => {
    res.json({ items: brandPresets.map((p) => ({ slug: p.slug, name: p.name, source: p.source, policy: p.policy })) });
  });
  router.post('/', requireRole('admin'), validate({ body: createBrandSchema }, async ({ body }, req, res) => {
    const brand = await createBrand(ctx, currentUser(req), body);
    res.status(201).location(`/api/brands/${brand.slug}`).json(brand);
  }));
  router.get('/:slug', requireRole('admin'), validate({ params: slugParams }, async ({ params }, _req, res) => {
    res.json(adminBrandView(await brandBySlug(params.slug)));
  }));
  router.patch('/:slug', requireRole('admin'), validate({ params: slugParams, body: updateBrandSchema }, async ({ params, body }, req, res) => {
    res.json(await updateBrand(ctx, currentUser(req), params.slug, body));
  }));
  router.get('/:slug/events', requireRole('admin'), validate({ params: slugParams, query: brandEventsQuerySchema }, async ({ params, query }, _req, res) => {
    const brand = await brandBySlug(params.slug);
    const events = await ctx.db.repos.brands.listEvents(brand.id, query);
    const actors = await ctx.db.repos.users.findByIds([...new Set(events.flatMap((e) => (e.actorId ? [e.actorId] : [])))]);
    const names = new Map(actors.map((u) => [u.id, u.name]));
    res.json({ items: events.map((e) => brandEventView(e, e.actorId ? (names.get(e.actorId) ?? null) : null)) });
  }));
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
