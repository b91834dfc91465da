import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { TimelineEntry } from '../../api';
import { addNamespaces } from '../../i18n';
import * as mergeStrings from '../../i18n/merge';

addNamespaces({ merge: mergeStrings });

/** A ticket an event names as `{ id, reference }` (a merge's other side). */
function other(value: unknown): { id: string; reference: string } | null {
  if (!value || typeof value !== 'object') return null;
  const { id, reference } = value as Record<string, unknown>;
  return typeof id === 'string' && typeof reference === 'string' ? { id, reference } : null;
}

const linkTo = (t: { id: string; reference: string }) => <Link to={`/agent/tickets/${encodeURIComponent(t.id)}`}>{t.reference}</Link>;

/** The line under a merge's or a rating's event: the other ticket, what moved; the score and comment. */
export function mergeEventDetail(e: TimelineEntry, t: TFunction): ReactNode {
  const d = e.data ?? {};
  if (e.type === 'merged') {
    const from = other(d.from);
    return from ? <>{t('merge:event.from')} {linkTo(from)} — {t('merge:event.moved', { events: Number(d.events ?? 0), files: Number(d.files ?? 0) })}</> : null;
  }
  if (e.type === 'merged_into') {
    const into = other(d.into);
    return into ? <>{t('merge:event.into')} {linkTo(into)}</> : null;
  }
  if (e.type === 'satisfaction_rated' && typeof d.score === 'number') {
    return <span data-testid="rating-detail">{t('merge:event.rated', { score: d.score })}{typeof d.comment === 'string' && d.comment ? ` — ${d.comment}` : ''}</span>;
  }
  return null;
}

/** An event written on a ticket merged into this one: says which. */
export function MergedFromMark({ data, t }: { data: Record<string, unknown>; t: TFunction }) {
  const from = other(data.mergedFrom);
  return from ? <span className="merged-from hint" data-merged-from={from.reference}> ({t('merge:event.writtenOn')} {linkTo(from)})</span> : null;
}
