import { CategoryScale, Chart as ChartJS, Legend, LinearScale, LineElement, PointElement, Tooltip, BarElement, BarController, LineController } from 'chart.js';
import { DateTime } from 'luxon';
import { useState } from 'react';
import { Chart } from 'react-chartjs-2';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { AgentBar } from '../../components/AgentBar';
import { Layout } from '../../components/Layout';
import { say } from '../../errors';
import { formatBusinessMinutes } from '../../format';
import { addNamespaces } from '../../i18n';
import * as manager from '../../i18n/manager';
import * as queue from '../../i18n/queue';
import { useSlaReport, ZONE } from './use-sla-report';
import { CsatSection } from './CsatSection';

addNamespaces({ queue, manager });

ChartJS.register(CategoryScale, LinearScale, PointElement, LineElement, BarElement, BarController, LineController, Tooltip, Legend);

const percent = (v: number | null) => (v == null ? '—' : `${Math.round(v * 100)} %`);
const minutes = (v: number | null) => (v == null ? '—' : formatBusinessMinutes(v));

/** `/manager`: the SLA dashboard. Layout only: `useSlaReport` reads the figures and keeps them current. */
export function ManagerPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as 'fr' | 'en';
  const today = DateTime.now().setZone(ZONE);
  const [from, setFrom] = useState(today.minus({ days: 29 }).toISODate()!);
  const [to, setTo] = useState(today.toISODate()!);
  const [brand, setBrand] = useState('');
  const { data, error, brands, breachesToday } = useSlaReport({ from, to, brand, lang });


  const csv = (groupBy: string) => `/api/analytics/sla?${new URLSearchParams({ from, to, groupBy, format: 'csv', lang, ...(brand ? { brand } : {}) })}`;
  const thisWeek = data.thisWeek?.totals.resolution.compliance ?? null;
  const lastWeek = data.lastWeek?.totals.resolution.compliance ?? null;

  return (
    <Layout wide actions={<AgentBar />}>
      <h1>{t('manager:title')}</h1>
      <form className="filters" aria-label={t('manager:range')} onSubmit={(e) => e.preventDefault()}>
        <label>{t('manager:from')}<input type="date" value={from} max={to} onChange={(e) => e.target.value && setFrom(e.target.value)} /></label>
        <label>{t('manager:to')}<input type="date" value={to} min={from} onChange={(e) => e.target.value && setTo(e.target.value)} /></label>
        <label>{t('manager:brand')}<select value={brand} onChange={(e) => setBrand(e.target.value)}><option value="">{t('queue:any')}</option>{brands.map((b) => <option key={b.slug} value={b.slug}>{b.name}</option>)}</select></label>
        <div className="downloads">
          <span>CSV :</span> <a href={csv('type')} download>{t('manager:byType')}</a> · <a href={csv('agent')} download>{t('manager:byAgent')}</a> · <a href={csv('day')} download>{t('manager:byDay')}</a> ·{' '}
          <a href={`/api/analytics/breaches?${new URLSearchParams({ from, to, format: 'csv', lang, ...(brand ? { brand } : {}) })}`} download>{t('manager:breaches')}</a>
        </div>
      </form>
      {error ? <p className="banner error-banner" role="alert">{say(t, error)}</p> : null}

      <section className="tiles" aria-label={t('manager:headline')}>
        <div className="tile" data-testid="tile-week">
          <span className="tile-label">{t('manager:complianceWeek')}</span>
          <strong>{percent(thisWeek)}</strong>
          <span className="tile-sub">{t('manager:lastWeek', { value: percent(lastWeek) })}</span>
        </div>
        <div className="tile" data-testid="tile-backlog">
          <span className="tile-label">{t('manager:backlog')}</span>
          <strong>{data.backlog?.totals.open ?? '—'}</strong>
          <span className="tile-sub">{data.backlog ? t('manager:backlogOld', { count: data.backlog.totals.backlog['3+'] }) : ''}</span>
        </div>
        <div className="tile" data-testid="tile-breaches">
          <span className="tile-label">{t('manager:breachesToday')}</span>
          <strong>{data.breaches ? breachesToday : '—'}</strong>
          <span className="tile-sub">{t('manager:inRange', { count: data.breaches?.length ?? 0 })}</span>
        </div>
      </section>

      <section className="card">
        <h2>{t('manager:trend')}</h2>
        <div className="chart">
          {data.days ? (
            <Chart
              type="bar"
              aria-label={t('manager:trend')}
              role="img"
              data={{
                labels: data.days.groups.map((g) => g.key),
                datasets: [
                  { type: 'line', label: t('manager:firstResponse'), data: data.days.groups.map((g) => (g.firstResponse.compliance == null ? null : Math.round(g.firstResponse.compliance * 100))), borderColor: '#1f4e79', backgroundColor: '#1f4e79', yAxisID: 'y', spanGaps: true },
                  { type: 'line', label: t('manager:resolution'), data: data.days.groups.map((g) => (g.resolution.compliance == null ? null : Math.round(g.resolution.compliance * 100))), borderColor: '#1b6b3a', backgroundColor: '#1b6b3a', yAxisID: 'y', spanGaps: true },
                  { type: 'bar', label: t('manager:created'), data: data.days.groups.map((g) => g.created), backgroundColor: 'rgba(122, 77, 0, 0.25)', yAxisID: 'count' },
                ],
              }}
              options={{
                maintainAspectRatio: false,
                animation: false,
                scales: { y: { min: 0, max: 100, title: { display: true, text: '%' } }, count: { position: 'right', beginAtZero: true, grid: { drawOnChartArea: false } } },
              }}
            />
          ) : null}
        </div>
      </section>

      {(['type', 'brand', 'agent'] as const).map((k) => (
        <section key={k} className="card">
          <h2>{t(`manager:by.${k}`)}</h2>
          <div className="table-scroll">
            <table className="figures">
              <thead>
                <tr>
                  <th scope="col">{t(`manager:by.${k}`)}</th>
                  <th scope="col">{t('manager:created')}</th>
                  <th scope="col">{t('manager:open')}</th>
                  <th scope="col">{t('manager:firstResponse')}</th>
                  <th scope="col">{t('manager:median')}</th>
                  <th scope="col">{t('manager:resolution')}</th>
                  <th scope="col">{t('manager:median')} / p90</th>
                  <th scope="col">{t('manager:ages')}</th>
                </tr>
              </thead>
              <tbody>
                {(data[k]?.groups ?? []).map((g) => (
                  <tr key={g.key}>
                    <th scope="row">{g.label}</th>
                    <td>{g.created}</td>
                    <td>{g.open}</td>
                    <td className={(g.firstResponse.compliance ?? 1) < 0.9 ? 'bad' : ''}>{percent(g.firstResponse.compliance)}</td>
                    <td>{minutes(g.firstResponse.medianMinutes)}</td>
                    <td className={(g.resolution.compliance ?? 1) < 0.9 ? 'bad' : ''}>{percent(g.resolution.compliance)}</td>
                    <td>{minutes(g.resolution.medianMinutes)} / {minutes(g.resolution.p90Minutes)}</td>
                    <td>{g.backlog['0-1']} · {g.backlog['1-2']} · {g.backlog['2-3']} · {g.backlog['3+']}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ))}

      <CsatSection from={from} to={to} brand={brand} lang={lang} />

      <section className="card">
        <h2>{t('manager:breaches')}</h2>
        <div className="table-scroll">
          <table className="figures">
            <thead>
              <tr><th scope="col">{t('queue:columns.reference')}</th><th scope="col">{t('queue:columns.type')}</th><th scope="col">{t('queue:columns.assignee')}</th><th scope="col">{t('manager:lateFirst')}</th><th scope="col">{t('manager:lateResolution')}</th></tr>
            </thead>
            <tbody>
              {(data.breaches ?? []).slice(0, 50).map((b) => (
                <tr key={b.id}>
                  <th scope="row"><Link to={`/agent/tickets/${b.id}`}>{b.reference}</Link></th>
                  <td>{b.typeLabel}</td>
                  <td>{b.assignee ?? '—'}</td>
                  <td>{minutes(b.firstResponseLateMinutes)}</td>
                  <td>{minutes(b.resolutionLateMinutes)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </Layout>
  );
}
