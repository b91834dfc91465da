/**
 * `npm start` with no REDIS_URL and no Redis on the default address starts a private
 * redis-server and stops it with the app. This machine has a Redis on 6379, so the tests move
 * the default address to a free port with GUICHET_DEFAULT_REDIS_URL (an internal variable).
 */
import { execFile, execFileSync } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import IORedis from 'ioredis';
import { redisForApp } from '../../core/private-redis';
import { freePort } from '../support/net';
import { buildServer, deployment, type Deployment } from '../support/processes';
import { waitFor } from '../support/wait';

const REAL_REDIS = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

const answers = async (url: string) => {
  const probe = new IORedis(url, { lazyConnect: true, connectTimeout: 500, maxRetriesPerRequest: 0, retryStrategy: () => null });
  probe.on('error', () => undefined);
  try {
    await probe.connect();
    return (await probe.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
};

/** redis-server processes listening on this URL's port, from the process table (Redis titles itself `redis-server host:port`). */
const redisServersOn = (url: string) =>
  execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => line.includes(`redis-server 127.0.0.1:${new URL(url).port}`));

/** `npm start`'s process when it is expected to refuse to start: its exit code and output. */
function failedStart(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, ['dist/server/all-in-one.js'], { cwd: path.resolve(__dirname, '../..'), env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env }, timeout: 15_000 }, (_err, stdout, stderr) =>
      resolve({ code: child.exitCode, output: stdout + stderr }),
    );
  });
}

/** Every private Redis a test saw: none may outlive its test, whatever happened to the app. */
const seen = new Set<string>();
const privateUrlFrom = (logs: string[]) => {
  const line = logs.find((l) => l.includes('started a private redis-server'));
  const port = line?.match(/private redis-server on 127\.0\.0\.1:(\d+)/)?.[1];
  if (port) seen.add(`redis://127.0.0.1:${port}`);
  return port ? `redis://127.0.0.1:${port}` : null;
};

/** PATH without any folder holding redis-server. */
const pathWithoutRedis = () =>
  (process.env.PATH ?? '')
    .split(path.delimiter)
    .filter((dir) => dir && !fs.existsSync(path.join(dir, 'redis-server')))
    .join(path.delimiter);

describe('npm start without REDIS_URL', () => {
  let dep: Deployment;
  let deadDefault: string;

  beforeAll(() => buildServer());
  beforeEach(async () => {
    deadDefault = `redis://127.0.0.1:${await freePort()}`;
    // REDIS_URL '' is unset for loadConfig.
    dep = await deployment({ REDIS_URL: '', GUICHET_DEFAULT_REDIS_URL: deadDefault });
  });
  afterEach(async () => {
    await dep.close(); // kills the app outright, then deletes DATA_DIR
    for (const url of seen) await waitFor(() => redisServersOn(url).length === 0, 15_000, `no redis-server left on ${url}`);
    seen.clear();
  });

  it('when nothing answers on the default address, then a private redis-server in DATA_DIR is started, used, and stopped with the app', async () => {
    const app = await dep.start('all-in-one');
    const url = privateUrlFrom(app.logs);
    expect(url).not.toBeNull();
    expect(await answers(url!)).toBe(true);
    expect(redisServersOn(url!)).toHaveLength(1);

    // Used: the health check pings it, and the app's queues live in it.
    const health = await fetch(`${dep.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ redis: { status: 'up' } });
    const redis = new IORedis(url!);
    await waitFor(async () => (await redis.keys(`${dep.env.QUEUE_PREFIX}:*`)).length > 0, 10_000, 'queue keys in the private Redis');
    await redis.quit();
    // Its data and append-only file are in DATA_DIR/redis.
    expect(fs.readdirSync(path.join(dep.dataDir, 'redis', 'appendonlydir')).some((f) => f.endsWith('.aof'))).toBe(true);

    const { code } = await app.stop('SIGTERM');
    expect(code).toBe(0);
    expect(await answers(url!)).toBe(false);
    expect(redisServersOn(url!)).toEqual([]);
  });

  it('when the app is killed outright and its DATA_DIR deleted, then its private redis-server goes too', async () => {
    const app = await dep.start('all-in-one');
    const url = privateUrlFrom(app.logs)!;
    expect(await answers(url)).toBe(true);
    await app.stop('SIGKILL');
    fs.rmSync(dep.dataDir, { recursive: true, force: true });
    await waitFor(async () => !(await answers(url)) && redisServersOn(url).length === 0, 5000, 'the private redis-server to stop');
  });

  it('when the start fails after Redis started (the HTTP port is taken), then the private redis-server is stopped', async () => {
    const squatter = net.createServer().listen(Number(dep.env.PORT));
    await once(squatter, 'listening');
    try {
      const { code, output } = await failedStart({ ...dep.env, REDIS_URL: '', GUICHET_DEFAULT_REDIS_URL: deadDefault });
      expect(code).toBe(1);
      expect(output).toMatch(/EADDRINUSE/);
      const url = privateUrlFrom(output.split('\n'))!;
      expect(url).not.toBeNull();
      expect(await answers(url)).toBe(false);
      expect(redisServersOn(url)).toEqual([]);
    } finally {
      squatter.close();
    }
  });

  it('when there is no redis-server on the PATH, then the app stops and says how to install Redis', async () => {
    const { code, output } = await failedStart({ ...dep.env, REDIS_URL: '', GUICHET_DEFAULT_REDIS_URL: deadDefault, PATH: pathWithoutRedis() });
    expect(code).toBe(1);
    expect(output).toMatch(/no redis-server on the PATH[\s\S]*apt-get install redis-server[\s\S]*brew install redis[\s\S]*docker compose up -d redis/);
    expect(fs.existsSync(path.join(dep.dataDir, 'redis'))).toBe(false);
  });

  it('when REDIS_URL is set, then it is used as given and nothing is started, even where it does not answer', async () => {
    const dead = `redis://127.0.0.1:${await freePort()}`;
    const { code, output } = await failedStart({ ...dep.env, REDIS_URL: dead, GUICHET_DEFAULT_REDIS_URL: deadDefault });
    expect(code).toBe(1);
    expect(output).toContain(`Redis cannot be reached at ${dead}`);
    expect(fs.existsSync(path.join(dep.dataDir, 'redis'))).toBe(false);

    const app = await dep.start('all-in-one', { REDIS_URL: REAL_REDIS });
    expect(privateUrlFrom(app.logs)).toBeNull();
    expect(fs.existsSync(path.join(dep.dataDir, 'redis'))).toBe(false);
    expect((await app.stop()).code).toBe(0);
  });
});

describe('redisForApp', () => {
  it('when a Redis answers on the default address, then it is used and nothing is started', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'guichet-redis-'));
    const redis = await redisForApp({ url: REAL_REDIS, mayStartPrivate: true, dataDir });
    expect(redis).toMatchObject({ url: REAL_REDIS, privateServer: null });
    await redis.close();
    expect(fs.existsSync(path.join(dataDir, 'redis'))).toBe(false);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
});
