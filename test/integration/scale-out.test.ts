import { io as connect, type Socket } from 'socket.io-client';
import { agentEventStream, type AgentEventArgs } from '../../client/src/agent-events';
import { AGENTS_NAMESPACE } from '../../core/notifier';
import { buildServer, deployment, serverErrors, type Deployment, type GuichetProcess } from '../support/processes';
import { signInDemoAgent, type Agent } from '../support/load';
import { freePort } from '../support/net';
import { startRoundRobinProxy } from '../support/round-robin-proxy';
import { reportStream } from '../support/report-stream';
import { startSmtpServer } from '../support/smtp';
import { eventsAfter, triageCounts } from '../support/timeline';
import { waitFor } from '../support/wait';

// Several processes on one database: PostgreSQL's layout (SQLite is one machine's file).
const onPostgres = process.env.TEST_DATABASE === 'postgres' ? describe : describe.skip;
jest.setTimeout(180_000);

const ACK = (reference: string) => `[${reference}] Nous avons bien reçu votre signalement`;

let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let d: Deployment;
let proxy: Awaited<ReturnType<typeof startRoundRobinProxy>>;
const sockets: Socket[] = [];
const streams: Array<{ stop(): void }> = [];
let api1: GuichetProcess;
let api2: GuichetProcess;
let worker1: GuichetProcess;
let worker2: GuichetProcess;
beforeAll(async () => {
  if (process.env.TEST_DATABASE !== 'postgres') return;
  buildServer();
  smtp = await startSmtpServer();
  d = await deployment({ SMTP_URL: smtp.url });
  const ports = [Number(d.env.PORT), await freePort()];
  api1 = await d.start('api'); // the first runs the migrations
  [api2, worker1, worker2] = await Promise.all([d.start('api', { PORT: String(ports[1]) }), d.start('worker'), d.start('worker')]);
  proxy = await startRoundRobinProxy(ports);
});
afterAll(async () => {
  streams.forEach((s) => s.stop());
  sockets.forEach((s) => s.disconnect());
  await proxy?.close();
  await d?.close();
  await smtp?.close();
});

/** An agent's socket through the balancer, as the web client holds it: it reconnects by itself and catches up. */
function agentSocket(url: string, agent: Agent) {
  const socket = connect(`${url}${AGENTS_NAMESPACE}`, {
    transports: ['websocket'],
    extraHeaders: { cookie: agent.headers.Cookie },
    reconnectionDelay: 100,
    reconnectionDelayMax: 500,
  });
  sockets.push(socket);
  const triaged = new Set<string>();
  const created = new Set<string>();
  let connections = 0;
  // Where it catches up from, it reads itself on connecting, as the web client does.
  const stream = agentEventStream(socket, (from) => eventsAfter(url, agent, from), { catchUpEveryMs: 2000 });
  stream.listen((...[event, payload]: AgentEventArgs) => {
    if (event === 'reconnected') connections++;
    else if (event === 'ticket.created') created.add(payload.ticket.id);
    else if (event === 'ticket.updated') triaged.add(payload.ticket.id); // the only change to a new report here is its triage
    else if (event === 'ticket.event' && payload.event.type === 'triaged') triaged.add(payload.ticketId);
    else if (event === 'ticket.event' && payload.event.type === 'created') created.add(payload.ticketId);
  });
  streams.push(stream);
  return { socket, triaged, created, connections: () => connections };
}

onPostgres('two API processes behind a round-robin balancer and two workers, on one PostgreSQL and one Redis', () => {
  it('loses nothing when a worker is killed and an API stopped mid-stream: each report triaged and acknowledged once, every agent socket hears every change', async () => {

    const agents = [await signInDemoAgent(proxy.url), await signInDemoAgent(proxy.url)];
    const { lastId: start } = await eventsAfter(proxy.url, agents[0], null);
    // Four sockets opened one after the other: the balancer's turns put two on each API.
    const listeners: ReturnType<typeof agentSocket>[] = [];
    for (let i = 0; i < 4; i++) {
      const l = agentSocket(proxy.url, agents[i % 2]);
      await waitFor(() => l.connections() > 0, 10_000, `socket ${i} connected`);
      listeners.push(l);
    }

    const stream = reportStream(proxy.url, 'scale', 4);
    const after = (ms: number) => new Promise((r) => setTimeout(r, ms));
    await after(2000);
    const killed = await worker1.stop('SIGKILL'); // its jobs in hand come back to the other worker once their locks expire
    await after(1500);
    const stopping = api1.stop('SIGTERM');
    await after(2500);
    await stream.stop();
    const { exchanges } = stream;
    const stopped = await stopping;
    expect(killed.code).toBeNull();
    expect(stopped.code).toBe(0);

    const accepted = exchanges.filter((e) => e.status === 201).map((e) => e.body as { id: string; reference: string });
    expect(accepted.length).toBeGreaterThan(50);
    // Refused while the API stopped (503, or the connection it closed), never a server error.
    expect(exchanges.filter((e) => e.status !== 201 && e.status !== 503 && e.status !== 'error')).toEqual([]);

    // Each accepted report triaged once and acknowledged once.
    const counts = await waitFor(() => triageCounts(proxy.url, agents[0], start, accepted.map((t) => t.id)), 45_000, 'every report triaged');
    expect(accepted.filter((t) => counts.get(t.id) !== 1)).toEqual([]);
    await waitFor(() => accepted.every((t) => smtp.messages.some((m) => m.subject === ACK(t.reference))), 30_000, 'every acknowledgement');
    await after(1000); // a second acknowledgement would have come by now
    // One message per report. The SMTP server may have received it twice only when the killed
    // worker died between the server's acceptance and its own record of it: the very same message
    // again, under the same Message-ID (see mail-exactly-once.test.ts), which mail clients show once.
    const acks = accepted.map((t) => smtp.messages.filter((m) => m.subject === ACK(t.reference)));
    expect(accepted.filter((_, i) => new Set(acks[i].map((m) => m.messageId)).size !== 1).map((t) => t.reference)).toEqual([]);
    expect(acks.filter((a) => a.length > 1).length).toBeLessThanOrEqual(16); // at most the killed worker's sends in flight

    // Every socket heard of every report and of its triage, live or caught up after reconnecting to the other API.
    for (const l of listeners) {
      await waitFor(() => accepted.every((t) => l.created.has(t.id) && l.triaged.has(t.id)), 15_000, 'every change heard').catch(() => undefined);
      const missed = accepted.filter((t) => !l.created.has(t.id) || !l.triaged.has(t.id));
      expect(missed.map((t) => `${t.reference}: ${l.created.has(t.id) ? '' : 'created '}${l.triaged.has(t.id) ? '' : 'triaged '}unheard by socket ${listeners.indexOf(l)} (${l.connections()} connections)`)).toEqual([]);
      expect(l.socket.connected).toBe(true);
    }
    // The sockets of the stopped API came back (through the balancer, to the other one).
    expect(listeners.filter((l) => l.connections() > 1).length).toBeGreaterThanOrEqual(1);
    expect([api2, worker2].flatMap((p: GuichetProcess) => serverErrors(p))).toEqual([]);
  });
});
