import { benchStack, load, report, round, sampleReport, type LoadResult, type Size } from '../support';

/** 1. Intake: POST /api/tickets (JSON, no files) under 50 connections, against GET /healthz in the same run. */
export async function intake(size: Size) {
  // The API alone, as when workers run in their own processes (BENCH_INTAKE_WORKERS=1 keeps them in).
  const stack = await benchStack({ workers: process.env.BENCH_INTAKE_WORKERS === '1' });
  try {
    const duration = size === 'smoke' ? 1 : 15;
    const connections = size === 'smoke' ? 4 : 50;
    const post = await load(`${stack.url}/api/tickets`, { connections, duration, method: 'POST', body: sampleReport('[<id>]') });
    const health = await load(`${stack.url}/healthz`, { connections, duration });
    const row = (name: string, r: LoadResult) => ({
      endpoint: name,
      requestsPerSecond: round(r.requests.average),
      p50Ms: r.latency.p50,
      p99Ms: r.latency.p99,
      non2xx: r.non2xx,
      errors: r.errors,
      total: r.requests.total,
    });
    const rows = [row('POST /api/tickets', post), row('GET /healthz', health)];
    return report('intake', size, stack.database, rows, { connections, durationSeconds: duration, ratio: round(post.requests.average / health.requests.average, 3) });
  } finally {
    await stack.close();
  }
}
