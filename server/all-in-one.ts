/** `npm start`: API, socket.io and the workers in one process, on one machine. */
import { createContext } from '../core/bootstrap';
import { logger } from '../core/logger';
import { runProcess } from '../core/process';
import { startWorkers } from '../workers/runtime';
import { startApi } from './api';
import { announceDemoUsers, ensureDemoUsers } from './services/auth.service';

runProcess('guichet', async (config) => {
  const ctx = await createContext(config);
  const api = await startApi(ctx);
  announceDemoUsers(await ensureDemoUsers(ctx));
  const workers = startWorkers(ctx);
  logger.info(
    { url: config.PUBLIC_URL, database: ctx.db.kind, mail: config.SMTP_URL ? 'smtp' : config.outboxDir },
    'Guichet is running (API, sockets and workers)',
  );
  return { close: async () => (await workers.close(), await api.close(), await ctx.close()) };
});
