import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import IORedis from 'ioredis';
import { loadConfig } from '../core/config';
import { freshPostgresDatabase } from '../scripts/fresh-database';
import { createUser } from '../server/services/auth.service';
import { startStack, type Stack } from '../server/stack';
import { triageQueue } from '../queues';

export type Size = 'smoke' | 'full';

/** Where results go (not committed): bench/results/<scenario>.json. */
export const RESULTS_DIR = path.resolve(__dirname, '..', '..', 'bench', 'results');

/**
 * The product as `npm start` runs it, on a fresh database: SQLite in a temporary folder, or
 * a new PostgreSQL database when BENCH_DATABASE=postgres (BENCH_PG_URL, default the local
 * `test` database). E-mails go to .eml files, as without SMTP.
 */
export async function benchStack(
  options: { workers?: boolean | 'process' } = {},
): Promise<Stack & { database: string; signIn(): Promise<string>; session(): Promise<{ cookie: string; csrfToken: string }> }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'guichet-bench-'));
  const pg = process.env.BENCH_DATABASE === 'postgres' ? await freshPostgresDatabase(process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test', 'guichet_bench') : null;
  const env = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATA_DIR: dataDir,
    DATABASE_URL: pg?.url,
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    QUEUE_PREFIX: `bench-${randomBytes(4).toString('hex')}`,
    PORT: '0',
    // Load comes from one address: intake limits out of the way.
    INTAKE_RATE_PER_IP: '1000000000',
    INTAKE_RATE_PER_EMAIL: '1000000000',
  };
  const config = loadConfig(env);
  const stack = await startStack(config, { port: 0, workers: options.workers === true });
  // 'process': the workers in a process of their own (`npm run start:worker`), on the same database and Redis.
  const worker = options.workers === 'process' ? await startWorkerProcess(env, () => stack.ctx.dispatcher.queue(triageQueue.name).getWorkersCount()) : null;
  /** A new manager, signed in: the session cookie, and the CSRF token its writes echo in X-CSRF-Token. */
  const session = async () => {
    const email = `bench.${randomBytes(3).toString('hex')}@guichet.test`;
    await createUser(stack.ctx, { email, name: 'Bench Agent', role: 'manager', password: 'bench password 123' });
    const res = await fetch(`${stack.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: 'bench password 123' }) });
    const { csrfToken } = (await res.json()) as { csrfToken: string };
    return { cookie: res.headers.get('set-cookie')!.split(';')[0], csrfToken };
  };
  return {
    ...stack,
    database: pg ? 'postgres' : 'sqlite',
    /** A signed-in manager's session cookie. */
    signIn: async () => (await session()).cookie,
    session,
    async close() {
      worker?.kill('SIGTERM');
      if (worker) await once(worker, 'exit');
      await stack.close();
      // Jobs a scenario left waiting (intake runs without workers) must not weigh on the next one.
      await forgetRedisKeys(config.REDIS_URL, `${config.QUEUE_PREFIX}:*`);
      // BENCH_KEEP=1: the filled database stays, to be studied (its place is printed).
      if (process.env.BENCH_KEEP) {
        console.log(`bench: kept ${pg?.url ?? path.join(dataDir, 'guichet.sqlite')}`);
        return;
      }
      await pg?.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Resolves once the process's workers are registered with Redis. */
async function startWorkerProcess(env: Record<string, string | undefined>, workersCount: () => Promise<number>): Promise<ChildProcess> {
  const child = spawn(process.execPath, [path.resolve(__dirname, '..', 'workers', 'index.js')], { env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit'] });
  const deadline = Date.now() + 30_000;
  while ((await workersCount()) === 0) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error('the worker process did not start');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return child;
}

async function forgetRedisKeys(url: string, pattern: string) {
  const redis = new IORedis(url);
  try {
    for await (const keys of redis.scanStream({ match: pattern, count: 1000 })) if ((keys as string[]).length) await redis.unlink(...(keys as string[]));
  } finally {
    redis.disconnect();
  }
}

export function percentile(values: number[], p: number): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

/** Times `fn` `n` times, sequentially: p50, p99 and max in milliseconds. */
export async function timeIt(n: number, fn: (i: number) => Promise<unknown>) {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = process.hrtime.bigint();
    await fn(i);
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return { n, p50Ms: round(percentile(times, 50)), p99Ms: round(percentile(times, 99)), maxMs: round(Math.max(...times)) };
}

/** p50, p95, p99 and max of timings in milliseconds. */
export function latencies(times: number[]) {
  return { n: times.length, p50Ms: round(percentile(times, 50), 2), p95Ms: round(percentile(times, 95), 2), p99Ms: round(percentile(times, 99), 2), maxMs: round(Math.max(...times), 2) };
}

export const mebibytes = (bytes: number) => round(bytes / 2 ** 20, 1);

export const machine = () => ({ cores: os.cpus().length, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, date: new Date().toISOString() });

export function report(scenario: string, size: Size, database: string, rows: Record<string, unknown>[], extra: Record<string, unknown> = {}) {
  console.log(`\n== ${scenario} (${size}, ${database})`);
  console.table(rows);
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const result = { scenario, size, database, machine: machine(), rows, ...extra };
  fs.writeFileSync(path.join(RESULTS_DIR, `${scenario}-${database}-${size}.json`), `${JSON.stringify(result, null, 2)}\n`);
  return result;
}

/** A report; with `i` = '[<id>]', the load generator makes each one a different customer and order. */
export const sampleReport = (i: number | string) => ({
  type: 'double_charge',
  customerName: `Bench Customer ${i}`,
  customerEmail: `bench${i}@example.com`,
  orderNumber: `SFX-B${i}`,
  paymentTime: '2026-11-20T14:32:00+01:00',
  amount: '59.90',
  cardType: 'visa',
  description: 'Deux débits pour la même commande.',
});

export interface LoadResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
}

/**
 * autocannon in a process of its own, so the load it generates does not share the
 * server's event loop (in-process, it halves what the server can do).
 */
export function load(url: string, options: { connections: number; duration?: number; amount?: number; method?: string; body?: unknown }): Promise<LoadResult> {
  const args = [require.resolve('autocannon/autocannon.js'), '--json', '-c', String(options.connections)];
  if (options.duration) args.push('-d', String(options.duration));
  if (options.amount) args.push('-a', String(options.amount));
  if (options.method) args.push('-m', options.method);
  // -I: autocannon replaces [<id>] in the body with a fresh id on every request.
  if (options.body !== undefined) args.push('-H', 'content-type=application/json', '-b', JSON.stringify(options.body), '-I');
  args.push(url);
  return new Promise((resolve, reject) =>
    execFile(process.execPath, args, { maxBuffer: 16 * 2 ** 20 }, (err, stdout) => (err ? reject(err) : resolve(JSON.parse(stdout) as LoadResult))),
  );
}
