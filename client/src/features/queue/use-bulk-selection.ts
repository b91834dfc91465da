import { useCallback, useState, type KeyboardEvent, type MouseEvent } from 'react';

/**
 * The queue's selection for bulk actions, by ticket id (it survives the live reloads): x ticks
 * the focused row, Shift with ↑/↓ or a click extends from the last row ticked, Ctrl/Cmd+A
 * ticks the page, Esc unticks all.
 */
export function useBulkSelection(rows: ReadonlyArray<{ id: string }>) {
  const [ids, setIds] = useState<ReadonlySet<string>>(new Set());
  const [anchor, setAnchor] = useState<number | null>(null);

  const toggle = useCallback(
    (i: number) => {
      const id = rows[i]?.id;
      if (!id) return;
      setIds((s) => {
        const next = new Set(s);
        if (next.has(id)) next.delete(id);
        else next.add(id);
        return next;
      });
      setAnchor(i);
    },
    [rows],
  );

  /** Ticks every row from the anchor (or `from`) to `to`. */
  const extend = useCallback(
    (to: number, from?: number) => {
      const start = anchor ?? from ?? to;
      const [a, b] = start <= to ? [start, to] : [to, start];
      setIds((s) => new Set([...s, ...rows.slice(a, b + 1).map((r) => r.id)]));
      setAnchor((x) => x ?? start);
    },
    [anchor, rows],
  );

  const selectPage = useCallback(() => setIds(new Set(rows.map((r) => r.id))), [rows]);
  const clear = useCallback(() => {
    setIds(new Set());
    setAnchor(null);
  }, []);
  /** Keeps only these ticked (the tickets a bulk action refused). */
  const keep = useCallback((keepIds: string[]) => setIds(new Set(keepIds)), []);

  /** The selection's keys, from the row at `focused`; true when the key was one of them. */
  const onKey = (e: KeyboardEvent, focused: number, moveTo: (i: number) => void): boolean => {
    if (e.key === 'x' && !e.ctrlKey && !e.metaKey && !e.altKey) {
      toggle(focused);
      return true;
    }
    if (e.shiftKey && (e.key === 'ArrowDown' || e.key === 'ArrowUp')) {
      const to = Math.max(0, Math.min(rows.length - 1, focused + (e.key === 'ArrowDown' ? 1 : -1)));
      extend(to, focused);
      moveTo(to);
      return true;
    }
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'a') {
      selectPage();
      return true;
    }
    if (e.key === 'Escape' && ids.size) {
      clear();
      return true;
    }
    return false;
  };

  /** A click on a row's box: Shift extends from the anchor, else it toggles. */
  const onBoxClick = (e: MouseEvent, i: number) => {
    e.stopPropagation();
    if (e.shiftKey && anchor !== null) {
      e.preventDefault();
      extend(i);
    } else toggle(i);
  };

  return { ids, has: (id: string) => ids.has(id), toggle, extend, selectPage, clear, keep, onKey, onBoxClick };
}
export type BulkSelection = ReturnType<typeof useBulkSelection>;
