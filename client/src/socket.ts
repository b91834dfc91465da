import { useEffect, useRef, useState } from 'react';
import { io, type Socket } from 'socket.io-client';

let shared: Socket | null = null;

/** One socket per tab to the agents' namespace; the session cookie authenticates it. */
export function agentSocket(): Socket {
  shared ??= io('/agents', { withCredentials: true, transports: ['websocket', 'polling'] });
  return shared;
}

export function closeAgentSocket() {
  shared?.disconnect();
  shared = null;
}

export type Link = 'connecting' | 'live' | 'offline';

/** Calls `handler` for each agent event; tells the state of the connection. */
export function useAgentEvents(handler: (event: string, payload: any) => void): Link {
  const ref = useRef(handler);
  ref.current = handler;
  const [link, setLink] = useState<Link>(() => (agentSocket().connected ? 'live' : 'connecting'));
  useEffect(() => {
    const socket = agentSocket();
    const onAny = (event: string, payload: unknown) => ref.current(event, payload);
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
