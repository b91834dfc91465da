import { DateTime } from 'luxon';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { BreachList, SlaReport } from '../../../../domain/analytics.schemas';
import { call } from '../../api';
import { apiProblem, type Problem } from '../../errors';
import { useAgentEvents } from '../../socket';

/** The API's own shapes (domain/analytics.schemas.ts). */
export type Report = SlaReport;
export type Breach = BreachList['items'][number];

/** The dashboard's days, weeks and breach dates are Paris days. */
export const ZONE = 'Europe/Paris';


export interface SlaFilter {
  from: string;
  to: string;
  /** A brand's slug, or '' for every brand. */
  brand: string;
  lang: 'fr' | 'en';
}

/**
 * Every figure of the dashboard for a range and a brand: by day, type, brand and agent, this
 * week against last, the year's backlog and the breaches. Read again when the filter changes
 * and, live, at most every ten seconds while tickets change. Also the brands to filter by.
 */
export function useSlaReport({ from, to, brand, lang }: SlaFilter) {
  const today = DateTime.now().setZone(ZONE);
  const [brands, setBrands] = useState<Array<{ slug: string; name: string }>>([]);
  const [data, setData] = useState<{ days?: Report; type?: Report; brand?: Report; agent?: Report; thisWeek?: Report; lastWeek?: Report; backlog?: Report; breaches?: Breach[] }>({});
  const [error, setError] = useState<Problem | null>(null);
  const refresh = useRef<ReturnType<typeof setTimeout>>(undefined);

  const load = useCallback(() => {
    const q = (extra: Record<string, string>) => new URLSearchParams({ from, to, lang, ...(brand ? { brand } : {}), ...extra }).toString();
    const monday = today.startOf('week');
    const week = (start: DateTime) => new URLSearchParams({ from: start.toISODate()!, to: start.plus({ days: 6 }).toISODate()!, groupBy: 'day', ...(brand ? { brand } : {}) }).toString();
    const get = <T,>(path: string) => call<T>('GET', path);
    Promise.all([
      get<Report>(`/api/analytics/sla?${q({ groupBy: 'day' })}`),
      get<Report>(`/api/analytics/sla?${q({ groupBy: 'type' })}`),
      get<Report>(`/api/analytics/sla?${q({ groupBy: 'brand' })}`),
      get<Report>(`/api/analytics/sla?${q({ groupBy: 'agent' })}`),
      get<Report>(`/api/analytics/sla?${week(monday)}`),
      get<Report>(`/api/analytics/sla?${week(monday.minus({ weeks: 1 }))}`),
      get<Report>(`/api/analytics/sla?${new URLSearchParams({ from: today.minus({ days: 365 }).toISODate()!, to: today.toISODate()!, groupBy: 'type', ...(brand ? { brand } : {}) })}`),
      get<{ items: Breach[] }>(`/api/analytics/breaches?${q({ limit: '200' })}`),
    ]).then(
      ([days, type, byBrand, agent, thisWeek, lastWeek, backlog, breaches]) => {
        setData({ days, type, brand: byBrand, agent, thisWeek, lastWeek, backlog, breaches: breaches.items });
        setError(null);
      },
      (err: unknown) => setError(apiProblem(err)),
    );
  }, [from, to, brand, lang]);
  useEffect(load, [load]);
  useEffect(() => {
    void call<{ items: Array<{ slug: string; name: string }> }>('GET', '/api/brands').then((r) => setBrands(r.items), () => undefined);
  }, []);
  // Live: figures follow ticket changes, at most every ten seconds.
  useAgentEvents((...[event]) => {
    if (!event.startsWith('ticket.') || refresh.current) return;
    refresh.current = setTimeout(() => {
      refresh.current = undefined;
      load();
    }, 10_000);
  });

  /** Breaches whose deadline fell today (Paris), of either target. */
  const breachesToday = useMemo(() => {
    const day = today.toISODate();
    return (data.breaches ?? []).filter(
      (b) =>
        (b.firstResponseLateMinutes != null && DateTime.fromISO(b.firstResponseDueAt).setZone(ZONE).toISODate() === day) ||
        (b.resolutionLateMinutes != null && DateTime.fromISO(b.resolutionDueAt).setZone(ZONE).toISODate() === day),
    ).length;
  }, [data.breaches]);

  return { data, error, brands, breachesToday };
}
