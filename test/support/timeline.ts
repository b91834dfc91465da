import type { EventsPage } from '../../client/src/agent-events';
import { call, type Agent } from './load';

/** Every timeline line after `after` (`GET /api/events?after=`), page by page. */
export async function eventsAfter(url: string, agent: Agent, after: number | null): Promise<EventsPage> {
  const items: EventsPage['items'] = [];
  for (;;) {
    // Without `after`: no lines, the newest id (where the web client starts from).
    const page = await call(url, 'events', after === null ? '/api/events' : `/api/events?after=${after}`, { headers: agent.headers });
    if (page.status !== 200) throw new Error(`/api/events answered ${page.status}`);
    const body = page.body as EventsPage;
    items.push(...body.items);
    if (body.items.length < 500) return { items, lastId: body.lastId };
    after = body.lastId;
  }
}

/** How many `triaged` lines each ticket has after `after`; null until every one of `ids` has one. */
export async function triageCounts(url: string, agent: Agent, after: number, ids: string[]) {
  const { items } = await eventsAfter(url, agent, after);
  const count = new Map<string, number>();
  for (const e of items) if (e.type === 'triaged') count.set(e.ticketId, (count.get(e.ticketId) ?? 0) + 1);
  return ids.every((id) => count.has(id)) ? count : null;
}
