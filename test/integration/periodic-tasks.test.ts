import { randomBytes } from 'node:crypto';
import IORedis from 'ioredis';
import { periodicTasks } from '../../workers/periodic';
import { REDIS_URL } from '../support/harness';

const PERIOD_MS = 200;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Two workers' periodic tasks on one Redis and one prefix, each run recorded with who ran it and when. */
function twoWorkers(prefix: string, runMs: number, periodMs = PERIOD_MS) {
  const runs: Array<{ worker: number; start: number; end: number }> = [];
  const connections = [new IORedis(REDIS_URL), new IORedis(REDIS_URL)];
  const workers = connections.map((redis, worker) => {
    const tasks = periodicTasks(redis, prefix);
    tasks.every('sla-watch', periodMs, async () => {
      const start = Date.now();
      await sleep(runMs);
      runs.push({ worker, start, end: Date.now() });
    }, (err) => { throw err; });
    return tasks;
  });
  return {
    runs,
    workers,
    async close() {
      await Promise.all(workers.map((w) => w.stop()));
      connections.forEach((c) => c.disconnect());
    },
  };
}

describe('periodic tasks of several workers on one Redis', () => {
  it('run once per period, never two at once, whichever worker takes the turn', async () => {
    // A lease outlives a stall of the process shorter than its period: both workers share this test's event loop, which a
    // loaded machine has stalled for 200 ms (the lease expired while a run waited for its timer), so the period is 500 ms.
    const period = 500;
    const deployment = twoWorkers(`periodic-${randomBytes(4).toString('hex')}`, 20, period);
    await sleep(6000);
    await deployment.close();
    const { runs } = deployment;
    // Alone, each worker would run it about 6000 / 520 ≈ 11 times: together they still run it about that often.
    expect(runs.length).toBeGreaterThanOrEqual(6);
    expect(runs.length).toBeLessThanOrEqual(15);
    const sorted = [...runs].sort((a, b) => a.start - b.start);
    for (let i = 1; i < sorted.length; i++) {
      expect(sorted[i].start).toBeGreaterThanOrEqual(sorted[i - 1].end); // never overlapping
      expect(sorted[i].start - sorted[i - 1].start).toBeGreaterThanOrEqual(period * 0.85); // about one period apart
    }
  });

  it('a run longer than its period keeps the turn: the other worker does not start it meanwhile', async () => {
    const deployment = twoWorkers(`periodic-${randomBytes(4).toString('hex')}`, PERIOD_MS * 3);
    await sleep(2500);
    await deployment.close();
    const sorted = [...deployment.runs].sort((a, b) => a.start - b.start);
    expect(sorted.length).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < sorted.length; i++) expect(sorted[i].start).toBeGreaterThanOrEqual(sorted[i - 1].end);
  });

  it('a worker that stops hands its turn over: the other runs the task from then on', async () => {
    const deployment = twoWorkers(`periodic-${randomBytes(4).toString('hex')}`, 10);
    await sleep(1000);
    const stoppedAt = Date.now();
    const runner = deployment.runs.at(-1)!.worker;
    await deployment.workers[runner].stop();
    await sleep(1000);
    await deployment.close();
    const after = deployment.runs.filter((r) => r.start > stoppedAt);
    expect(after.length).toBeGreaterThanOrEqual(3);
    expect(after.every((r) => r.worker !== runner)).toBe(true);
  });
});
