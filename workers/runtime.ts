import { runOwedRecomputes } from '../core/deadline-recompute';
import { Worker, type Job, type WorkerOptions } from 'bullmq';
import type { AppContext } from '../core/context';
import { createRedis } from '../core/redis';
import { MailAdapter } from './mail/mail.adapter';
import { mailProcessor } from './mail.processor';
import { alertMailProcessor } from './alert-mail.processor';
import { refusalMailProcessor } from './refusal-mail.processor';
import { sweepOutbox } from './outbox-sweep.task';
import { alertMailQueue, mailboxQueue, mailQueue, paymentCheckQueue, queueDefinitions, refusalMailQueue, rollupQueue, triageQueue } from '../queues';
import { mailboxScheduler } from '../queues/mailbox.queue';
import { fetchMailbox } from '../core/mailbox-fetch';
import { paymentCheckProcessor } from './payment-check.processor';
import { ROLLUP_EVERY_MS, ROLLUP_SCHEDULER } from '../queues/rollup.queue';
import { rollupProcessor } from './sla-rollup.processor';
import { runMoneyWatch } from './money-watch.task';
import { runReminderWatch } from './reminder-watch.task';
import { runRetentionWatch } from './retention.task';
import { runSlaWatch } from './sla-watch.task';
import { triageProcessor } from './triage.processor';
import { webhookDeliveryProcessor } from './webhook-delivery.processor';
import { webhookDeliveryQueue } from '../queues';
import { WEBHOOK_BACKOFF } from '../queues/webhook-delivery.queue';
import { dispatchNewDeliveries, pruneDeliveryLog, webhookBackoff } from '../core/webhook-deliveries';
import { periodicTasks } from './periodic';

/** How long the lock on a running job lasts without its worker renewing it (every half of it). */
const STALLED_AFTER_MS = 10_000;

/** Every queue jobs are recorded for has a processor here, and nothing else does: else the process refuses to start. */
export function assertEveryQueueHandled(processors: Record<string, unknown>, queues: readonly string[] = Object.keys(queueDefinitions)) {
  const missing = queues.filter((name) => !processors[name]);
  const unknown = Object.keys(processors).filter((name) => !queues.includes(name));
  if (missing.length || unknown.length) {
    throw new Error(
      [missing.length ? `no worker for the queue(s) ${missing.join(', ')}` : '', unknown.length ? `a worker for unknown queue(s) ${unknown.join(', ')}` : ''].filter(Boolean).join('; '),
    );
  }
}

export interface WorkerRuntime {
  close(): Promise<void>;
}

/** The BullMQ processors and the periodic tasks (outbox sweep, SLA watch, reminders, session cleanup) of one worker process. */
export function startWorkers(ctx: AppContext, options: { mailer?: MailAdapter } = {}): WorkerRuntime {
  const { config, logger } = ctx;
  const connection = createRedis(config.REDIS_URL, 'consumer');
  const mailer = options.mailer ?? new MailAdapter({ smtpUrl: config.SMTP_URL, outboxDir: config.outboxDir });
  const common = { connection, prefix: config.QUEUE_PREFIX };
  const processors: Record<string, { process: (job: Job) => Promise<unknown>; concurrency: number; settings?: WorkerOptions['settings'] }> = {
    // Many triage jobs at once, so that they share transactions (Database.groupCommit).
    [triageQueue.name]: { process: triageProcessor(ctx), concurrency: 256 },
    [mailQueue.name]: { process: mailProcessor(ctx, mailer), concurrency: 16 },
    [alertMailQueue.name]: { process: alertMailProcessor(ctx, mailer), concurrency: 8 },
    [refusalMailQueue.name]: { process: refusalMailProcessor(ctx, mailer), concurrency: 2 },
    [rollupQueue.name]: { process: rollupProcessor(ctx), concurrency: 1 },
    // Lookups wait on Stripe, not on the database: a few at once.
    [paymentCheckQueue.name]: { process: paymentCheckProcessor(ctx), concurrency: 4 },
    // One mailbox job at a time per worker; each mailbox has one scheduler (a fixed id).
    [mailboxQueue.name]: { process: (job) => fetchMailbox(ctx, mailboxQueue.payload.parse(job.data).brandId), concurrency: 1 },
    // Receivers are slow or down, not the database: several at once; retries double WEBHOOK_RETRY_BASE_MS.
    [webhookDeliveryQueue.name]: {
      process: webhookDeliveryProcessor(ctx),
      concurrency: 8,
      settings: { backoffStrategy: (attemptsMade: number, type?: string) => (type === WEBHOOK_BACKOFF ? webhookBackoff(config.WEBHOOK_RETRY_BASE_MS)(attemptsMade) : 0) },
    },
  };
  assertEveryQueueHandled(processors);
  // A worker that dies (killed, its machine gone) holds its jobs' locks until they expire: the
  // others take the jobs back within STALLED_AFTER_MS plus a check (BullMQ's default is 30 s each).
  const stalled = { lockDuration: STALLED_AFTER_MS, stalledInterval: STALLED_AFTER_MS / 2 };
  const workers = Object.entries(processors).map(
    ([name, p]) => new Worker(name, p.process, { ...common, ...stalled, concurrency: p.concurrency, ...(p.settings ? { settings: p.settings } : {}) }),
  );
  // The scheduler lives in Redis: declared again every minute, so a Redis that lost it gets it back.
  const schedule = async () => {
    await ctx.dispatcher.queue(rollupQueue.name).upsertJobScheduler(ROLLUP_SCHEDULER, { every: ROLLUP_EVERY_MS }, { name: rollupQueue.name, data: {}, opts: rollupQueue.options });
    await scheduleMailboxes();
  };
  // A scheduler per configured mailbox, and none for a mailbox an admin removed.
  const scheduleMailboxes = async () => {
    const queue = ctx.dispatcher.queue(mailboxQueue.name);
    const mailboxes = await ctx.db.repos.mailboxes.list();
    const wanted = new Set(mailboxes.map((m) => mailboxScheduler(m.brandId)));
    for (const m of mailboxes) {
      await queue.upsertJobScheduler(mailboxScheduler(m.brandId), { every: config.MAILBOX_FETCH_INTERVAL_MS }, { name: mailboxQueue.name, data: { brandId: m.brandId }, opts: mailboxQueue.options });
    }
    for (const s of await queue.getJobSchedulers()) if (s.key && !wanted.has(s.key)) await queue.removeJobScheduler(s.key);
  };
  for (const worker of workers) {
    worker.on('failed', (job, err) => logger.warn({ queue: worker.name, jobId: job?.id, attempt: job?.attemptsMade, err: err.message }, 'job failed'));
    worker.on('error', (err) => logger.debug({ queue: worker.name, err: String(err) }, 'worker error'));
  }
  void schedule().catch((err) => logger.debug({ err: String(err) }, 'roll-up schedule not set yet'));
  // Each periodic task runs on one worker per period, however many workers there are (workers/periodic.ts).
  const periodic = periodicTasks(connection, config.QUEUE_PREFIX);
  const every = periodic.every;
  every('schedulers', 60_000, schedule, (err) => logger.debug({ err: String(err) }, 'roll-up schedule not set'));
  every('outbox-sweep', config.SWEEP_INTERVAL_MS, () => sweepOutbox(ctx), (err) => logger.debug({ err: String(err) }, 'outbox sweep failed'));
  every('webhook-dispatch', config.WEBHOOK_DISPATCH_INTERVAL_MS, () => dispatchNewDeliveries(ctx), (err) => logger.debug({ err: String(err) }, 'webhook dispatch failed'));
  every('webhook-log-prune', 3600_000, () => pruneDeliveryLog(ctx), (err) => logger.warn({ err: String(err) }, 'webhook delivery log cleanup failed'));
  every('sla-watch', config.SWEEP_INTERVAL_MS, () => runSlaWatch(ctx), (err) => logger.warn({ err: String(err) }, 'SLA watch failed'));
  every('reminder-watch', config.SWEEP_INTERVAL_MS, () => runReminderWatch(ctx), (err) => logger.warn({ err: String(err) }, 'reminder watch failed'));
  every('money-watch', config.SWEEP_INTERVAL_MS, () => runMoneyWatch(ctx), (err) => logger.warn({ err: String(err) }, 'money watch failed'));
  every('retention', config.RETENTION_INTERVAL_MS, () => runRetentionWatch(ctx), (err) => logger.warn({ err: String(err) }, 'retention run failed'));
  every('deadline-recompute', 60_000, () => runOwedRecomputes(ctx), (err) => logger.warn({ err: String(err) }, 'deadline recompute failed'));
  // Expired sign-in sessions are refused already; this only keeps the table small.
  every('session-cleanup', 10 * 60_000, () => ctx.db.repos.sessions.deleteExpired(ctx.now()), (err) => logger.debug({ err: String(err) }, 'session cleanup failed'));
  return {
    async close() {
      await periodic.stop();
      await Promise.all(workers.map((w) => w.close()));
      if (!options.mailer) mailer.close();
      connection.disconnect();
    },
  };
}
