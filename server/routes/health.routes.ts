import { Router } from 'express';
import type { RunningContext } from '../../core/bootstrap';

const within = <T>(ms: number, p: Promise<T>) =>
  Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref())]);

async function probe(check: () => Promise<unknown>) {
  const started = Date.now();
  try {
    await within(1000, check());
    return { status: 'up' as const, latencyMs: Date.now() - started };
  } catch (err) {
    return { status: 'down' as const, error: err instanceof Error ? err.message : String(err) };
  }
}

/** 200 when the database and Redis both answer, 503 otherwise, with the state of each. */
export function healthRoutes(ctx: RunningContext): Router {
  return Router().get('/healthz', async (_req, res) => {
    const [database, redis] = await Promise.all([probe(() => ctx.db.ping()), probe(() => ctx.redis.ping())]);
    const ok = database.status === 'up' && redis.status === 'up';
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'degraded', database: { kind: ctx.db.kind, ...database }, redis });
  });
}
