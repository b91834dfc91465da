import { Router } from 'express';
import type { AppContext } from '../../core/context';
import { macroApplySchema, macroCreateSchema, macroIdParamsSchema, macroListQuerySchema, macroPreviewSchema, macroUpdateSchema } from '../../domain/macro.schemas';
import { currentUser, requireRole } from '../auth';
import { applyMacro } from '../ticket-actions/apply-macro';
import { createMacro, deleteMacro, getMacro, listMacros, previewMacro, updateMacro } from '../services/macro.service';
import { validate } from '../validate';

/** `/api/macros`: agents read, preview and apply a shop's macros; managers and admins write them. */
export function macroRoutes(ctx: AppContext): Router {
  const router = Router();
  const agentOnly = requireRole('agent');
  const managerOnly = requireRole('manager');

  router.get('/', agentOnly, validate({ query: macroListQuerySchema }, async ({ query }, _req, res) => {
    res.set('Cache-Control', 'no-store').json(await listMacros(ctx, query));
  }));
  router.post('/', managerOnly, validate({ body: macroCreateSchema }, async ({ body }, req, res) => {
    res.status(201).json(await createMacro(ctx, currentUser(req), body));
  }));
  router.get('/:id', agentOnly, validate({ params: macroIdParamsSchema }, async ({ params }, _req, res) => {
    res.set('Cache-Control', 'no-store').json(await getMacro(ctx, params.id));
  }));
  router.put('/:id', managerOnly, validate({ params: macroIdParamsSchema, body: macroUpdateSchema }, async ({ params, body }, req, res) => {
    res.json(await updateMacro(ctx, currentUser(req), params.id, body));
  }));
  router.delete('/:id', managerOnly, validate({ params: macroIdParamsSchema }, async ({ params }, _req, res) => {
    await deleteMacro(ctx, params.id);
    res.status(204).end();
  }));
  router.post('/:id/preview', agentOnly, validate({ params: macroIdParamsSchema, body: macroPreviewSchema }, async ({ params, body }, req, res) => {
    res.json(await previewMacro(ctx, currentUser(req), params.id, body));
  }));
  router.post('/:id/apply', agentOnly, validate({ params: macroIdParamsSchema, body: macroApplySchema }, async ({ params, body }, req, res) => {
    res.json(await applyMacro(ctx, currentUser(req), params.id, body));
  }));
  return router;
}
