import { useEffect, useRef, useState } from 'react';
import { io, type Socket } from 'socket.io-client';
import type { AgentClientEvents, AgentServerEvents } from '../../core/notifier';
import { call } from './api';
import { agentEventStream, type AgentEventArgs, type AgentEventHandler, type EventsPage } from './agent-events';

export type { AgentEventArgs, AgentEventHandler } from './agent-events';

type AgentSocket = Socket<AgentServerEvents, AgentClientEvents>;
let shared: { socket: AgentSocket; events: ReturnType<typeof agentEventStream> } | null = null;

/**
 * One socket per tab to the agents' namespace; the session cookie authenticates it.
 * WebSocket only: no long-polling, whose requests a load balancer without sticky sessions
 * would spread over API processes that do not know the session. It reconnects by itself
 * (to whichever process the balancer picks) and catches up on what it missed (agent-events.ts).
 */
function connection() {
  if (!shared) {
    const socket: AgentSocket = io('/agents', { withCredentials: true, transports: ['websocket'] });
    const events = agentEventStream(socket, (after) => call<EventsPage>('GET', after === null ? '/api/events' : `/api/events?after=${after}`), { catchUpEveryMs: 30_000 });
    shared = { socket, events };
  }
  return shared;
}

export function agentSocket(): AgentSocket {
  return connection().socket;
}

export function closeAgentSocket() {
  shared?.socket.disconnect();
  shared = null;
}

export type Link = 'connecting' | 'live' | 'offline';

/** Calls `handler` for each agent event (and those caught up after a reconnect); tells the state of the connection. */
export function useAgentEvents(handler: AgentEventHandler): Link {
  const ref = useRef(handler);
  ref.current = handler;
  const [link, setLink] = useState<Link>(() => (agentSocket().connected ? 'live' : 'connecting'));
  useEffect(() => {
    const { socket, events } = connection();
    const stop = events.listen((...args: AgentEventArgs) => ref.current(...args));
    const up = () => setLink('live');
    const down = () => setLink('offline');
    socket.on('connect', up);
    socket.on('disconnect', down);
    if (socket.connected) setLink('live'); // connected before this effect ran
    return () => {
      stop();
      socket.off('connect', up);
      socket.off('disconnect', down);
    };
  }, []);
  return link;
}
