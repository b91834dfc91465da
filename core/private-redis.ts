import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { assertRedisReachable } from './redis';

/** The Redis `npm start` uses, and how to let go of it when the app stops. */
export interface RedisForApp {
  url: string;
  /** The redis-server this process started, if it had to. */
  privateServer: { pid: number; dir: string } | null;
  /** Stops the private redis-server (Redis saves and syncs its append-only file first); a no-op otherwise. */
  close(): Promise<void>;
}

export interface RedisForAppOptions {
  /** Where to look first: REDIS_URL, or the default address when it is unset. */
  url: string;
  /** False when REDIS_URL was set: then it is used as given and nothing is started. */
  mayStartPrivate: boolean;
  dataDir: string;
  /** Where to look for redis-server (the process's PATH by default). */
  searchPath?: string;
  log?: (message: string) => void;
}

/**
 * Redis for the all-in-one process: the one at `url` when it answers; otherwise, if REDIS_URL
 * was left unset, a private redis-server from the PATH, bound to loopback, keeping its data
 * and append-only file in DATA_DIR/redis, and stopped with the app.
 */
export async function redisForApp(options: RedisForAppOptions): Promise<RedisForApp> {
  const none = { url: options.url, privateServer: null, close: async () => undefined };
  if (!options.mayStartPrivate) {
    await assertRedisReachable(options.url);
    return none;
  }
  if (await answers(options.url)) return none;
  const binary = findOnPath('redis-server', options.searchPath ?? process.env.PATH ?? '');
  if (!binary) throw new Error(installRedisMessage(options.url));
  const server = await startPrivateRedis(binary, path.join(options.dataDir, 'redis'));
  options.log?.(`No Redis on ${hostPort(options.url)}: started a private redis-server on ${hostPort(server.url)} (data in ${server.dir}); it stops with the app`);
  return { url: server.url, privateServer: { pid: server.pid, dir: server.dir }, close: server.stop };
}

export function installRedisMessage(url: string): string {
  return [
    `Redis is not running on ${hostPort(url)}, and there is no redis-server on the PATH to start a private one.`,
    'Install Redis, then run `npm start` again (it starts redis-server by itself):',
    '  Debian, Ubuntu:  sudo apt-get install redis-server',
    '  macOS:           brew install redis',
    '  Docker:          docker compose up -d redis   (then it is used on 127.0.0.1:6379)',
    'Or point REDIS_URL at a running Redis.',
  ].join('\n');
}

const hostPort = (url: string) => {
  const u = new URL(url);
  return `${u.hostname}:${u.port || 6379}`;
};

async function answers(url: string): Promise<boolean> {
  try {
    await assertRedisReachable(url, 1000);
    return true;
  } catch {
    return false;
  }
}

function findOnPath(name: string, searchPath: string): string | null {
  for (const dir of searchPath.split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not in this folder
    }
  }
  return null;
}

/**
 * Runs redis-server under a small shell that stops it as soon as our end of its stdin closes:
 * when we close it, and also when this process dies however it dies (SIGKILL, a crash), so a
 * private Redis is never left behind; SIGTERM first (Redis syncs its files), SIGKILL if it is
 * still there 10 s later. Its own process group, so a Ctrl-C in the terminal reaches only
 * Node, which then stops Redis last, after the workers have finished.
 */
const WATCHDOG = [
  'exec 3<&0',
  '"$0" "$@" </dev/null 3<&- &',
  'redis=$!',
  '( read -r _ <&3; kill "$redis"; sleep 10; kill -9 "$redis" ) 2>/dev/null &',
  'watch=$!',
  'wait "$redis"; status=$?',
  'kill "$watch" 2>/dev/null',
  'exit "$status"',
].join('\n');

const START_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 5_000;

async function startPrivateRedis(binary: string, dir: string) {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const port = await freeLoopbackPort();
  const url = `redis://127.0.0.1:${port}`;
  const args = [
    '--port', String(port),
    '--bind', '127.0.0.1',
    '--protected-mode', 'yes',
    '--dir', dir,
    // Queues need every key kept: append-only persistence, never evict (as in docker-compose.yml).
    '--appendonly', 'yes',
    '--maxmemory-policy', 'noeviction',
    // No RDB snapshots beside the append-only file: a snapshot that fails on shutdown (full
    // disk, folder gone) makes Redis refuse SIGTERM and keep running.
    '--save', '',
    '--daemonize', 'no',
    '--loglevel', 'warning',
  ];
  const child = spawn('/bin/sh', ['-c', WATCHDOG, binary, ...args], { stdio: ['pipe', 'pipe', 'pipe'], detached: true });
  const output: string[] = [];
  const keep = (chunk: Buffer) => output.push(...chunk.toString().split('\n').filter(Boolean).slice(-20));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = () => stopChild(child, exited);

  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`The private redis-server (${binary}) did not start:\n${output.slice(-10).join('\n')}`);
    }
    if (await answers(url)) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`The private redis-server (${binary}) did not answer within ${START_TIMEOUT_MS / 1000} s:\n${output.slice(-10).join('\n')}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { url, dir, pid: child.pid!, stop };
}

async function stopChild(child: ChildProcess, exited: Promise<void>) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.stdin!.end(); // the watchdog sends redis-server SIGTERM: it syncs its files and exits
  const timer = setTimeout(() => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }, STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}

function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}
