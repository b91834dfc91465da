import { useTranslation } from 'react-i18next';
import { say, type Problem } from '../../errors';
import { formatDateTime } from '../../format';
import type { BrandEventView } from './use-brand-admin';

/** The editor's label of a changed path, where the editor has one field for it. */
const PATH_LABELS: Record<string, string> = {
  name: 'name',
  'policy.acceptedCardTypes': 'acceptedCardTypes',
  'policy.currency': 'currency',
  'policy.calendar.timeZone': 'timeZone',
  'policy.calendar.openDays': 'openDays',
  'policy.calendar.windows': 'windows',
  'policy.calendar.holidayCountry': 'holidayCountry',
  'policy.calendar.holidayRegion': 'holidayRegion',
  'policy.calendar.closedDates': 'closedDates',
  'policy.sla.firstResponseMinutes': 'firstResponseMinutes',
  'policy.sla.resolutionMinutes': 'resolutionMinutes',
  'policy.sla.warningRatio': 'warningRatio',
  'policy.sla.pauseWhileAwaitingCustomer': 'pause',
  'policy.priorityRules': 'rules',
  'policy.cancellationWindowHours': 'cancellationWindowHours',
  'policy.refundPostingDays.min': 'refundMin',
  'policy.refundPostingDays.max': 'refundMax',
  'policy.supportEmail': 'supportEmail',
  'policy.replyFrom': 'replyFrom',
  'policy.senderName.fr': 'senderFr',
  'policy.senderName.en': 'senderEn',
  'policy.defaultLanguage': 'defaultLanguage',
  'policy.hostNames': 'hostNames',
  'policy.retentionDays': 'retentionDays',
};
const isWindow = (v: unknown): v is { start: string; end: string } => typeof v === 'object' && v !== null && 'start' in v && 'end' in v;

/** A changed value as the history shows it: short, on one line; opening windows and lists as people write them. */
function shown(value: unknown, words: { empty: string; yes: string; no: string }): string {
  if (value === null || value === undefined || value === '' || (Array.isArray(value) && !value.length)) return words.empty;
  if (typeof value === 'boolean') return value ? words.yes : words.no;
  let s: string;
  if (Array.isArray(value) && value.every(isWindow)) s = value.map((w) => `${w.start}–${w.end}`).join(', ');
  else if (Array.isArray(value) && value.every((v) => typeof v !== 'object')) s = value.join(', ');
  else s = typeof value === 'string' ? value : JSON.stringify(value);
  return s.length > 160 ? `${s.slice(0, 157)}…` : s;
}

/** A shop's audit trail (`GET /api/brands/:slug/events`), newest first: who, when, each changed value before and after. */
export function ShopHistory({ events, problem }: { events: BrandEventView[] | null; problem: Problem | null }) {
  const { t, i18n } = useTranslation();
  const words = { empty: t('shops:history.empty'), yes: t('common:yes'), no: t('common:no') };
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
                    <span className="history-field">{PATH_LABELS[c.path] ? t(`shops:fields.${PATH_LABELS[c.path]}`) : <code>{c.path}</code>}</span>
                    {t('shops:history.colon')}
                    <span className="history-values">{shown(c.before, words)} → {shown(c.after, words)}</span>
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
