import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { io as connect, type Socket } from 'socket.io-client';
import request from 'supertest';
import { loadConfig } from '../../core/config';
import { AGENTS_NAMESPACE } from '../../core/notifier';
import { startStack } from '../../server/stack';
import { freshPostgresDatabase } from '../../scripts/fresh-database';
import { freePort } from './net';
import { startSmtpServer } from './smtp';
import type { Role } from '../../domain/roles';
import { createUser } from '../../server/services/auth.service';
import { appendCoverage, forget, formatMismatches, installOpenApiRecorder, watchAfterEachTest } from './openapi-recorder';

export const TEST_PASSWORD = 'correct horse battery staple';

/** HTTP as a signed-in user: the session cookie and the CSRF header on every call. */
export function signedInClient(url: string, cookie: string, csrfToken: string, user: { id: string; name: string; role: Role; email: string }) {
  const withAuth = (test: request.Test) => test.set('Cookie', cookie).set('X-CSRF-Token', csrfToken);
  return {
    user,
    cookie,
    csrfToken,
    get: (path: string) => request(url).get(path).set('Cookie', cookie),
    post: (path: string, body?: object) => withAuth(request(url).post(path)).send(body ?? {}),
    patch: (path: string, body?: object) => withAuth(request(url).patch(path)).send(body ?? {}),
    put: (path: string, body?: object) => withAuth(request(url).put(path)).send(body ?? {}),
    delete: (path: string) => withAuth(request(url).delete(path)),
    socket: (() => Promise.reject(new Error('not wired'))) as () => Promise<Socket>,
  };
}
export type SignedInClient = ReturnType<typeof signedInClient>;

/** PostgreSQL for tests: trust auth, database `test` (override with TEST_PG_URL). */
const PG_URL = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A fresh database per test file: a new PostgreSQL database or a new SQLite file. */
async function freshDatabase(): Promise<{ url?: string; drop(): Promise<void> }> {
  if (process.env.TEST_DATABASE !== 'postgres') return { drop: async () => undefined };
  return freshPostgresDatabase(PG_URL, 'guichet_test');
}

export interface HarnessOptions {
  redisUrl?: string;
  workers?: boolean;
  env?: Record<string, string>;
  /** Customers' private links point at this server (browser tests follow them). */
  linksToSelf?: boolean;
  /**
   * Where the server's clock starts; it then runs at real speed until a test sets it.
   * 'real': today's date (the browser tests, whose pages read the browser's own clock).
   */
  clockStart?: Date | 'real';
  /** Rewrites the PostgreSQL URL the server uses (to go through a proxy a test can cut). */
  databaseUrl?: (url: string) => string;
  /** Every answer checked against the OpenAPI document, `close()` failing on mismatches (default true). */
  checkResponses?: boolean;
}

/** A Monday at 10:00 in Paris, in business hours: tests never depend on today's date. */
export const TEST_CLOCK_START = new Date('2026-11-23T09:00:00Z');

/**
 * The whole product as `npm start` runs it (API, sockets, workers) against real Redis, a
 * real database and a real SMTP server, with a clock the test can move.
 */
export async function startHarness(options: HarnessOptions = {}) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'guichet-test-'));
  const database = await freshDatabase();
  const smtp = await startSmtpServer();
  const port = options.linksToSelf ? await freePort() : 0;
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    DATABASE_URL: database.url && options.databaseUrl ? options.databaseUrl(database.url) : database.url,
    REDIS_URL: options.redisUrl ?? REDIS_URL,
    QUEUE_PREFIX: `test-${randomBytes(4).toString('hex')}`,
    SMTP_URL: smtp.url,
    PUBLIC_URL: port ? `http://127.0.0.1:${port}` : 'https://support.example.test',
    SWEEP_INTERVAL_MS: '200',
    SWEEP_GRACE_MS: '300',
    APP_SECRET: randomBytes(32).toString('hex'),
    PORT: String(port),
    // Far above what any test sends from its one address; access-and-abuse.test.ts sets its own.
    INTAKE_RATE_PER_IP: '1000000',
    INTAKE_RATE_PER_EMAIL: '1000000',
    ...options.env,
  });
  const clock = { fixed: null as Date | null };
  const start = options.clockStart ?? TEST_CLOCK_START;
  const offset = start === 'real' ? 0 : start.getTime() - Date.now();
  const now = () => clock.fixed ?? new Date(Date.now() + offset);
  const stack = await startStack(config, { overrides: { now }, workers: options.workers, port }).catch(async (err) => {
    // Nothing left open behind a failed start, or Jest would never exit.
    await smtp.close();
    await database.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw err;
  });
  const { ctx, api } = stack;
  const sockets: Socket[] = [];
  const openapi = options.checkResponses === false ? null : installOpenApiRecorder(api.server);
  if (openapi) watchAfterEachTest(openapi);

  return {
    ctx,
    config,
    smtp,
    url: api.url,
    /** The OpenAPI check of every answer (null when turned off). */
    openapi,
    http: () => request(api.url),
    clock: {
      set(date: Date) {
        clock.fixed = date;
      },
      /** Back to the running clock (started at `clockStart`). */
      real() {
        clock.fixed = null;
      },
    },
    startWorkers: stack.startWorkers,
    /** A user of that role, created on first use, signed in through the API. */
    async signIn(role: Role = 'agent', name = `${role} one`): Promise<SignedInClient> {
      const email = `${name.replace(/\W+/g, '.')}@guichet.test`.toLowerCase();
      if (!(await ctx.db.repos.users.findByEmail(email))) await createUser(ctx, { email, name, role, password: TEST_PASSWORD });
      const res = await request(api.url).post('/api/auth/login').send({ email, password: TEST_PASSWORD }).expect(200);
      const cookie = (res.headers['set-cookie'] as unknown as string[])[0].split(';')[0];
      const client = signedInClient(api.url, cookie, res.body.csrfToken, res.body.user);
      client.socket = () => this.agentSocket(cookie);
      return client;
    },
    /** An agent socket, connected (or refused) before it resolves. */
    async agentSocket(cookie?: string): Promise<Socket> {
      const socket = connect(`${api.url}${AGENTS_NAMESPACE}`, {
        transports: ['websocket'],
        reconnection: false,
        extraHeaders: cookie ? { cookie } : {},
      });
      sockets.push(socket);
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      });
      return socket;
    },
    async close() {
      sockets.forEach((s) => s.disconnect());
      if (openapi) forget(openapi);
      await stack.close();
      await smtp.close();
      await database.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
      if (openapi) {
        await openapi.settle();
        appendCoverage(expect.getState().testPath ?? 'unknown', openapi.exercised);
        // What came after the last test (its afterAll's own requests): rare, and only then does close() throw.
        const mismatches = openapi.take();
        if (mismatches.length) throw new Error(`Answers that do not match the OpenAPI document (server/openapi/):\n${formatMismatches(mismatches)}`);
      }
    },
  };
}
export type Harness = Awaited<ReturnType<typeof startHarness>>;

/** A small valid PNG (1×1), and a text file pretending to be one. */
export const PNG_BYTES = Buffer.from(
  '89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082',
  'hex',
);
export const PDF_BYTES = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');

export const doubleCharge = {
  type: 'double_charge',
  customerName: 'Marie Curie',
  customerEmail: 'marie.curie@example.fr',
  orderNumber: 'SFX-10042',
  paymentTime: '2026-11-20T14:32:00+01:00',
  amount: '59.90',
  cardType: 'visa',
  cardLast4: '4242',
  description: 'Deux débits de 59,90 € pour la même commande.',
};
