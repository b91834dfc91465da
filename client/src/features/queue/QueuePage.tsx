import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { anomalyTypeLabels } from '../../../../domain/labels';
import { AgentBar, DisputeBadge, SlaBadge } from '../../components/AgentBar';
import { Layout } from '../../components/Layout';
import { formatMoney, formatShort } from '../../format';
import { addNamespaces } from '../../i18n';
import * as queue from '../../i18n/queue';
import { BulkBar } from './BulkBar';
import { MatchSnippet } from './MatchSnippet';
import { QueueFilters } from './QueueFilters';
import { useBulkSelection } from './use-bulk-selection';
import { useQueue, VIEWS, type ViewName } from './use-queue';

addNamespaces({ queue });

/** `/agent`: the live queue. Layout and keyboard moves only; `useQueue` reads and follows. */
export function QueuePage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as 'fr' | 'en';
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const view = (params.get('view') as ViewName) in VIEWS ? (params.get('view') as ViewName) : 'all';
  const { rows, loaded, hasMore, more, link } = useQueue(view, params);
  const [selected, setSelected] = useState(0);
  const body = useRef<HTMLTableSectionElement>(null);
  const bulk = useBulkSelection(rows);

  const setFilter = (name: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true });
  };

  const onKey = (e: KeyboardEvent) => {
    if (!rows.length) return;
    // The bulk selection's keys (x, Shift+arrows, Ctrl/Cmd+A, Esc) first: Shift+↓ is not a plain ↓.
    if (bulk.onKey(e, selected, setSelected)) {
      e.preventDefault();
      return;
    }
    if (e.key === 'ArrowDown' || e.key === 'j') setSelected((s) => Math.min(rows.length - 1, s + 1));
    else if (e.key === 'ArrowUp' || e.key === 'k') setSelected((s) => Math.max(0, s - 1));
    else if (e.key === 'Enter') navigate(`/agent/tickets/${rows[selected].id}`);
    else return;
    e.preventDefault();
  };
  useEffect(() => {
    (body.current?.querySelectorAll('tr')[selected] as HTMLElement | undefined)?.focus({ preventScroll: false });
  }, [selected]);

  return (
    <Layout wide actions={<AgentBar />}>
      <div className="queue-head">
        <h1>{t('queue:title')}</h1>
        <span className={`live ${link}`} role="status">
          {t(`queue:link.${link}`)}
        </span>
      </div>
      <nav className="tabs" aria-label={t('queue:title')}>
        {(Object.keys(VIEWS) as ViewName[]).map((v) => (
          <button key={v} type="button" aria-current={view === v ? 'page' : undefined} onClick={() => setFilter('view', v === 'all' ? '' : v)}>
            {t(`queue:views.${v}`)}
          </button>
        ))}
      </nav>
      <QueueFilters params={params} setFilter={setFilter} />
      <p className="hint">{t('queue:keys')}</p>
      <BulkBar rows={rows} selection={bulk} />
      <div className="table-wrap">
        <table className="queue">
          <thead>
            <tr>
              <th scope="col" className="c-pick">
                <input type="checkbox" data-testid="select-page" aria-label={t('macros:selectPage')} checked={rows.length > 0 && rows.every((r) => bulk.has(r.id))} onChange={(e) => (e.target.checked ? bulk.selectPage() : bulk.clear())} />
              </th>
              <th scope="col" className="c-ref">{t('queue:columns.reference')}</th>
              <th scope="col" className="c-type">{t('queue:columns.type')}</th>
              <th scope="col" className="c-status">{t('queue:columns.status')}</th>
              <th scope="col" className="c-customer">{t('queue:columns.customer')}</th>
              <th scope="col" className="c-amount">{t('queue:columns.amount')}</th>
              <th scope="col" className="c-missing">{t('queue:columns.missing')}</th>
              <th scope="col" className="c-due">{t('queue:columns.due')}</th>
              <th scope="col" className="c-assignee">{t('queue:columns.assignee')}</th>
            </tr>
          </thead>
          <tbody ref={body} onKeyDown={onKey}>
            {rows.map((r, i) => (
              <tr
                key={r.id}
                data-reference={r.reference}
                tabIndex={i === selected ? 0 : -1}
                aria-selected={i === selected}
                data-checked={bulk.has(r.id) ? 'true' : undefined}
                className={`sla-row-${r.slaState}`}
                onClick={() => navigate(`/agent/tickets/${r.id}`)}
                onFocus={() => setSelected(i)}
              >
                <td className="c-pick" onClick={(e) => e.stopPropagation()}>
                  <input type="checkbox" tabIndex={-1} aria-label={t('macros:selectRow', { reference: r.reference })} checked={bulk.has(r.id)} onClick={(e) => bulk.onBoxClick(e, i)} onChange={() => undefined} />
                </td>
                <td className="c-ref">
                  <a href={`/agent/tickets/${r.id}`} tabIndex={-1} onClick={(e) => { e.preventDefault(); navigate(`/agent/tickets/${r.id}`); }}>{r.reference}</a>
                  {r.source === 'email' ? <> <span className="source-badge" data-testid="source-email" title={t('queue:fromEmailTitle')}><span className="visually-hidden">{t('queue:fromEmailTitle')}</span><span aria-hidden="true">{t('queue:fromEmail')}</span></span></> : null}
                  {r.viewers.length ? <span className="viewers" title={r.viewers.map((v) => v.name).join(', ')}> · {t('queue:viewing', { count: r.viewers.length })}</span> : null}
                </td>
                <td className="c-type" data-label={t('queue:columns.type')}>{anomalyTypeLabels[lang][r.type as keyof (typeof anomalyTypeLabels)['fr']]}</td>
                <td className="c-status" data-label={t('queue:columns.status')}>{t(`queue:states.${r.status}`)}</td>
                <td className="c-customer" data-label={t('queue:columns.customer')}>{r.customerName}{r.match ? <MatchSnippet match={r.match} /> : null}</td>
                <td className="c-amount" data-label={t('queue:columns.amount')}>{formatMoney(r.amountCents, r.currency, lang)}</td>
                <td className="c-missing" data-label={t('queue:columns.missing')}>{r.missingEvidenceCount || ''}</td>
                <td className="c-due" data-label={t('queue:columns.due')}>
                  {r.nextDueAt ? <SlaBadge state={r.slaState} minutesLeft={r.businessMinutesLeft} /> : r.outcome ? t(`queue:outcomes.${r.outcome}`) : ''}
                  {(r.priority === 'high' || r.priority === 'urgent') && r.status !== 'resolved' && r.status !== 'closed' ? <> <span className={`source-badge ${r.priority === 'urgent' ? 'sla-breached' : 'sla-warning'}`} data-testid={`priority-${r.priority}`} title={t(`queue:priorityTitle.${r.priority}`)}><span className="visually-hidden">{t(`queue:priorityTitle.${r.priority}`)}</span><span aria-hidden="true">{t(`queue:priority.${r.priority}`)}</span></span></> : null}
                  {r.slaPausedAt ? <> <span className="source-badge" data-testid="sla-paused" title={t('queue:pausedTitle')}><span className="visually-hidden">{t('queue:pausedTitle')}</span><span aria-hidden="true">{t('queue:paused')}</span></span></> : null}
                  {r.nextDueAt && r.nextDueAt !== r.disputeDueAt ? <small className="due-at">{formatShort(r.nextDueAt, lang)}</small> : null}
                  {r.disputeDueAt ? <DisputeBadge due={r.disputeDueAt} /> : null}
                </td>
                <td className="c-assignee" data-label={t('queue:columns.assignee')}>{r.assignee?.name ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {loaded && !rows.length ? <p className="empty">{t('queue:none')}</p> : null}
      </div>
      {hasMore ? (
        <button type="button" onClick={() => void more()}>
          {t('queue:more')}
        </button>
      ) : null}
    </Layout>
  );
}
