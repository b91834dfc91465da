import { once } from 'node:events';
import type IORedis from 'ioredis';
import { Database } from '../db/database';
import { JobDispatcher } from '../queues/job-dispatcher';
import type { Config } from './config';
import type { AppContext } from './context';
import { logger as rootLogger } from './logger';
import { Notifier } from './notifier';
import { Presence } from './presence';
import { assertRedisReachable, createRedis } from './redis';
import { listenForBrandChanges } from './brands';

export interface RunningContext extends AppContext {
  /** The fail-fast connection used to enqueue and notify; also what /healthz pings. */
  redis: IORedis;
  close(): Promise<void>;
}

/** Connects what every process needs: Redis (checked first, with a clear message) and the database. */
export async function createContext(config: Config, overrides: Partial<AppContext> = {}): Promise<RunningContext> {
  await assertRedisReachable(config.REDIS_URL);
  rootLogger.level = config.LOG_LEVEL;
  const logger = overrides.logger ?? rootLogger;
  const db = await Database.open({ databaseUrl: config.DATABASE_URL, sqlitePath: config.sqlitePath, busyTimeoutMs: config.SQLITE_BUSY_TIMEOUT_MS });
  const redis = createRedis(config.REDIS_URL, 'producer');
  // Fail-fast commands need a connection that is up before the first one is sent.
  if (redis.status !== 'ready') await once(redis, 'ready');
  // Another process's brand edit empties this one's brand cache (core/brands.ts).
  const brandEvents = createRedis(config.REDIS_URL, 'consumer');
  await listenForBrandChanges(db, brandEvents, config.QUEUE_PREFIX);
  const dispatcher = new JobDispatcher(redis, config.QUEUE_PREFIX, logger);
  const notifier = new Notifier(redis, config.QUEUE_PREFIX, logger);
  return {
    config,
    db,
    dispatcher,
    notifier,
    presence: new Presence(redis, config.QUEUE_PREFIX),
    logger,
    now: () => new Date(),
    ...overrides,
    redis,
    async close() {
      await dispatcher.close().catch(() => undefined);
      brandEvents.disconnect();
      redis.disconnect();
      await db.close();
    },
  };
}
