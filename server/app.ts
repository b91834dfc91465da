import express from 'express';
import { pinoHttp } from 'pino-http';
import type { RunningContext } from '../core/bootstrap';
import { errorHandler, unknownRoute } from './errors';
import { healthRoutes } from './routes/health.routes';
import { slaRoutes } from './routes/sla.routes';
import { ticketRoutes } from './routes/tickets.routes';

/** The HTTP API: thin routes over the services, one JSON error shape for everything. */
export function createApp(ctx: RunningContext): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(
    pinoHttp({
      logger: ctx.logger,
      autoLogging: { ignore: (req) => req.url === '/healthz' },
      serializers: { req: (req) => ({ method: req.method, url: req.url?.split('?')[0] }), res: (res) => ({ status: res.statusCode }) },
    }),
  );
  app.use(express.json({ limit: '100kb', strict: true }));
  app.use(healthRoutes(ctx));
  app.use('/api/tickets', ticketRoutes(ctx));
  app.use('/api/sla', slaRoutes(ctx));
  app.use(unknownRoute);
  app.use(errorHandler(ctx.logger));
  return app;
}
