/** `npm start`: API, socket.io and the workers in one process, on one machine. */
import { logger } from '../core/logger';
import { redisForApp } from '../core/private-redis';
import { runProcess } from '../core/process';
import { announceDemoUsers, ensureDemoUsers } from './services/auth.service';
import { ensureDemoTickets } from './services/demo.service';
import { startStack } from './stack';

runProcess('guichet', async (config) => {
  // No REDIS_URL and no Redis on the default port: a private redis-server, stopped last.
  const redis = await redisForApp({ url: config.REDIS_URL, mayStartPrivate: !config.redisUrlGiven, dataDir: config.DATA_DIR, log: (m) => logger.info(m) });
  try {
    const stack = await startStack({ ...config, REDIS_URL: redis.url });
    announceDemoUsers(await ensureDemoUsers(stack.ctx));
    await ensureDemoTickets(stack.ctx);
    logger.info(
      { url: config.PUBLIC_URL, database: stack.ctx.db.kind, redis: redis.privateServer ? `private, ${redis.url}` : redis.url, mail: config.SMTP_URL ? 'smtp' : config.outboxDir },
      'Guichet is running (API, sockets and workers)',
    );
    return { close: () => stack.close().finally(() => redis.close()) };
  } catch (err) {
    await redis.close();
    throw err;
  }
});
