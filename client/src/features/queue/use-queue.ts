import { useCallback, useEffect, useRef, useState } from 'react';
import { call, type QueueRow as Row } from '../../api';
import type { SearchMatch } from '../../../../domain/search.schemas';
import { useAgentEvents } from '../../socket';

export const VIEWS = { all: {}, unassigned: { assignee: 'unassigned' }, mine: { assignee: 'me' } } as const;
export type ViewName = keyof typeof VIEWS;
export const FILTERS = ['status', 'type', 'sla', 'q'] as const;

/** A queue row; searching, why it matched (domain/search.schemas.ts). */
export type QueueRow = Row & { match?: SearchMatch };
type Page = { items: QueueRow[]; nextCursor: string | null };

/**
 * The live queue for a view and the filters in the address: read again (keeping the row count,
 * so nothing jumps) a moment after a ticket changes, after a reconnection, and every minute since
 * business time left moves on without events.
 */
export function useQueue(view: ViewName, params: URLSearchParams) {
  const [rows, setRows] = useState<QueueRow[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(false);
  const refresh = useRef<ReturnType<typeof setTimeout>>(undefined);
  /** Each read is numbered: an answer to an older one (the search as it was two keys ago) is dropped. */
  const latest = useRef(0);

  const query = useCallback(
    (extra: Record<string, string> = {}) => {
      const q = new URLSearchParams({ ...VIEWS[view], ...extra });
      for (const f of FILTERS) if (params.get(f)) q.set(f, params.get(f)!);
      return `/api/tickets?${q}`;
    },
    [params, view],
  );

  /** Reloads what is on screen (at least one page), keeping the row count so nothing jumps. */
  const reload = useCallback(
    (size?: number) => {
      const n = ++latest.current;
      void call<Page>('GET', query({ limit: String(Math.min(100, Math.max(25, size ?? 25))) })).then((page) => {
        if (n !== latest.current) return;
        setRows(page.items);
        setCursor(page.nextCursor);
        setLoaded(true);
      });
    },
    [query],
  );
  useEffect(() => reload(), [reload]);

  const link = useAgentEvents((...[event]) => {
    if (event.startsWith('ticket.') && event !== 'ticket.event' && event !== 'ticket.presence') {
      clearTimeout(refresh.current);
      refresh.current = setTimeout(() => reload(rows.length), 250);
    }
    if (event === 'reconnected') reload(rows.length);
  });
  // Time left in business hours moves on even without events.
  useEffect(() => {
    const every = setInterval(() => reload(rows.length), 60_000);
    return () => clearInterval(every);
  }, [reload, rows.length]);

  /** The next page, after the rows on screen. */
  const more = useCallback(async () => {
    if (!cursor) return;
    const n = latest.current;
    const page = await call<Page>('GET', query({ cursor }));
    if (n !== latest.current) return;
    setRows((r) => [...r, ...page.items]);
    setCursor(page.nextCursor);
  }, [cursor, query]);

  return { rows, loaded, hasMore: !!cursor, more, link };
}
