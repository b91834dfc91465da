/** `npm start`: API, socket.io and the workers in one process, on one machine. */
import { logger } from '../core/logger';
import { runProcess } from '../core/process';
import { announceDemoUsers, ensureDemoUsers } from './services/auth.service';
import { startStack } from './stack';

runProcess('guichet', async (config) => {
  const stack = await startStack(config);
  announceDemoUsers(await ensureDemoUsers(stack.ctx));
  logger.info(
    { url: config.PUBLIC_URL, database: stack.ctx.db.kind, mail: config.SMTP_URL ? 'smtp' : config.outboxDir },
    'Guichet is running (API, sockets and workers)',
  );
  return stack;
});
