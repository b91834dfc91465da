import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { MergeOverview, MergeResult } from '../../../../domain/merge.schemas';
import { call } from '../../api';
import { apiProblem, say, type Problem } from '../../errors';
import { formatShort } from '../../format';
import { addNamespaces } from '../../i18n';
import * as mergeStrings from '../../i18n/merge';

addNamespaces({ merge: mergeStrings });

type Candidate = MergeOverview['candidates'][number];
interface Pending {
  merged: { id: string; reference: string; version: number };
  survivor: { id: string; reference: string; version: number };
  files: number;
}

/**
 * The ticket page's merge panel: a banner to the survivor on a merged ticket; the possible
 * duplicates, each with a Merge button (the newer report goes into the older) and a
 * confirmation that says what the merge will do. Read again whenever the ticket changes.
 */
export function MergePanel({ ticketId, version, onMerged }: { ticketId: string; version: number; onMerged: () => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as 'fr' | 'en';
  const [overview, setOverview] = useState<MergeOverview | null>(null);
  const [pending, setPending] = useState<Pending | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [done, setDone] = useState<MergeResult | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(() => {
    call<MergeOverview>('GET', `/api/tickets/${ticketId}/merges`).then(setOverview, () => undefined);
  }, [ticketId]);
  useEffect(load, [load, version]);
  // Another ticket's page (the survivor's link): nothing of this one's merge stays on screen.
  useEffect(() => {
    setPending(null);
    setProblem(null);
    setDone(null);
  }, [ticketId]);

  if (!overview) return null;

  const ask = (c: Candidate) => {
    setProblem(null);
    setDone(null);
    const self = { id: overview.id, reference: overview.reference, version: overview.version };
    const other = { id: c.id, reference: c.reference, version: c.version };
    setPending(c.direction === 'into_candidate' ? { merged: self, survivor: other, files: overview.proofCount } : { merged: other, survivor: self, files: c.proofCount });
  };
  const merge = async () => {
    if (!pending) return;
    setBusy(true);
    try {
      const result = await call<MergeResult>('POST', `/api/tickets/${pending.merged.id}/merge`, {
        body: { into: pending.survivor.id, version: pending.merged.version, intoVersion: pending.survivor.version },
      });
      setDone(result);
      setPending(null);
      onMerged();
    } catch (err) {
      setProblem(apiProblem(err));
    } finally {
      setBusy(false);
      load();
    }
  };

  const candidates = overview.candidates;
  if (!overview.mergedInto && !overview.mergedFrom.length && !candidates.length && !done) return null;
  return (
    <>
      {overview.mergedInto ? (
        <p className="banner warn" role="status" data-testid="merged-into">
          {t('merge:mergedInto', { reference: overview.mergedInto.reference })}{' '}
          <Link to={`/agent/tickets/${overview.mergedInto.id}`}>{t('merge:open', { reference: overview.mergedInto.reference })}</Link>
        </p>
      ) : null}
      {done ? <p className="banner info" role="status" data-testid="merge-done">{t('merge:done', { merged: done.merged.reference, survivor: done.survivor.reference })}</p> : null}
      {overview.mergedFrom.length || candidates.length ? (
        <section className="card" data-testid="merge-panel">
          <h2>{t('merge:title')}</h2>
          {overview.mergedFrom.length ? (
            <p>
              {t('merge:mergedFrom')}{' '}
              {overview.mergedFrom.map((m, i) => (
                <span key={m.id}>{i ? ', ' : ''}<Link to={`/agent/tickets/${m.id}`}>{m.reference}</Link></span>
              ))}
            </p>
          ) : null}
          {candidates.length && !overview.mergedInto ? (
            <>
              <h3>{t('merge:candidates')}</h3>
              <ul className="merge-candidates">
                {candidates.map((c) => (
                  <li key={c.id} data-candidate={c.reference}>
                    <Link to={`/agent/tickets/${c.id}`}>{c.reference}</Link> — {t(`queue:states.${c.status}`)}, {t('merge:created', { date: formatShort(c.createdAt, lang) })}{' '}
                    {c.mergeable ? (
                      <button type="button" onClick={() => ask(c)} disabled={busy}>
                        {c.direction === 'into_candidate' ? t('merge:intoCandidate', { reference: c.reference }) : t('merge:intoThis', { reference: c.reference })}
                      </button>
                    ) : (
                      <em>{t('merge:refused', { reason: say(t, { key: [`errors:api.${c.refusal}`, 'errors:api.unknown'], values: { code: c.refusal } }) })}</em>
                    )}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {pending ? (
            <div className="merge-confirm" role="dialog" aria-modal="false" aria-labelledby="merge-confirm-title" data-testid="merge-confirm">
              <h3 id="merge-confirm-title">{t('merge:confirmTitle', { merged: pending.merged.reference, survivor: pending.survivor.reference })}</h3>
              <ul>
                {(t('merge:confirmWhat', { returnObjects: true, merged: pending.merged.reference, survivor: pending.survivor.reference, files: pending.files }) as string[]).map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
              {problem ? <p className="banner error-banner" role="alert">{say(t, problem)}</p> : null}
              <button type="button" className="primary" onClick={() => void merge()} disabled={busy}>{t('merge:confirm')}</button>{' '}
              <button type="button" onClick={() => { setPending(null); setProblem(null); }} disabled={busy}>{t('merge:cancel')}</button>
            </div>
          ) : problem ? <p className="banner error-banner" role="alert">{say(t, problem)}</p> : null}
        </section>
      ) : null}
    </>
  );
}
