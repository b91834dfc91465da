import { seedHistory } from '../../scripts/seed-history';
import { benchStack, report, timeIt, type Size } from '../support';

/** 3. Queue at scale: p50/p99 of the agents' queue page (default, filtered, searched) and of opening a ticket. */
export async function queue(size: Size) {
  const tickets = size === 'smoke' ? 300 : Number(process.env.BENCH_QUEUE_TICKETS ?? 100_000);
  const n = size === 'smoke' ? 10 : 300;
  const stack = await benchStack({ workers: false });
  try {
    await seedHistory(stack.ctx.db, { tickets, days: 90, seed: 3 });
    const cookie = await stack.signIn();
    const get = async (path: string) => {
      const res = await fetch(`${stack.url}${path}`, { headers: { cookie } });
      if (!res.ok) throw new Error(`${path}: ${res.status}`);
      return res.json() as Promise<{ items: Array<{ id: string; reference: string }> }>;
    };
    const page = await get('/api/tickets?limit=50');
    const refs = page.items.map((t) => t.reference);
    const ids = page.items.map((t) => t.id);
    const rows = [];
    for (const [label, path] of [
      ['default (nearest deadline)', (_i: number) => '/api/tickets?limit=50'],
      ['status=in_progress&sla=breached', () => '/api/tickets?limit=50&status=in_progress&sla=breached'],
      ['type + unassigned', () => '/api/tickets?limit=50&type=failed_payment&assignee=unassigned'],
      ['sort=created', () => '/api/tickets?limit=50&sort=created'],
      ['search by reference', (i: number) => `/api/tickets?q=${refs[i % refs.length]}`],
      ['open one ticket', (i: number) => `/api/tickets/${ids[i % ids.length]}`],
    ] as const) {
      rows.push({ request: label, ...(await timeIt(n, (i) => get(path(i)))) });
    }
    return report('queue', size, stack.database, rows, { tickets });
  } finally {
    await stack.close();
  }
}
