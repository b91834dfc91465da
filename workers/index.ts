/** A worker process alone: triage, e-mail, outbox sweep and SLA watch. Run as many as needed. */
import { createContext } from '../core/bootstrap';
import { logger } from '../core/logger';
import { runProcess } from '../core/process';
import { startWorkers } from './runtime';

runProcess('guichet-worker', async (config) => {
  const ctx = await createContext(config);
  const workers = startWorkers(ctx);
  logger.info({ database: ctx.db.kind, queuePrefix: config.QUEUE_PREFIX }, 'Guichet worker started');
  return { close: async () => (await workers.close(), await ctx.close()) };
});
