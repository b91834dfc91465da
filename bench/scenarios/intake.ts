import { startBareExpress } from '../bare-express';
import { benchStack, load, report, round, sampleReport, type LoadResult, type Size } from '../support';

/**
 * 1. Intake: POST /api/tickets (JSON, no files) under 50 connections, as a ratio to a bare
 * Express app parsing the same body in the same run: the API alone (workers in their own
 * processes), then `npm start`'s single process with its workers triaging what comes in.
 */
export async function intake(size: Size) {
  const duration = size === 'smoke' ? 1 : 15;
  const connections = size === 'smoke' ? 4 : 50;
  const post = (url: string) => load(`${url}/api/tickets`, { connections, duration, method: 'POST', body: sampleReport('[<id>]') });
  const bare = await startBareExpress();
  const baseline = await post(bare.url).finally(() => bare.close());
  const rows = [row('bare Express, same body', baseline, baseline)];
  let database = 'sqlite';
  for (const [name, workers] of [['POST /api/tickets, API alone', false], ['POST /api/tickets, npm start (workers in)', true]] as const) {
    const stack = await benchStack({ workers });
    database = stack.database;
    try {
      rows.push(row(name, await post(stack.url), baseline));
    } finally {
      await stack.close();
    }
  }
  return report('intake', size, database, rows, { connections, durationSeconds: duration });
}

function row(name: string, r: LoadResult, baseline: LoadResult) {
  return {
    endpoint: name,
    requestsPerSecond: round(r.requests.average),
    ratioToBare: round(r.requests.average / baseline.requests.average, 2),
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    non2xx: r.non2xx,
    errors: r.errors,
    total: r.requests.total,
  };
}
