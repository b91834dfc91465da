import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Express, RequestHandler } from 'express';
import type { AppContext } from '../core/context';
import { hasRole } from '../domain/agent-actions.schemas';
import { queueDefinitions } from '../workers/queues';
import { loadSession } from './auth';
import { AppError } from './errors';

export const QUEUE_BOARD_PATH = '/admin/queues';

/** Admins only: anyone else is sent to sign in (pages) or refused (API calls). */
const adminsOnly: RequestHandler = (req, res, next) => {
  if (!req.auth) {
    if (req.method === 'GET' && req.accepts(['html', 'json']) === 'html') return res.redirect(`/login?next=${encodeURIComponent(req.originalUrl)}`);
    return next(new AppError(401, 'unauthenticated', 'Sign in first.'));
  }
  if (!hasRole(req.auth.user.role, 'admin')) return next(new AppError(403, 'forbidden', 'Only admins see the queues.'));
  next();
};

/** bull-board over every BullMQ queue, behind the same sign-in as the app. */
export function mountQueueBoard(app: Express, ctx: AppContext): void {
  const adapter = new ExpressAdapter();
  adapter.setBasePath(QUEUE_BOARD_PATH);
  createBullBoard({
    queues: Object.keys(queueDefinitions).map((name) => new BullMQAdapter(ctx.dispatcher.queue(name))),
    serverAdapter: adapter,
    options: { uiConfig: { boardTitle: 'Guichet queues' } },
  });
  app.use(QUEUE_BOARD_PATH, loadSession(ctx), adminsOnly, adapter.getRouter());
}
