import { scenarios } from '../../bench/run';

jest.setTimeout(180_000);

/** Every benchmark scenario at a tiny size, so the harness cannot rot; the full runs stay out of CI. */
describe('benchmarks, smoke size', () => {
  it('intake: posts reports to a bare Express, to the API alone and to the API with its workers, without errors', async () => {
    const r = await scenarios.intake('smoke');
    expect(r.rows).toHaveLength(3);
    for (const row of r.rows as Array<{ errors: number; non2xx: number; total: number }>) {
      expect(row).toMatchObject({ errors: 0, non2xx: 0 });
      expect(row.total).toBeGreaterThan(0);
    }
  });

  it('pipeline: every report of the burst is triaged', async () => {
    const [row] = (await scenarios.pipeline('smoke')).rows as Array<{ reports: number; triaged: number; p99SubmitToTriagedMs: number }>;
    expect(row.triaged).toBe(row.reports);
    expect(row.p99SubmitToTriagedMs).toBeGreaterThanOrEqual(0);
  });

  it('queue: times each kind of queue request', async () => {
    const r = await scenarios.queue('smoke');
    expect((r.rows as Array<{ n: number }>).map((x) => x.n)).toEqual([10, 10, 10, 10, 10, 10]);
  });

  it('fanout: every socket receives every event', async () => {
    const [row] = (await scenarios.fanout('smoke')).rows as Array<{ deliveries: number; expected: number }>;
    expect(row.deliveries).toBe(row.expected);
  });

  it('reports: times a year of SLA reports', async () => {
    const r = await scenarios.reports('smoke');
    expect(r.rows).toHaveLength(6);
    expect((r as { tickets?: number }).tickets).toBe(1500);
  });

  it('sla: counts due-time computations per second', async () => {
    const r = await scenarios.sla('smoke');
    expect((r.rows as Array<{ perSecond: number }>).every((x) => x.perSecond > 0)).toBe(true);
  });

  it('payment-match: checks every ticket against a small ledger, most reports made from it resting on their charge', async () => {
    const r = (await scenarios['payment-match']('smoke')) as unknown as { rows: Array<{ reports: string; n: number; p99Ms: number; onTheirCharge: number }>; transactions: number; reportsFromLedger: number };
    expect(r.rows[0]).toMatchObject({ reports: 'all', n: 50 });
    expect(r.rows[0].p99Ms).toBeGreaterThan(0);
    expect(r.transactions).toBeGreaterThan(2900);
    expect(r.rows[0].onTheirCharge).toBeGreaterThan(r.reportsFromLedger / 2);
  });

  it('payment-import: imports a small Stripe export over HTTP, then again as updates only', async () => {
    const r = (await scenarios['payment-import']('smoke')) as unknown as { rows: Array<{ imported: number; updated: number; errors: number }>; ledgerRowsExpected: number; ledgerRowsStored: number; via: string };
    expect(r.via).toBe('POST /api/payments/import');
    expect(r.rows.map((x) => [x.imported, x.updated, x.errors])).toEqual([[r.ledgerRowsExpected, 0, 0], [0, r.ledgerRowsExpected, 0]]);
    expect(r.ledgerRowsStored).toBe(r.ledgerRowsExpected);
  });

  it('mailbox-import: reads a small mailbox in dovecot to the end, each message once', async () => {
    const r = (await scenarios['mailbox-import']('smoke')) as unknown as { rows: Array<{ messages: number }>; mix: Record<string, number>; stored: Record<string, number>; lastUid: number };
    const total = r.rows[0].messages;
    expect(r.lastUid).toBe(total);
    const stored = Object.values(r.stored).reduce((a, b) => a + b, 0);
    expect(stored).toBe(total - (r.mix.duplicate ?? 0));
    expect(r.stored.reply).toBeGreaterThan(0);
  });
  it('search: fills a small index and times each kind of search, identifiers finding their ticket', async () => {
    const r = (await scenarios.search('smoke')) as unknown as { rows: Array<{ query: string; n: number; p99Ms: number; avgRows: number }>; tickets: number };
    expect(r.tickets).toBe(2000);
    const row = (q: string) => r.rows.find((x) => x.query.startsWith(q))!;
    for (const q of ['reference', 'e-mail, whole', 'order number']) expect(row(q).avgRows).toBe(1);
    for (const q of ['customer name', 'amount', 'common word', 'English', 'message words', 'prefix as typed: "remb"', 'common word + status']) expect(row(q).avgRows).toBeGreaterThan(0);
    expect(r.rows.every((x) => x.n > 0 && x.p99Ms > 0)).toBe(true);
  });
});
