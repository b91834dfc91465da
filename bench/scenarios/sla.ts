import { defaultBrand } from '../../domain/brand-presets';
import { BusinessCalendar } from '../../domain/business-calendar';
import { report, round, type Size } from '../support';

/** 6. SLA arithmetic: due-time computations per second for random starts across a year. */
export async function sla(size: Size) {
  const n = size === 'smoke' ? 2000 : 500_000;
  const calendar = new BusinessCalendar(defaultBrand.policy.calendar);
  let seed = 1;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const starts = Array.from({ length: n }, () => new Date(Date.UTC(2026, 0, 1) + Math.floor(random() * 365 * 86_400_000)));
  const minutes = Array.from({ length: n }, () => [450, 1350, 360, 1080][Math.floor(random() * 4)]);
  const rows = [];
  for (const [label, cold] of [['cold (fresh calendar)', true], ['warm', false]] as const) {
    const cal = cold ? new BusinessCalendar(defaultBrand.policy.calendar) : calendar;
    const t = process.hrtime.bigint();
    for (let i = 0; i < n; i++) cal.addBusinessMinutes(starts[i], minutes[i]);
    const seconds = Number(process.hrtime.bigint() - t) / 1e9;
    rows.push({ run: label, computations: n, seconds: round(seconds, 3), perSecond: Math.round(n / seconds) });
  }
  return report('sla', size, 'none', rows);
}
