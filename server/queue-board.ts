import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { serialize } from 'cookie';
import type { Express, RequestHandler } from 'express';
import type { AppContext } from '../core/context';
import { hasRole } from '../domain/roles';
import { queueDefinitions } from '../queues';
import { csrfProtection, loadSession, XSRF_COOKIE } from './auth';
import { forbidden, unauthenticated } from './errors';
import { queueBoardContentSecurityPolicy } from './security-headers';

export const QUEUE_BOARD_PATH = '/admin/queues';

/** Admins only: anyone else is sent to sign in (pages) or refused (API calls). */
const adminsOnly: RequestHandler = (req, res, next) => {
  if (!req.auth) {
    if (req.method === 'GET' && req.accepts(['html', 'json']) === 'html') return res.redirect(`/login?next=${encodeURIComponent(req.originalUrl)}`);
    return next(unauthenticated());
  }
  if (!hasRole(req.auth.user.role, 'admin')) return next(forbidden('Only admins see the queues.'));
  next();
};

/**
 * bull-board's UI cannot be told to send our X-CSRF-Token header, but it sends writes with
 * axios, which echoes a cookie named XSRF-TOKEN in an X-XSRF-TOKEN header on same-origin
 * requests. The page hands it the session's CSRF token that way (readable by the board's
 * own script, never by another site), and csrfProtection checks it like any other write.
 */
function offerCsrfCookie(ctx: AppContext): RequestHandler {
  const secure = ctx.config.NODE_ENV === 'production';
  return (req, res, next) => {
    if (req.method === 'GET' && req.auth && req.accepts(['json', 'html']) === 'html') {
      res.append('Set-Cookie', serialize(XSRF_COOKIE, req.auth.session.csrfToken, { path: QUEUE_BOARD_PATH, sameSite: 'strict', secure }));
    }
    next();
  };
}

/** bull-board over every BullMQ queue, behind the same sign-in and CSRF check as the app. */
export function mountQueueBoard(app: Express, ctx: AppContext): void {
  const adapter = new ExpressAdapter();
  adapter.setBasePath(QUEUE_BOARD_PATH);
  createBullBoard({
    queues: Object.keys(queueDefinitions).map((name) => new BullMQAdapter(ctx.dispatcher.queue(name))),
    serverAdapter: adapter,
    options: { uiConfig: { boardTitle: 'Guichet queues' } },
  });
  const board = adapter.getRouter(); // an Express app of its own, which would announce itself again
  board.disable('x-powered-by');
  app.use(QUEUE_BOARD_PATH, queueBoardContentSecurityPolicy, loadSession(ctx), adminsOnly, csrfProtection, offerCsrfCookie(ctx), board);
}
