import { Database } from '../../db/database';
import { startHarness, type Harness, doubleCharge } from '../support/harness';
import { freePort } from '../support/net';
import { startTcpProxy } from '../support/tcp-proxy';
import { waitFor } from '../support/wait';

describe('when the database cannot be reached at start', () => {
  it('says so in plain words', async () => {
    const port = await freePort();
    await expect(Database.open({ databaseUrl: `postgres://guichet:secret@127.0.0.1:${port}/guichet`, sqlitePath: '' })).rejects.toThrow(
      `The PostgreSQL database cannot be reached at postgres://guichet:***@127.0.0.1:${port}/guichet`,
    );
  });
});

// Cutting the connection to a server is what can happen to PostgreSQL; SQLite is a file in the process.
const onPostgres = process.env.TEST_DATABASE === 'postgres' ? describe : describe.skip;

onPostgres('when PostgreSQL goes away for a while and comes back', () => {
  let h: Harness;
  let proxy: Awaited<ReturnType<typeof startTcpProxy>>;
  beforeAll(async () => {
    proxy = await startTcpProxy({ host: '127.0.0.1', port: 5432 });
    h = await startHarness({ databaseUrl: (url) => proxy.through(url) });
  });
  afterAll(async () => {
    await proxy.restore().catch(() => undefined);
    await h?.close();
    await proxy?.close();
  });

  const report = (n: number) => h.http().post('/api/tickets').send({ ...doubleCharge, customerEmail: `outage${n}@example.fr`, orderNumber: `SFX-OUT-${n}` });

  it('answers 503 database_unavailable (never 500), reports itself degraded, and resumes by itself', async () => {
    const before = await report(0).expect(201);
    await proxy.cut();

    const during = await Promise.all(Array.from({ length: 12 }, (_, i) => report(i + 1)));
    for (const res of during) {
      expect(res.status).toBe(503);
      expect(res.headers['retry-after']).toBeDefined();
      expect(res.body).toEqual({ error: { code: 'database_unavailable', message: expect.any(String), details: null } });
    }
    const health = await h.http().get('/healthz').expect(503);
    expect(health.body).toMatchObject({ status: 'degraded', database: { status: 'down' }, redis: { status: 'up' } });

    await proxy.restore();
    await waitFor(async () => (await h.http().get('/healthz')).status === 200, 20_000, 'healthy again');
    const after = await report(100).expect(201);
    for (const id of [before.body.id, after.body.id]) {
      await waitFor(async () => (await h.ctx.db.repos.tickets.findById(id))?.triagedAt, 30_000, 'triage after the outage');
    }
  });
});
