import { Router } from 'express';
import type { AppContext } from '../../core/context';
import { apiTokenCreateSchema, apiTokenIdParamsSchema } from '../../domain/api-token.schemas';
import { currentUser, requireRole } from '../auth';
import { issueApiToken, listApiTokens, revokeApiToken } from '../services/api-token.service';
import { validate } from '../validate';

/** Admins issue, list and revoke API tokens (a token itself never reaches these: its user is an agent). */
export function apiTokenRoutes(ctx: AppContext): Router {
  const router = Router();
  router.use(requireRole('admin'));
  router.get('/', validate({}, async (_input, _req, res) => {
    res.set('Cache-Control', 'no-store').json({ items: await listApiTokens(ctx) });
  }));
  router.post('/', validate({ body: apiTokenCreateSchema }, async ({ body }, req, res) => {
    res.status(201).set('Cache-Control', 'no-store').json(await issueApiToken(ctx, currentUser(req), body));
  }));
  router.delete('/:id', validate({ params: apiTokenIdParamsSchema }, async ({ params }, req, res) => {
    res.json(await revokeApiToken(ctx, params.id, currentUser(req)));
  }));
  return router;
}
