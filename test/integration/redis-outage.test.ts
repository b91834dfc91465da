import { startHarness, type Harness, doubleCharge } from '../support/harness';
import { startOwnRedis } from '../support/redis-server';
import { waitFor } from '../support/wait';

jest.setTimeout(120_000);

let redis: Awaited<ReturnType<typeof startOwnRedis>>;
let h: Harness;
beforeAll(async () => {
  redis = await startOwnRedis();
  h = await startHarness({ redisUrl: redis.url });
});
afterAll(async () => {
  await h?.close();
  await redis?.stop();
});

const report = (i: number) =>
  h.http().post('/api/tickets').send({ ...doubleCharge, customerEmail: `stream${i}@example.fr`, orderNumber: `SFX-S${i}` });

describe('when Redis stops in the middle of a stream of reports and comes back empty', () => {
  it('accepts every report and triages each exactly once', async () => {
    const references: string[] = [];
    const take = async (from: number, to: number) => {
      for (let i = from; i < to; i++) {
        const res = await report(i);
        expect(res.status).toBe(201);
        references.push(res.body.reference);
      }
    };

    await take(0, 15);
    await redis.stop();
    await take(15, 30); // Redis is down: still 201, nothing lost
    const health = await h.http().get('/healthz').expect(503);
    expect(health.body).toMatchObject({ status: 'degraded', database: { status: 'up' }, redis: { status: 'down' } });

    await redis.start(); // an empty Redis: queued jobs are gone too
    await take(30, 40);

    const tickets = await waitFor(
      async () => {
        const rows = await Promise.all(references.map((r) => h.ctx.db.repos.tickets.findByReference(r)));
        return rows.every((t) => t?.triagedAt) ? rows : null;
      },
      60_000,
      'every ticket triaged',
    );
    expect(tickets).toHaveLength(40);
    for (const t of tickets) {
      expect(await h.ctx.db.repos.events.countOfType(t!.id, 'triaged')).toBe(1);
      expect(t!.status).toBe('awaiting_customer');
    }
    await waitFor(async () => (await h.ctx.db.repos.outbox.countPending()) === 0, 30_000, 'outbox drained');
    for (const reference of references) {
      expect(h.smtp.messages.some((m) => m.subject?.includes(reference))).toBe(true);
    }
    await h.http().get('/healthz').expect(200);
  });
});
