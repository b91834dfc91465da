import { buildServer, deployment, serverErrors, type Deployment, type Entry, type GuichetProcess } from '../support/processes';
import { call, pool, signInDemoAgent, uniqueReport, type Exchange } from '../support/load';
import { startSmtpServer } from '../support/smtp';
import { waitFor } from '../support/wait';

/**
 * Nothing answered 2xx is lost: reports, customers' evidence and agents' notes, replies,
 * claims and status changes arrive together while the workers triage, mail, watch SLAs,
 * remind, roll up and sweep; then the deployment is stopped cleanly and started again, and
 * every accepted write is read back. Bounded by counts, not by time.
 */
jest.setTimeout(240_000);

let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
beforeAll(async () => {
  buildServer();
  smtp = await startSmtpServer();
});
afterAll(async () => {
  await smtp?.close();
});

/** NO_LOSS_SCALE=20 makes a longer soak of the same mix by hand; CI runs the base counts. */
const SCALE = Number(process.env.NO_LOSS_SCALE ?? 1);
const REPORTS = 150 * SCALE;
const EVIDENCE = 50 * SCALE;
const AGENT_ACTIONS = 90 * SCALE;

interface Accepted {
  reference: string;
  id: string;
  token: string;
}

async function mixedLoad(url: string, tag: string) {
  const exchanges: Exchange[] = [];
  const accepted: Accepted[] = [];
  const pick = () => accepted[Math.floor(Math.random() * accepted.length)];
  const agent = await signInDemoAgent(url);
  const asAgent = (kind: string, path: string, body?: unknown) => call(url, kind, path, { headers: agent.headers, body });

  const reporters = pool(REPORTS, 4, async (i) => {
    const ex = await call(url, 'report', '/api/tickets', { body: uniqueReport(i, tag) });
    exchanges.push(ex);
    if (ex.status === 201) accepted.push({ reference: ex.body.reference, id: ex.body.id, token: ex.body.accessToken });
  });
  await waitFor(() => accepted.length >= 5, 30_000, 'first reports');
  const customers = pool(EVIDENCE, 1, async (i) => {
    const t = pick();
    const ex = await call(url, 'evidence', `/api/tickets/${t.reference}/evidence`, {
      headers: { Authorization: `Bearer ${t.token}` },
      body: { message: `evidence ${tag} ${i}` },
    });
    exchanges.push({ ...ex, body: { ...ex.body, ticket: t, message: `evidence ${tag} ${i}` } });
  });
  const agents = pool(AGENT_ACTIONS, 2, async (i) => {
    const t = pick();
    const detail = await asAgent('detail', `/api/tickets/${t.id}`);
    exchanges.push(detail);
    if (detail.status !== 200) return;
    const version = detail.body.version as number;
    const action = i % 4;
    const ex =
      action === 0
        ? await asAgent('note', `/api/tickets/${t.id}/notes`, { body: `note ${tag} ${i}` })
        : action === 1
          ? await asAgent('claim', `/api/tickets/${t.id}/claim`, { version })
          : action === 2
            ? await asAgent('reply', `/api/tickets/${t.id}/replies`, { version, body: `reply ${tag} ${i}` })
            : await asAgent('status', `/api/tickets/${t.id}/status`, { version, status: 'in_progress' });
    exchanges.push({ ...ex, body: { ...ex.body, ticket: t, text: `${ex.kind} ${tag} ${i}` } });
  });
  await Promise.all([reporters, customers, agents]);
  return { exchanges, accepted, agent };
}

/** Every 2xx write is there after the restart, with the rows it wrote; each report triaged and acknowledged once. */
async function verify(url: string, run: Awaited<ReturnType<typeof mixedLoad>>) {
  const agent = await signInDemoAgent(url);
  const lost: string[] = [];
  const timelines = new Map<string, Array<{ id: number; type: string; data: any }>>();
  const timeline = async (id: string) => {
    const res = await call(url, 'detail', `/api/tickets/${id}`, { headers: agent.headers });
    if (res.status !== 200) return [];
    timelines.set(id, res.body.timeline);
    return res.body.timeline as Array<{ id: number; type: string; data: any }>;
  };
  for (const t of run.accepted) {
    const view = await call(url, 'view', `/api/tickets/${t.reference}`, { headers: { Authorization: `Bearer ${t.token}` } });
    if (view.status !== 200) lost.push(`report ${t.reference}: ${view.status}`);
  }
  // Triaged and acknowledged exactly once, even after the restart.
  await waitFor(
    async () => {
      for (const t of run.accepted) if (!(await timeline(t.id)).some((e) => e.type === 'triaged')) return false;
      return true;
    },
    60_000,
    'every report triaged',
  );
  for (const t of run.accepted) {
    const events = timelines.get(t.id)!;
    expect(events.filter((e) => e.type === 'triaged')).toHaveLength(1);
  }
  await waitFor(() => run.accepted.every((t) => smtp.messages.some((m) => m.subject === `[${t.reference}] Nous avons bien reçu votre signalement`)), 60_000, 'every acknowledgement');
  for (const t of run.accepted) {
    expect(smtp.messages.filter((m) => m.subject === `[${t.reference}] Nous avons bien reçu votre signalement`)).toHaveLength(1);
  }
  for (const ex of run.exchanges) {
    if (typeof ex.status !== 'number' || ex.status >= 300 || ex.kind === 'report' || ex.kind === 'detail') continue;
    const events = timelines.get(ex.body.ticket.id) ?? (await timeline(ex.body.ticket.id));
    const found =
      ex.kind === 'evidence'
        ? events.some((e) => e.type === 'evidence_added' && e.data.message === ex.body.message)
        : ex.kind === 'note'
          ? events.some((e) => e.type === 'note' && e.id === ex.body.id && e.data.body === ex.body.text)
          : ex.kind === 'reply'
            ? events.some((e) => e.type === 'reply' && e.data.body === ex.body.text)
            : ex.kind === 'claim'
              ? events.some((e) => e.type === 'assigned')
              : events.some((e) => e.type === 'status_changed' && e.data.to === 'in_progress');
    if (!found) lost.push(`${ex.kind} on ${ex.body.ticket.reference}`);
  }
  return lost;
}

const layouts: Array<[string, Entry[]]> = [
  ["npm start's single process", ['all-in-one']],
  ['the API and a worker in separate processes', ['api', 'worker']],
];

describe.each(layouts)('under mixed load with %s, stopped cleanly and started again', (_name, entries) => {
  let d: Deployment;
  let procs: GuichetProcess[] = [];
  const startAll = async () => {
    procs = [];
    for (const entry of entries) procs.push(await d.start(entry));
  };
  beforeAll(async () => {
    d = await deployment({ SMTP_URL: smtp.url });
  });
  afterAll(async () => {
    await d?.close();
  });

  it('loses nothing answered 2xx and answers no 5xx', async () => {
    await startAll();
    const tag = `load${entries.length}${Date.now().toString(36)}`;
    const run = await mixedLoad(d.url, tag);
    const byStatus = new Map<string, number>();
    for (const ex of run.exchanges) byStatus.set(`${ex.kind} ${ex.status}`, (byStatus.get(`${ex.kind} ${ex.status}`) ?? 0) + 1);
    const failures = run.exchanges.filter((ex) => ex.status === 'error' || (ex.status as number) >= 500);
    expect(failures).toEqual([]);
    expect(run.accepted).toHaveLength(REPORTS);
    // A customer saw no version: an agent's change at the same moment is never theirs to retry.
    expect(run.exchanges.filter((ex) => ex.kind === 'evidence' && ex.status !== 200)).toEqual([]);

    // Stopped cleanly, in the order an operator would (API first).
    for (const p of procs) expect((await p.stop('SIGTERM')).code).toBe(0);
    const errors = procs.flatMap(serverErrors);
    await startAll();
    const lost = await verify(d.url, run);
    console.log(`${_name}: ${run.exchanges.length} requests (${[...byStatus].map(([k, n]) => `${k}: ${n}`).join(', ')}), lost ${lost.length}`);
    expect(lost).toEqual([]);
    expect(errors).toEqual([]);
  });
});
