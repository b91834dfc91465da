import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BulkResult } from '../../../../domain/macro.schemas';
import { ApiError, call, type QueueRow, type SessionUser } from '../../api';
import { say } from '../../errors';
import { addNamespaces } from '../../i18n';
import * as macros from '../../i18n/macros';
import * as ticket from '../../i18n/ticket';
import { bulkAction, macroProblem, useMacroList, type BulkAction } from '../macros/use-macros';
import type { BulkSelection } from './use-bulk-selection';

// The refusals of ticket actions are worded in the ticket page's namespace: said here per ticket too.
addNamespaces({ macros, ticket });

const STATUSES = ['triaged', 'awaiting_customer', 'in_progress', 'closed'] as const;
/** One line of three controls, each its select and its button, wrapping on a phone. */
const row = { display: 'flex', flexWrap: 'wrap', gap: '0.5rem 1rem', alignItems: 'center' } as const;
const group = { display: 'inline-flex', gap: '0.4rem', alignItems: 'center', margin: 0 } as const;
const narrow = { width: 'auto', maxWidth: '16rem', margin: 0 } as const;

/**
 * The queue's bulk bar, shown while tickets are ticked: assign them, change their status, or
 * apply a macro (the first ticked ticket's shop's), each ticket at the version on screen. The
 * answer says how many were done and, for each one refused, why; those stay ticked, and the
 * live queue brings their current versions.
 */
export function BulkBar({ rows, selection }: { rows: readonly QueueRow[]; selection: BulkSelection }) {
  const { t } = useTranslation();
  const [users, setUsers] = useState<SessionUser[]>([]);
  const [assignTo, setAssignTo] = useState('');
  const [status, setStatus] = useState('');
  const [macroId, setMacroId] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<BulkResult | null>(null);
  const [problem, setProblem] = useState<ReturnType<typeof macroProblem> | null>(null);
  useEffect(() => {
    void call<{ items: SessionUser[] }>('GET', '/api/users').then((r) => setUsers(r.items), () => undefined);
  }, []);
  const ticked = rows.filter((r) => selection.has(r.id));
  const { list } = useMacroList(ticked.length ? { ticket: ticked[0].id } : null);
  const references = new Map(rows.map((r) => [r.id, r.reference]));

  const run = async (action: BulkAction) => {
    if (!ticked.length || busy) return;
    setBusy(true);
    setProblem(null);
    setResult(null);
    try {
      const answer = await bulkAction(ticked.map((r) => ({ id: r.id, version: r.version })), action);
      setResult(answer);
      selection.keep(answer.results.filter((r) => !r.ok).map((r) => r.id));
    } catch (err) {
      setProblem(macroProblem(err));
    } finally {
      setBusy(false);
    }
  };

  if (!ticked.length && !result) return <p className="hint" data-testid="bulk-keys">{t('macros:keys')}</p>;
  return (
    <section className="card bulk-bar" aria-label={t('macros:selected', { count: ticked.length })} data-testid="bulk-bar">
      <p role="status" data-testid="bulk-count">
        {t('macros:selected', { count: ticked.length })} <button type="button" onClick={selection.clear}>{t('macros:clear')}</button>
      </p>
      <p className="hint">{t('macros:keys')}</p>
      {ticked.length ? (
        <div className="bulk-actions" style={row}>
          <label style={group}>
            {t('macros:bulkAssign')}{' '}
            <select style={narrow} data-testid="bulk-assign" value={assignTo} onChange={(e) => setAssignTo(e.target.value)}>
              <option value="">{t('macros:choose')}</option>
              <option value="me">{t('macros:bulkToMe')}</option>
              <option value="nobody">{t('macros:bulkNobody')}</option>
              {users.map((u) => <option key={u.id} value={`user:${u.id}`}>{u.name}</option>)}
            </select>
          </label>
          <button
            type="button"
            data-testid="bulk-assign-apply"
            disabled={!assignTo || busy}
            onClick={() => void run({ type: 'assign', assignment: assignTo === 'me' || assignTo === 'nobody' ? { to: assignTo } : { to: 'user', userId: assignTo.slice(5) } })}
          >
            {t('macros:apply')}
          </button>
          <label style={group}>
            {t('macros:bulkStatus')}{' '}
            <select style={narrow} data-testid="bulk-status" value={status} onChange={(e) => setStatus(e.target.value)}>
              <option value="">{t('macros:choose')}</option>
              {STATUSES.map((s) => <option key={s} value={s}>{t(`queue:states.${s}`)}</option>)}
            </select>
          </label>
          <button type="button" data-testid="bulk-status-apply" disabled={!status || busy} onClick={() => void run({ type: 'status', status: status as (typeof STATUSES)[number] })}>
            {t('macros:apply')}
          </button>
          <label style={group}>
            {t('macros:bulkMacro')}{' '}
            <select style={narrow} data-testid="bulk-macro" value={macroId} onChange={(e) => setMacroId(e.target.value)}>
              <option value="">{t('macros:choose')}</option>
              {list?.macros.map((m) => <option key={m.id} value={m.id}>{`${m.name} (${m.language})`}</option>)}
            </select>
          </label>
          <button type="button" data-testid="bulk-macro-apply" disabled={!macroId || busy} onClick={() => void run({ type: 'macro', macroId })}>
            {t('macros:apply')}
          </button>
        </div>
      ) : null}
      {busy ? <p aria-busy="true">{t('macros:working', { count: ticked.length })}</p> : null}
      {problem ? <p className="error" role="alert">{say(t, problem)}</p> : null}
      {result ? (
        <div aria-live="polite" data-testid="bulk-result">
          <p className={result.failed ? 'banner error-banner' : 'banner info'}>{t('macros:result', { succeeded: result.succeeded, failed: result.failed })}</p>
          {result.failed ? (
            <>
              <p>{t('macros:failedTitle')}</p>
              <ul data-testid="bulk-failures">
                {result.results.map((r) =>
                  r.ok ? null : (
                    <li key={r.id} data-id={r.id}>
                      <strong>{references.get(r.id) ?? r.id}</strong> : {r.error.code === 'stale_write' ? t('macros:bulkStale') : say(t, macroProblem(new ApiError(0, r.error.code, r.error.message, r.error.details)))}
                    </li>
                  ),
                )}
              </ul>
            </>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
