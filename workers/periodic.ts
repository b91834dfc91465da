import { randomBytes } from 'node:crypto';
import type IORedis from 'ioredis';

/** Extends the lease only while this worker still holds it (its token). */
const EXTEND = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
/** Gives the lease up only if this worker still holds it. */
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/**
 * Periodic tasks shared by every worker process of a deployment: each task runs once per
 * period however many workers there are. A worker whose timer fires takes the task's lease
 * in Redis (`SET key token NX PX period`); the others find it taken and skip that turn. The
 * holder keeps the lease while the task runs longer than its period (never two at once) and
 * leaves it to expire after, so the period is the same whoever runs it next; a worker that
 * stops gives up its leases at once, and a killed one's expire within a period.
 */
export function periodicTasks(redis: IORedis, prefix: string) {
  const token = randomBytes(12).toString('hex');
  const held = new Set<string>();
  const stops: Array<() => Promise<void>> = [];

  /** Runs `task` every `ms` (after the previous run ended), on one worker of the deployment per period, until stopped. */
  function every(name: string, ms: number, task: () => Promise<unknown>, onError: (err: unknown) => void) {
    const key = `${prefix}:periodic:${name}`;
    let timer: NodeJS.Timeout | undefined;
    let running: Promise<unknown> = Promise.resolve();
    let stopped = false;
    const leased = async () => {
      if ((await redis.set(key, token, 'PX', ms, 'NX')) !== 'OK') return;
      held.add(key);
      const keep = setInterval(() => void redis.eval(EXTEND, 1, key, token, ms).catch(() => undefined), Math.max(50, ms / 2));
      try {
        await task();
      } finally {
        clearInterval(keep);
        // The lease runs (nearly) one more period from the end of this run: no other worker starts it
        // before, and it has expired when this worker's own next turn comes.
        await redis.eval(EXTEND, 1, key, token, Math.max(1, Math.floor(ms * 0.9))).catch(() => undefined);
      }
    };
    const tick = () => {
      running = leased()
        .catch(onError)
        .finally(() => {
          if (!stopped) timer = setTimeout(tick, ms);
        });
    };
    timer = setTimeout(tick, ms);
    stops.push(async () => {
      stopped = true;
      clearTimeout(timer);
      await running;
    });
  }

  return {
    every,
    /** Stops every timer, waits for the runs in progress, then hands this worker's leases back. */
    async stop() {
      await Promise.all(stops.map((stop) => stop()));
      await Promise.all([...held].map((key) => redis.eval(RELEASE, 1, key, token).catch(() => undefined)));
    },
  };
}
