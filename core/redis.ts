import IORedis, { type RedisOptions } from 'ioredis';

export type RedisRole =
  /** Producers (API enqueueing, socket emitter): fail fast while Redis is down, never hang a request. */
  | 'producer'
  /** BullMQ workers and socket.io's adapter: wait for Redis to come back. */
  | 'consumer';

export function createRedis(url: string, role: RedisRole): IORedis {
  const options: RedisOptions =
    role === 'producer'
      ? { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2000 }
      : { maxRetriesPerRequest: null };
  const client = new IORedis(url, { ...options, retryStrategy: (times) => Math.min(times * 200, 2000) });
  client.on('error', () => undefined); // reported by /healthz and by the calls that fail
  return client;
}

/** Resolves once Redis answers, or rejects with a message that says how to start it. */
export async function assertRedisReachable(url: string, timeoutMs = 3000): Promise<void> {
  const probe = new IORedis(url, { lazyConnect: true, connectTimeout: timeoutMs, maxRetriesPerRequest: 0, retryStrategy: () => null });
  probe.on('error', () => undefined);
  try {
    await probe.connect();
    await probe.ping();
  } catch {
    throw new Error(
      `Redis cannot be reached at ${url}. Start it with \`docker compose up -d redis\` or \`redis-server\` ` +
        '(not installed? `sudo apt-get install redis-server`, or `brew install redis`), or point REDIS_URL at a running Redis.',
    );
  } finally {
    probe.disconnect();
  }
}
