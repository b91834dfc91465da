import { benchStack, load, percentile, report, round, sampleReport, type Size } from '../support';

/** 2. Pipeline: a burst of N reports; time until every one is triaged, p99 submission → triaged, Redis memory. */
export async function pipeline(size: Size) {
  const n = size === 'smoke' ? 40 : Number(process.env.BENCH_PIPELINE_REPORTS ?? 20_000);
  // BENCH_WORKERS=process: workers in their own process, as `npm run start:worker` runs them.
  const stack = await benchStack({ workers: process.env.BENCH_WORKERS === 'process' ? 'process' : true });
  const redis = stack.ctx.redis;
  const memory = async () => Number(/used_memory:(\d+)/.exec(await redis.info('memory'))![1]);
  /** What the queues themselves hold in Redis: the bytes of every key under this run's prefix. */
  const queueBytes = async () => {
    const keys: string[] = [];
    for await (const batch of redis.scanStream({ match: `${stack.ctx.config.QUEUE_PREFIX}:*`, count: 1000 })) keys.push(...(batch as string[]));
    const sizes = (await keys.reduce((p, k) => p.call('MEMORY', 'USAGE', k), redis.pipeline()).exec()) ?? [];
    return sizes.reduce((sum, [, bytes]) => sum + Number(bytes ?? 0), 0);
  };
  const triaged = async () => Number((await stack.ctx.db.query<any[]>('SELECT COUNT(*) AS c FROM tickets WHERE "triagedAt" IS NOT NULL'))[0].c);
  try {
    const before = await memory();
    const keysBefore = await queueBytes();
    const started = Date.now();
    await load(`${stack.url}/api/tickets`, { connections: size === 'smoke' ? 4 : 50, amount: n, method: 'POST', body: sampleReport('[<id>]') });
    const submitted = Date.now();
    const deadline = Date.now() + (size === 'smoke' ? 60_000 : 600_000);
    while ((await triaged()) < n && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const done = Date.now();
    const peak = await memory();
    const keysPeak = await queueBytes();
    await new Promise((r) => setTimeout(r, 3000)); // mails finish, retention trims finished jobs
    const after = await memory();
    const keysAfter = await queueBytes();
    const rows: Array<{ createdAt: string; triagedAt: string }> = await stack.ctx.db.query<any[]>('SELECT "createdAt", "triagedAt" FROM tickets WHERE "triagedAt" IS NOT NULL');
    const latencies = rows.map((r) => Number(r.triagedAt) - Number(r.createdAt));
    return report('pipeline', size, stack.database, [
      {
        reports: n,
        triaged: rows.length,
        submitSeconds: round((submitted - started) / 1000, 2),
        allTriagedSeconds: round((done - started) / 1000, 2),
        triagedPerSecond: Math.round(rows.length / ((done - started) / 1000)),
        p50SubmitToTriagedMs: percentile(latencies, 50),
        p99SubmitToTriagedMs: percentile(latencies, 99),
        redisMiBBefore: round(before / 2 ** 20, 2),
        redisMiBPeak: round(peak / 2 ** 20, 2),
        redisMiBAfter: round(after / 2 ** 20, 2),
        queueKeysMiBBefore: round(keysBefore / 2 ** 20, 2),
        queueKeysMiBPeak: round(keysPeak / 2 ** 20, 2),
        queueKeysMiBAfter: round(keysAfter / 2 ** 20, 2),
      },
    ]);
  } finally {
    await stack.close();
  }
}
