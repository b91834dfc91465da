import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';

/** Environment variables, validated once at start. */
const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL (leave it unset for SQLite in DATA_DIR)')
    .optional(),
  /** Unset: `npm start` uses the Redis on 127.0.0.1:6379, or starts a private redis-server (core/private-redis.ts). */
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must be a redis:// URL').optional(),
  /** For tests only: the address looked at when REDIS_URL is unset (this machine's own Redis may be on 6379). */
  GUICHET_DEFAULT_REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must be a redis:// URL').default('redis://127.0.0.1:6379'),
  QUEUE_PREFIX: z.string().regex(/^[A-Za-z0-9_-]+$/).default('guichet'),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL (leave it unset to write e-mails to DATA_DIR/outbox)')
    .optional(),
  /** Where customers' private links point; defaults to this machine on PORT. */
  PUBLIC_URL: z.url().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
  /** How often the worker re-enqueues what was never processed and looks for SLA thresholds. */
  SWEEP_INTERVAL_MS: z.coerce.number().int().min(100).default(5000),
  /** How old an unprocessed outbox message must be before the sweeper enqueues it again. */
  SWEEP_GRACE_MS: z.coerce.number().int().min(0).default(10_000),
  /** SQLite: how long a statement waits for another process's write lock before the unit of work is tried again. */
  SQLITE_BUSY_TIMEOUT_MS: z.coerce.number().int().min(10).max(60_000).default(5000),
  /** Signs customers' private links; shared by every process. Development keeps one in DATA_DIR. */
  APP_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** Which proxies in front may say who the client is (X-Forwarded-For); by default none. */
  TRUST_PROXY: z.string().default('false').transform(parseTrustProxy),
  /** Reports one client address may send per window; every API process counts together (in Redis). */
  INTAKE_RATE_PER_IP: z.coerce.number().int().min(1).default(30),
  INTAKE_RATE_IP_WINDOW_MS: z.coerce.number().int().min(1000).default(60_000),
  /** Reports accepted for one customer e-mail address per window: each one e-mails that address. */
  INTAKE_RATE_PER_EMAIL: z.coerce.number().int().min(1).default(10),
  INTAKE_RATE_EMAIL_WINDOW_MS: z.coerce.number().int().min(1000).default(3_600_000),
  /** How often each shop's support mailbox is read. */
  MAILBOX_FETCH_INTERVAL_MS: z.coerce.number().int().min(100).default(30_000),
  /** How often the retention job looks for finished tickets whose personal data is due for erasure. */
  RETENTION_INTERVAL_MS: z.coerce.number().int().min(100).default(3_600_000),
  /** Where the Stripe SDK sends its requests; unset: Stripe's own API. Tests point it at a local fake. */
  STRIPE_API_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** Outgoing webhooks: plain http (and https) to this machine's loopback addresses, for development and tests; never in production. */
  WEBHOOK_ALLOW_LOOPBACK_HTTP: z.enum(['true', 'false', '1', '0']).default('false').transform((v) => v === 'true' || v === '1'),
  /** How long a receiver has to answer one delivery. */
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  /** The first retry's delay; each next one doubles it (8 attempts: about a day with the default 11 minutes). */
  WEBHOOK_RETRY_BASE_MS: z.coerce.number().int().min(10).default(680_000),
  /** How often new deliveries are handed to the queue at once (the outbox sweeper is the safety net). */
  WEBHOOK_DISPATCH_INTERVAL_MS: z.coerce.number().int().min(50).default(1000),
  /** An endpoint whose deliveries have all failed for this long is disabled (3 days). */
  WEBHOOK_DISABLE_AFTER_MS: z.coerce.number().int().min(0).default(3 * 24 * 3600_000),
});

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);
const isProxyAddress = (entry: string) => {
  if (PROXY_NAMES.has(entry)) return true;
  const [address, prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (!family || rest.length) return false;
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128));
};

/**
 * Express's 'trust proxy': false (the default: X-Forwarded-For is ignored, so a client
 * cannot pick the address its limits are counted against), a number of proxies in front,
 * or their addresses and subnets. 'true' is refused: it would believe whatever a client sends.
 */
function parseTrustProxy(value: string, ctx: z.RefinementCtx): false | number | string[] {
  const v = value.trim();
  if (v === 'false' || v === '0') return false;
  if (/^\d+$/.test(v)) return Number(v);
  const entries = v.split(',').map((e) => e.trim()).filter(Boolean);
  const wrong = v === 'true' ? ['true'] : entries.filter((e) => !isProxyAddress(e));
  if (wrong.length || !entries.length) {
    ctx.issues.push({
      code: 'custom',
      input: value,
      message: `${wrong.join(', ') || 'empty'}: give the number of proxies in front of the API (e.g. 1), or their addresses or subnets (10.0.0.5, 10.0.0.0/8, loopback)`,
    });
    return z.NEVER;
  }
  return entries;
}

export type Config = Omit<z.output<typeof envSchema>, 'APP_SECRET' | 'PUBLIC_URL' | 'LOG_LEVEL' | 'REDIS_URL' | 'GUICHET_DEFAULT_REDIS_URL'> & {
  LOG_LEVEL: NonNullable<z.output<typeof envSchema>['LOG_LEVEL']>;
  REDIS_URL: string;
  /** REDIS_URL was set: use it as given, never start a private Redis. */
  redisUrlGiven: boolean;
  APP_SECRET: string;
  PUBLIC_URL: string;
  /** The domain of our Message-IDs: PUBLIC_URL's host. */
  messageIdDomain: string;
  uploadsDir: string;
  /** The built web app (dist/client), served when present. */
  clientDir: string;
  outboxDir: string;
  sqlitePath: string;
};

/** The project folder, or dist/ once compiled. */
const appRoot = path.resolve(__dirname, '..');

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  const dataDir = path.resolve(c.DATA_DIR);
  if (!c.APP_SECRET && c.NODE_ENV === 'production') {
    throw new Error('Invalid configuration:\n  APP_SECRET: required in production (at least 32 random characters)');
  }
  if (c.APP_SECRET && c.NODE_ENV === 'production' && isExampleSecret(c.APP_SECRET)) {
    throw new Error(
      'Invalid configuration:\n  APP_SECRET: still the example value of docker-compose.yml; anyone could forge customers\' links. ' +
        'Set it to at least 32 random characters (`openssl rand -base64 32`), the same in every process',
    );
  }
  if (c.WEBHOOK_ALLOW_LOOPBACK_HTTP && c.NODE_ENV === 'production') {
    throw new Error('Invalid configuration:\n  WEBHOOK_ALLOW_LOOPBACK_HTTP: for development and tests only; in production webhooks go to public https addresses');
  }
  const { GUICHET_DEFAULT_REDIS_URL, ...settings } = c;
  return {
    ...settings,
    REDIS_URL: c.REDIS_URL ?? GUICHET_DEFAULT_REDIS_URL,
    redisUrlGiven: c.REDIS_URL !== undefined,
    APP_SECRET: c.APP_SECRET ?? localSecret(dataDir),
    PUBLIC_URL: c.PUBLIC_URL ?? `http://localhost:${c.PORT}`,
    messageIdDomain: new URL(c.PUBLIC_URL ?? 'http://localhost').hostname.replace(/^\[|\]$/g, '').replace(/:/g, '-') || 'localhost',
    LOG_LEVEL: c.LOG_LEVEL ?? (c.NODE_ENV === 'test' ? 'silent' : 'info'),
    DATA_DIR: dataDir,
    uploadsDir: path.join(dataDir, 'uploads'),
    clientDir: path.join(appRoot, path.basename(appRoot) === 'dist' ? 'client' : path.join('dist', 'client')),
    outboxDir: path.join(dataDir, 'outbox'),
    sqlitePath: path.join(dataDir, 'guichet.sqlite'),
  };
}

/** The placeholder docker-compose.yml falls back to (and any other `change-me…`): fine on a laptop, never in production. */
export const EXAMPLE_APP_SECRET = 'change-me-to-32-random-characters-or-more';
const isExampleSecret = (secret: string) => secret === EXAMPLE_APP_SECRET || /^change[-_ ]?me/i.test(secret.trim());

/** Outside production, a secret kept beside the data so links survive restarts. */
function localSecret(dataDir: string): string {
  const file = path.join(dataDir, 'app-secret');
  fs.mkdirSync(dataDir, { recursive: true });
  try {
    fs.writeFileSync(file, randomBytes(32).toString('base64url'), { flag: 'wx', mode: 0o600 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  return fs.readFileSync(file, 'utf8').trim();
}
