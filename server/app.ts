import fs from 'node:fs';
import path from 'node:path';
import express from 'express';
import { pinoHttp } from 'pino-http';
import type { RunningContext } from '../core/bootstrap';
import { httpLogSerializers } from '../core/logger';
import { csrfProtection, loadSession } from './auth';
import { errorHandler, unknownRoute } from './errors';
import { mountQueueBoard } from './queue-board';
import { securityHeaders } from './security-headers';
import { agentTicketRoutes } from './routes/agent-tickets.routes';
import { analyticsRoutes } from './routes/analytics.routes';
import { authRoutes } from './routes/auth.routes';
import { brandRoutes } from './routes/brands.routes';
import { eventRoutes } from './routes/events.routes';
import { userRoutes } from './routes/users.routes';
import { meRoutes } from './routes/me.routes';
import { healthRoutes } from './routes/health.routes';
import { slaRoutes } from './routes/sla.routes';
import { paymentRoutes } from './routes/payments.routes';
import { paymentWebhookRoutes } from './routes/payment-webhooks.routes';
import { personalDataRoutes } from './routes/personal-data.routes';
import { ticketRoutes } from './routes/tickets.routes';
import { satisfactionRoutes } from './routes/satisfaction.routes';
import { macroRoutes } from './routes/macros.routes';
import { bulkActionRoutes } from './routes/bulk-actions.routes';
import { openApiRoutes } from './routes/openapi.routes';
import { apiTokenRoutes } from './routes/api-tokens.routes';
import { webhookRoutes } from './routes/webhooks.routes';

/** The HTTP API: thin routes over the services, one JSON error shape for everything. */
export function createApp(ctx: RunningContext): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', ctx.config.TRUST_PROXY);
  app.use(securityHeaders);
  app.use(
    pinoHttp({
      logger: ctx.logger,
      autoLogging: { ignore: (req) => req.url === '/healthz' },
      serializers: httpLogSerializers,
    }),
  );
  app.use('/api/payments/webhooks', paymentWebhookRoutes(ctx));
  app.use(express.json({ limit: '100kb', strict: true }));
  app.use(healthRoutes(ctx));
  app.use(openApiRoutes());
  app.use('/api', loadSession(ctx), csrfProtection);
  app.use('/api/auth', authRoutes(ctx));
  app.use('/api/users', userRoutes(ctx));
  app.use('/api/me', meRoutes(ctx));
  app.use('/api/brands', brandRoutes(ctx));
  app.use('/api/analytics', analyticsRoutes(ctx));
  app.use('/api/events', eventRoutes(ctx));
  app.use('/api/tickets', satisfactionRoutes(ctx));
  app.use('/api/tickets', bulkActionRoutes(ctx));
  app.use('/api/macros', macroRoutes(ctx));
  app.use('/api/tickets', agentTicketRoutes(ctx), ticketRoutes(ctx));
  app.use('/api/sla', slaRoutes(ctx));
  app.use('/api/payments', paymentRoutes(ctx));
  app.use('/api/personal-data', personalDataRoutes(ctx));
  app.use('/api/api-tokens', apiTokenRoutes(ctx));
  app.use('/api/webhooks', webhookRoutes(ctx));
  mountQueueBoard(app, ctx);
  app.use('/api', unknownRoute);
  serveWebApp(app, ctx.config.clientDir);
  app.use(unknownRoute);
  app.use(errorHandler(ctx.logger));
  return app;
}

/**
 * The web app (client/, built by Vite into dist/client) from the same origin: hashed assets
 * cached for a year, every other page answered with index.html for the client's router.
 */
function serveWebApp(app: express.Express, clientDir: string) {
  const index = path.join(clientDir, 'index.html');
  if (!fs.existsSync(index)) return;
  app.use('/assets', express.static(path.join(clientDir, 'assets'), { immutable: true, maxAge: '1y', fallthrough: false }));
  app.use(express.static(clientDir, { index: false, maxAge: '1h' }));
  app.get(/^\/(?!api\/|admin\/queues|socket\.io\/|healthz).*/, (_req, res) => {
    res.set('Cache-Control', 'no-cache').sendFile(index);
  });
}
