import { useTranslation } from 'react-i18next';
import { say, type Problem } from '../../errors';
import { formatDateTime } from '../../format';
import type { BrandEventView } from './use-brand-admin';

/** A changed value as the history shows it: short, on one line. */
const shown = (value: unknown, empty: string) => {
  if (value === null || value === undefined || value === '') return empty;
  const s = typeof value === 'string' ? value : JSON.stringify(value);
  return s.length > 120 ? `${s.slice(0, 117)}…` : s;
};

/** A shop's audit trail (`GET /api/brands/:slug/events`), newest first: who, when, each changed value before and after. */
export function ShopHistory({ events, problem }: { events: BrandEventView[] | null; problem: Problem | null }) {
  const { t, i18n } = useTranslation();
  const empty = t('shops:history.empty');
  return (
    <section className="card shop-history" aria-labelledby="shop-history">
      <h2 id="shop-history">{t('shops:history.title')}</h2>
      {problem ? <p className="banner error-banner" role="alert">{say(t, problem)}</p> : null}
      {events === null && !problem ? <p aria-busy="true">{t('shops:history.loading')}</p> : null}
      {events && !events.length ? <p className="empty">{t('shops:history.none')}</p> : null}
      <ol className="timeline">
        {events?.map((e) => (
          <li key={e.id} className="history-entry" data-event={e.type}>
            <p>
              <strong>{t(e.type === 'created' ? 'shops:history.created' : 'shops:history.updated', { who: e.actorName ?? t('shops:history.system') })}</strong>
              {' · '}
              <time dateTime={e.createdAt}>{formatDateTime(e.createdAt, i18n.language)}</time>
            </p>
            {e.type === 'created' ? null : (
              <ul className="history-changes">
                {e.changes.map((c) => (
                  <li key={c.path} data-path={c.path}>
                    <code>{c.path}</code> : {shown(c.before, empty)} → {shown(c.after, empty)}
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
