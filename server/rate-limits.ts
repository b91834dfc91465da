import { createHash } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import { RedisStore, type RedisReply } from 'rate-limit-redis';
import type { RunningContext } from '../core/bootstrap';
import { AppError } from './errors';

type Skip = (req: Request) => Promise<boolean>;

interface LimitOptions {
  /** Names the counter in Redis and in the RateLimit header. */
  name: string;
  limit: number;
  windowMs: number;
  /** Whose allowance a request uses; undefined: the client's address (req.ip, see TRUST_PROXY). */
  key?: (req: Request) => string;
  /** Requests left out entirely (neither counted nor refused). */
  skip: Skip;
  /** Whether a finished request uses up the allowance; those that do not are given back. */
  counts: (req: Request, res: Response) => boolean;
  message: string;
}

/**
 * A fixed-window limit counted in Redis, so every API process shares it. While Redis is
 * down requests pass unlimited rather than fail: intake keeps its promise to accept reports.
 */
function redisLimit(ctx: RunningContext, o: LimitOptions): RequestHandler {
  const log = (err: unknown, message?: string) => ctx.logger.warn({ err: String(err) }, message ?? 'rate limit');
  return rateLimit({
    windowMs: o.windowMs,
    limit: o.limit,
    identifier: o.name,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    store: new RedisStore({
      prefix: `${ctx.config.QUEUE_PREFIX}:rate:${o.name}:`,
      sendCommand: (command: string, ...args: string[]) => ctx.redis.call(command, ...args) as Promise<RedisReply>,
    }),
    passOnStoreError: true,
    logger: { error: log, warn: log },
    // X-Forwarded-For is ignored unless TRUST_PROXY says who may set it: nothing to warn about.
    validate: { xForwardedForHeader: false },
    ...(o.key ? { keyGenerator: o.key } : {}),
    skip: o.skip,
    skipFailedRequests: true,
    requestWasSuccessful: o.counts,
    handler: (_req, res, next) => {
      const retryAfterSeconds = Number(res.get('Retry-After'));
      next(new AppError(429, 'rate_limited', o.message, { limit: o.limit, windowSeconds: o.windowMs / 1000, retryAfterSeconds }));
    },
  });
}

const replayed = (res: Response) => res.get('Idempotent-Replayed') === 'true';
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const customerEmail = (req: Request): string | null => {
  const email = (req.body as { customerEmail?: unknown } | undefined)?.customerEmail;
  return typeof email === 'string' && email.trim() ? email.trim().toLowerCase() : null;
};

/**
 * `POST /api/tickets` is public and each report e-mails the address it gives: limits per
 * client address (before the upload is read) and per customer e-mail (once the form is).
 * A replay of an earlier report (`isReplay`, or answered as one) never counts; per e-mail,
 * only reports accepted count, so a customer correcting a refused form is not held back.
 */
export function intakeRateLimits(ctx: RunningContext, isReplay: Skip): { perAddress: RequestHandler; perEmail: RequestHandler } {
  const c = ctx.config;
  const minutes = (ms: number) => Math.round(ms / 60_000);
  return {
    perAddress: redisLimit(ctx, {
      name: 'intake-address',
      limit: c.INTAKE_RATE_PER_IP,
      windowMs: c.INTAKE_RATE_IP_WINDOW_MS,
      skip: isReplay,
      counts: (_req, res) => !replayed(res),
      message: `Too many reports from this address (at most ${c.INTAKE_RATE_PER_IP} in ${minutes(c.INTAKE_RATE_IP_WINDOW_MS)} min); try again later.`,
    }),
    perEmail: redisLimit(ctx, {
      name: 'intake-email',
      limit: c.INTAKE_RATE_PER_EMAIL,
      windowMs: c.INTAKE_RATE_EMAIL_WINDOW_MS,
      // Hashed: Redis holds no customer's address.
      key: (req) => sha256(customerEmail(req)!),
      skip: async (req) => customerEmail(req) === null || (await isReplay(req)),
      counts: (_req, res) => res.statusCode < 400 && !replayed(res),
      message: `Too many reports for this e-mail address (at most ${c.INTAKE_RATE_PER_EMAIL} in ${minutes(c.INTAKE_RATE_EMAIL_WINDOW_MS)} min); try again later.`,
    }),
  };
}
