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

/** Calls `handler` for each agent event; tells whether the socket is connected. */
export function useAgentEvents(handler: (event: string, payload: any) => void): boolean {
  const ref = useRef(handler);
  ref.current = handler;
  const [connected, setConnected] = useState(() => agentSocket().connected);
  useEffect(() => {
    const socket = agentSocket();
    const onAny = (event: string, payload: unknown) => ref.current(event, payload);
    const up = () => {
      setConnected(true);
      ref.current('reconnected', null);
    };
    const down = () => setConnected(false);
    socket.onAny(onAny);
    socket.on('connect', up);
    socket.on('disconnect', down);
    return () => {
      socket.offAny(onAny);
      socket.off('connect', up);
      socket.off('disconnect', down);
    };
  }, []);
  return connected;
}
