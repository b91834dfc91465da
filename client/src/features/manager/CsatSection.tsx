import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CsatReport } from '../../../../domain/satisfaction.schemas';
import { call } from '../../api';
import { addNamespaces } from '../../i18n';
import * as csatStrings from '../../i18n/csat';
import { useAgentEvents } from '../../socket';
import type { SlaFilter } from './use-sla-report';

addNamespaces({ csat: csatStrings });

const GROUPS = ['type', 'brand', 'agent'] as const;
const percent = (v: number | null) => (v == null ? '—' : `${Math.round(v * 100)} %`);
const score = (v: number | null, lang: 'fr' | 'en') => (v == null ? '—' : v.toLocaleString(lang === 'fr' ? 'fr-FR' : 'en-GB', { maximumFractionDigits: 2 }));

/** CSAT by type, shop and agent over the dashboard's range and shop (GET /api/analytics/satisfaction). */
export function CsatSection({ from, to, brand, lang }: SlaFilter) {
  const { t } = useTranslation();
  const [reports, setReports] = useState<Partial<Record<(typeof GROUPS)[number], CsatReport>>>({});
  const refresh = useRef<ReturnType<typeof setTimeout>>(undefined);
  const load = useCallback(() => {
    const q = (groupBy: string) => new URLSearchParams({ from, to, lang, groupBy, ...(brand ? { brand } : {}) }).toString();
    void Promise.all(GROUPS.map((g) => call<CsatReport>('GET', `/api/analytics/satisfaction?${q(g)}`))).then(
      ([type, byBrand, agent]) => setReports({ type, brand: byBrand, agent }),
      () => undefined,
    );
  }, [from, to, brand, lang]);
  useEffect(load, [load]);
  // Live, as the SLA figures: a rating or a resolution shows at most ten seconds later.
  useAgentEvents((...[event]) => {
    if (event !== 'ticket.updated' || refresh.current) return;
    refresh.current = setTimeout(() => {
      refresh.current = undefined;
      load();
    }, 10_000);
  });
  useEffect(() => () => clearTimeout(refresh.current), []);
  const totals = reports.type?.totals;
  const csv = `/api/analytics/satisfaction?${new URLSearchParams({ from, to, lang, groupBy: 'type', format: 'csv', ...(brand ? { brand } : {}) })}`;
  return (
    <section className="card" data-testid="csat">
      <h2>{t('csat:title')}</h2>
      <p className="hint">{t('csat:explain')}</p>
      {totals ? (
        <p data-testid="csat-total">
          {t('csat:total', { csat: percent(totals.csat), average: score(totals.averageScore, lang), count: totals.ratings, rate: percent(totals.responseRate) })}
        </p>
      ) : null}
      <p><a href={csv} download>{t('csat:csv')}</a></p>
      {GROUPS.map((k) => (
        <div key={k} className="table-scroll">
          <table className="figures" data-testid={`csat-${k}`}>
            <caption>{t(`csat:by.${k}`)}</caption>
            <thead>
              <tr>
                <th scope="col">{t(`csat:by.${k}`)}</th>
                <th scope="col">{t('csat:csat')}</th>
                <th scope="col">{t('csat:average')}</th>
                <th scope="col">{t('csat:ratings')}</th>
                <th scope="col">{t('csat:resolved')}</th>
                <th scope="col">{t('csat:responseRate')}</th>
              </tr>
            </thead>
            <tbody>
              {(reports[k]?.groups ?? []).map((g) => (
                <tr key={g.key}>
                  <th scope="row">{g.label}</th>
                  <td className={g.csat != null && g.csat < 0.7 ? 'bad' : ''}>{percent(g.csat)}</td>
                  <td>{score(g.averageScore, lang)}</td>
                  <td>{g.ratings}</td>
                  <td>{g.resolved}</td>
                  <td>{percent(g.responseRate)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
    </section>
  );
}
