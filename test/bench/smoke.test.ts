import { scenarios } from '../../bench/run';

jest.setTimeout(180_000);

/** Every benchmark scenario at a tiny size, so the harness cannot rot; the full runs stay out of CI. */
describe('benchmarks, smoke size', () => {
  it('intake: posts reports and health checks without errors', async () => {
    const r = await scenarios.intake('smoke');
    expect(r.rows).toHaveLength(2);
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
});
