import { useCallback, useEffect, useState } from 'react';
import { ApiError, call, upload, type AgentTicket, type SessionUser, type Viewer } from '../../api';
import { agentSocket, useAgentEvents } from '../../socket';

export type Activity = 'viewing' | 'replying';

/**
 * One ticket for the agent's screen: read, read again whenever a socket event concerns it
 * (or the connection comes back), who else is on it, the colleagues it can be assigned to,
 * and this agent's own presence (every 20 s, and that they left).
 */
export function useTicket(id: string, activity: Activity) {
  const [ticket, setTicket] = useState<AgentTicket | null>(null);
  const [users, setUsers] = useState<SessionUser[]>([]);
  const [viewers, setViewers] = useState<Viewer[]>([]);
  const [notFound, setNotFound] = useState(false);

  const load = useCallback(() => {
    call<AgentTicket>('GET', `/api/tickets/${id}`).then(
      (next) => {
        setTicket(next);
        setViewers(next.viewers);
      },
      (err: ApiError) => err.status === 404 && setNotFound(true),
    );
  }, [id]);
  useEffect(load, [load]);
  useEffect(() => {
    void call<{ items: SessionUser[] }>('GET', '/api/users').then((r) => setUsers(r.items), () => undefined);
  }, []);

  useEffect(() => {
    if (!ticket) return;
    const socket = agentSocket();
    const say = () => socket.emit('presence', { ticketId: ticket.id, activity });
    say();
    const beat = setInterval(say, 20_000);
    return () => clearInterval(beat);
  }, [ticket?.id, activity]);
  useEffect(() => () => void (ticket && agentSocket().emit('presence', { ticketId: ticket.id, activity: null })), [ticket?.id]);

  useAgentEvents((event, payload) => {
    if (event === 'ticket.presence' && payload.ticketId === ticket?.id) setViewers(payload.viewers);
    else if (event === 'reconnected' || ('ticket' in payload ? payload.ticket.id : payload.ticketId) === ticket?.id) load();
  });

  /**
   * Sends an action; versioned ones go against the version on screen (a stale one is refused, 409).
   * With files (a reply's attachments), the same fields go as a form, the files in `attachments`.
   */
  const send = useCallback(
    (path: string, body: Record<string, unknown>, { versioned = true, files = [] as readonly File[] } = {}) => {
      const fields = versioned ? { version: ticket!.version, ...body } : body;
      const url = `/api/tickets/${ticket!.id}/${path}`;
      if (!files.length) return call('POST', url, { body: fields });
      const form = new FormData();
      for (const [k, v] of Object.entries(fields)) form.append(k, String(v));
      for (const f of files) form.append('attachments', f, f.name);
      return upload(url, form, {});
    },
    [ticket?.id, ticket?.version],
  );

  return { ticket, users, viewers, notFound, load, send };
}
