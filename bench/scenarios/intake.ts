import autocannon from 'autocannon';
import { benchStack, report, round, sampleReport, type Size } from '../support';

function run(url: string, opts: Partial<autocannon.Options>): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => autocannon({ url, ...opts } as autocannon.Options, (err, result) => (err ? reject(err) : resolve(result))));
}

/** 1. Intake: POST /api/tickets (JSON, no files) under 50 connections, against GET /healthz in the same run. */
export async function intake(size: Size) {
  const stack = await benchStack();
  try {
    const duration = size === 'smoke' ? 1 : 15;
    const connections = size === 'smoke' ? 4 : 50;
    let i = 0;
    const post = await run(`${stack.url}/api/tickets`, {
      method: 'POST',
      connections,
      duration,
      headers: { 'content-type': 'application/json' },
      setupClient: (client: autocannon.Client) => client.setBody(JSON.stringify(sampleReport(i++))),
      requests: [{ setupRequest: (req: autocannon.Request) => ({ ...req, body: JSON.stringify(sampleReport(i++)) }) }],
    } as Partial<autocannon.Options>);
    const health = await run(`${stack.url}/healthz`, { connections, duration });
    const row = (name: string, r: autocannon.Result) => ({
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
