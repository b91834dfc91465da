import { io as connect, type Socket } from 'socket.io-client';
import { agentEventStream, type AgentEventArgs, type EventsPage } from '../../client/src/agent-events';
import { AGENTS_NAMESPACE } from '../../core/notifier';
import { doubleCharge, startHarness, type Harness, type SignedInClient } from '../support/harness';
import { waitFor } from '../support/wait';

let h: Harness;
let agent: SignedInClient;
let socket: Socket;
beforeAll(async () => {
  h = await startHarness();
  agent = await h.signIn('agent', 'Catchup Agent');
});
afterAll(async () => {
  socket?.disconnect();
  await h?.close();
});

/** The web client's read (client/src/socket.ts): without `after`, where to start from. */
const fetchAfter = async (after: number | null) => (await agent.get(after === null ? '/api/events' : `/api/events?after=${after}`).expect(200)).body as EventsPage;
const note = async (ticketId: string, body: string) => (await agent.post(`/api/tickets/${ticketId}/notes`, { body }).expect(201)).body;
const notesHeard = (heard: AgentEventArgs[]) =>
  heard.flatMap(([event, payload]) => (event === 'ticket.event' && payload.event.type === 'note' ? [String((payload.event.data as { body?: string }).body)] : []));

describe('when an agent socket (the web client’s, client/src/agent-events.ts) loses its connection and comes back', () => {
  it('reads the timeline lines it missed from /api/events?after= and hands each to its listeners once, then says reconnected', async () => {
    const ticket = (await h.http().post('/api/tickets').send(doubleCharge).expect(201)).body as { id: string };
    socket = connect(`${h.url}${AGENTS_NAMESPACE}`, { transports: ['websocket'], extraHeaders: { cookie: agent.cookie }, reconnection: false });
    const pages: Array<number | null> = [];
    const stream = agentEventStream(socket, async (after) => {
      pages.push(after);
      return fetchAfter(after);
    });
    const heard: AgentEventArgs[] = [];
    stream.listen((...args) => heard.push(args));
    await waitFor(() => heard.some(([e]) => e === 'reconnected'), 15_000, 'first connection');
    expect(pages).toEqual([null]); // nothing to catch up on a first connection: only where to start from
    pages.length = 0;

    await socket.emitWithAck('presence', { ticketId: ticket.id, activity: 'viewing' });
    await note(ticket.id, 'before the cut');
    await waitFor(() => notesHeard(heard).includes('before the cut'), 15_000, 'the live note');

    socket.disconnect(); // the API process went away
    await note(ticket.id, 'while away 1');
    await note(ticket.id, 'while away 2');
    heard.length = 0;
    socket.connect(); // back, not in the ticket's room any more: only the catch-up brings the notes

    await waitFor(() => heard.some(([e]) => e === 'reconnected'), 15_000, 'reconnected');
    expect(pages).toHaveLength(1);
    expect(notesHeard(heard)).toEqual(['while away 1', 'while away 2']); // in order, once, not the one already heard
    expect(heard.at(-1)![0]).toBe('reconnected'); // listeners re-read after the missed lines are applied
    const caught = heard.filter(([e]) => e === 'ticket.event').map(([, p]) => p as { ticketId: string });
    expect(caught.every((p) => typeof p.ticketId === 'string')).toBe(true);
  });

  it('catches up from where it started when it had heard no line before the cut', async () => {
    const ticket = (await h.http().post('/api/tickets').send(doubleCharge).expect(201)).body as { id: string };
    await note(ticket.id, 'before it connected');
    const quiet = connect(`${h.url}${AGENTS_NAMESPACE}`, { transports: ['websocket'], extraHeaders: { cookie: agent.cookie }, reconnection: false });
    try {
      const stream = agentEventStream(quiet, fetchAfter);
      const heard: AgentEventArgs[] = [];
      stream.listen((...args) => heard.push(args));
      await waitFor(() => heard.some(([e]) => e === 'reconnected'), 15_000, 'first connection');
      // Nothing heard yet (in no ticket's room): the newest id is where it starts from.
      expect(heard.filter(([e]) => e === 'ticket.event')).toEqual([]);
      quiet.disconnect();
      await note(ticket.id, 'missed 1');
      await note(ticket.id, 'missed 2');
      heard.length = 0;
      quiet.connect();
      await waitFor(() => heard.some(([e]) => e === 'reconnected'), 15_000, 'reconnected');
      // Each once, in order (lines just before its start are read again too: ids are taken in one order and committed in another).
      expect(notesHeard(heard).filter((n) => n.startsWith('missed'))).toEqual(['missed 1', 'missed 2']);
      expect(heard.at(-1)![0]).toBe('reconnected');
      stream.stop();
    } finally {
      quiet.disconnect();
    }
  });
});
