import { useEffect, useRef, useState } from 'react';
import { io, type Socket } from 'socket.io-client';
import type { AgentClientEvents, AgentEvent, AgentEventMap, AgentServerEvents } from '../../core/notifier';

type AgentSocket = Socket<AgentServerEvents, AgentClientEvents>;
let shared: AgentSocket | null = null;

/** One socket per tab to the agents' namespace; the session cookie authenticates it. */
export function agentSocket(): AgentSocket {
  shared ??= io('/agents', { withCredentials: true, transports: ['websocket', 'polling'] });
  return shared;
}

export function closeAgentSocket() {
  shared?.disconnect();
  shared = null;
}

export type Link = 'connecting' | 'live' | 'offline';

/** An agent event with its payload (see AgentEventMap), or 'reconnected' after a connection came back: checking `event` narrows `payload`. */
export type AgentEventArgs = { [E in AgentEvent]: [event: E, payload: AgentEventMap[E]] }[AgentEvent] | [event: 'reconnected', payload: null];
export type AgentEventHandler = (...args: AgentEventArgs) => void;

/** Calls `handler` for each agent event; tells the state of the connection. */
export function useAgentEvents(handler: AgentEventHandler): Link {
  const ref = useRef(handler);
  ref.current = handler;
  const [link, setLink] = useState<Link>(() => (agentSocket().connected ? 'live' : 'connecting'));
  useEffect(() => {
    const socket = agentSocket();
    const onAny = (...args: AgentEventArgs) => ref.current(...args);
    const up = () => {
      setLink('live');
      ref.current('reconnected', null);
    };
    const down = () => setLink('offline');
    socket.onAny(onAny);
    socket.on('connect', up);
    socket.on('disconnect', down);
    if (socket.connected) setLink('live'); // connected before this effect ran
    return () => {
      socket.offAny(onAny);
      socket.off('connect', up);
      socket.off('disconnect', down);
    };
  }, []);
  return link;
}
