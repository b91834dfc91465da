/** The API and socket.io alone (scale out: run workers with `npm run start:worker`). */
import { createContext } from '../core/bootstrap';
import { logger } from '../core/logger';
import { runProcess } from '../core/process';
import { startApi } from './api';
import { announceDemoUsers, ensureDemoUsers } from './services/auth.service';
import { ensureDemoTickets } from './services/demo.service';

runProcess('guichet-api', async (config) => {
  const ctx = await createContext(config);
  const api = await startApi(ctx);
  announceDemoUsers(await ensureDemoUsers(ctx));
  await ensureDemoTickets(ctx);
  logger.info({ url: config.PUBLIC_URL, port: config.PORT, database: ctx.db.kind }, 'Guichet API listening');
  return { close: async () => (await api.close(), await ctx.close()) };
});
