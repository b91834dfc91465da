import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { anomalyTypeLabels } from '../../../../domain/labels';
import { ticketStatuses } from '../../../../domain/ticket-status';
import { anomalyTypes } from '../../../../domain/ticket.schemas';

/** How long the typing pauses before the queue is searched. */
export const SEARCH_DEBOUNCE_MS = 250;

/** The queue's filters and search; each one lives in the address (`setFilter`), so a view can be shared. */
export function QueueFilters({ params, setFilter }: { params: URLSearchParams; setFilter: (name: string, value: string) => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as 'fr' | 'en';
  const [search, setSearch] = useState(params.get('q') ?? '');
  // Searching as the agent types: the address (and so the queue) follows a pause in the typing.
  const typing = useRef<ReturnType<typeof setTimeout>>(undefined);
  const searchNow = (value: string) => {
    clearTimeout(typing.current);
    if (value.trim() !== (params.get('q') ?? '')) setFilter('q', value.trim());
  };
  const onType = (value: string) => {
    setSearch(value);
    clearTimeout(typing.current);
    typing.current = setTimeout(() => searchNow(value), SEARCH_DEBOUNCE_MS);
  };
  useEffect(() => () => clearTimeout(typing.current), []);
  return (
    <form className="filters" role="search" aria-label={t('queue:filters')} onSubmit={(e) => { e.preventDefault(); searchNow(search); }}>
      <label>
        {t('queue:status')}
        <select value={params.get('status') ?? ''} onChange={(e) => setFilter('status', e.target.value)}>
          <option value="">{t('queue:any')}</option>
          {ticketStatuses.map((s) => <option key={s} value={s}>{t(`queue:states.${s}`)}</option>)}
        </select>
      </label>
      <label>
        {t('queue:type')}
        <select value={params.get('type') ?? ''} onChange={(e) => setFilter('type', e.target.value)}>
          <option value="">{t('queue:any')}</option>
          {anomalyTypes.map((k) => <option key={k} value={k}>{anomalyTypeLabels[lang][k]}</option>)}
        </select>
      </label>
      <label>
        {t('queue:slaFilter')}
        <select value={params.get('sla') ?? ''} onChange={(e) => setFilter('sla', e.target.value)}>
          <option value="">{t('queue:any')}</option>
          {(['ok', 'warning', 'breached'] as const).map((s) => <option key={s} value={s}>{t(`queue:sla.${s}`)}</option>)}
        </select>
      </label>
      <label className="grow">
        {t('queue:search')}
        <input type="search" data-testid="queue-search" value={search} onChange={(e) => onType(e.target.value)} onBlur={() => searchNow(search)} />
      </label>
    </form>
  );
}
