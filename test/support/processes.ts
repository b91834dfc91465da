import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freshPostgresDatabase } from '../../scripts/fresh-database';
import { freePort } from './net';
import { waitFor } from './wait';

const ROOT = path.resolve(__dirname, '../..');
const PG_URL = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

let built = false;
/** The compiled server and worker, as `npm start` runs them (once per test file). */
export function buildServer() {
  if (built) return;
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
  built = true;
}

export type Entry = 'all-in-one' | 'api' | 'worker';
const ENTRIES: Record<Entry, string> = { 'all-in-one': 'dist/server/all-in-one.js', api: 'dist/server/index.js', worker: 'dist/workers/index.js' };

/** A running Guichet process; its log lines (pino JSON) are kept for assertions. */
export interface GuichetProcess {
  entry: Entry;
  child: ChildProcess;
  logs: string[];
  /** Sends the signal and resolves with the exit code and how long it took to exit. */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<{ code: number | null; ms: number }>;
}

/**
 * One deployment's settings shared by all its processes: its own data folder (SQLite file,
 * uploads), database (a fresh PostgreSQL one when the test project runs on PostgreSQL),
 * queue prefix, secret and API port.
 */
export async function deployment(env: Record<string, string> = {}) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'guichet-proc-'));
  const database = process.env.TEST_DATABASE === 'postgres' ? await freshPostgresDatabase(PG_URL, 'guichet_proc') : null;
  const port = await freePort();
  const shared: Record<string, string> = {
    NODE_ENV: 'development', // demo users, to sign in as an agent
    LOG_LEVEL: 'info',
    DATA_DIR: dataDir,
    REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
    QUEUE_PREFIX: `proc-${randomBytes(4).toString('hex')}`,
    APP_SECRET: randomBytes(32).toString('hex'),
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    SWEEP_INTERVAL_MS: '200',
    SWEEP_GRACE_MS: '2000',
    INTAKE_RATE_PER_IP: '1000000',
    INTAKE_RATE_PER_EMAIL: '1000000',
    ...(database ? { DATABASE_URL: database.url } : {}),
    ...env,
  };
  const running = new Set<GuichetProcess>();

  async function start(entry: Entry, extra: Record<string, string> = {}): Promise<GuichetProcess> {
    const child = spawn(process.execPath, ['--enable-source-maps', ENTRIES[entry]], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...shared, ...extra },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const logs: string[] = [];
    const keep = (chunk: Buffer) => logs.push(...chunk.toString().split('\n').filter(Boolean));
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const proc: GuichetProcess = {
      entry,
      child,
      logs,
      async stop(signal = 'SIGTERM', timeoutMs = 20_000) {
        const started = Date.now();
        if (child.exitCode === null && child.signalCode === null) child.kill(signal);
        const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
        const code = await exited;
        clearTimeout(timer);
        running.delete(proc);
        return { code, ms: Date.now() - started };
      },
    };
    running.add(proc);
    const ready = entry === 'worker' ? /Guichet worker started/ : /Guichet (API listening|is running)/;
    await waitFor(() => {
      if (child.exitCode !== null) throw new Error(`${entry} exited with ${child.exitCode}:\n${logs.join('\n')}`);
      return logs.some((l) => ready.test(l));
    }, 30_000, `${entry} to start`).catch((err) => {
      throw new Error(`${String(err)}\n${logs.slice(-20).join('\n')}`);
    });
    return proc;
  }

  return {
    url: `http://127.0.0.1:${port}`,
    env: shared,
    dataDir,
    start,
    async close() {
      await Promise.all([...running].map((p) => p.stop('SIGKILL')));
      await database?.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
export type Deployment = Awaited<ReturnType<typeof deployment>>;

/** Log lines of a process that say something went wrong on the server's side. */
export const serverErrors = (proc: GuichetProcess) => proc.logs.filter((l) => /"level":(50|60)|SQLITE_BUSY|TransactionNotStarted|UNIQUE constraint/.test(l));
