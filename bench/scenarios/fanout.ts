import { io, type Socket } from 'socket.io-client';
import { AGENTS_NAMESPACE } from '../../core/notifier';
import { benchStack, percentile, report, sampleReport, type Size } from '../support';

/** 4. Live fan-out: N signed-in agent sockets; delay from a ticket change to every socket receiving it. */
export async function fanout(size: Size) {
  const sockets = size === 'smoke' ? 5 : 200;
  const events = size === 'smoke' ? 5 : 50;
  const stack = await benchStack({ workers: false });
  const clients: Socket[] = [];
  try {
    const cookie = await stack.signIn();
    const received = new Map<string, number[]>();
    await Promise.all(
      Array.from({ length: sockets }, () => {
        const s = io(`${stack.url}${AGENTS_NAMESPACE}`, { transports: ['websocket'], extraHeaders: { cookie }, reconnection: false });
        clients.push(s);
        s.on('ticket.created', (n: { ticket: { reference: string } }) => {
          const list = received.get(n.ticket.reference) ?? [];
          list.push(Date.now());
          received.set(n.ticket.reference, list);
        });
        return new Promise<void>((resolve, reject) => {
          s.once('connect', () => resolve());
          s.once('connect_error', reject);
        });
      }),
    );
    const delays: number[] = [];
    for (let i = 0; i < events; i++) {
      const sent = Date.now();
      const res = await fetch(`${stack.url}/api/tickets`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(sampleReport(i)) });
      const { reference } = (await res.json()) as { reference: string };
      const deadline = Date.now() + 5000;
      while ((received.get(reference)?.length ?? 0) < sockets && Date.now() < deadline) await new Promise((r) => setTimeout(r, 2));
      delays.push(...(received.get(reference) ?? []).map((t) => t - sent));
    }
    return report('fanout', size, stack.database, [
      { sockets, events, deliveries: delays.length, expected: sockets * events, p50Ms: percentile(delays, 50), p99Ms: percentile(delays, 99), maxMs: Math.max(...delays) },
    ]);
  } finally {
    clients.forEach((c) => c.disconnect());
    await stack.close();
  }
}
