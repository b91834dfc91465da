import { DateTime } from 'luxon';
import { defaultBrand } from '../../domain/brand-presets';
import { BusinessCalendar } from '../../domain/business-calendar';
import { addTicket, backlogBucket, businessMinutesWithoutPauses, emptyTally, figures, mergeTally, pausedSpans, percentile, splitPeriods, standing, type TicketFacts } from '../../domain/sla-report';

const d = (iso: string) => new Date(iso);
const facts = (patch: Partial<TicketFacts> = {}): TicketFacts => ({
  createdDay: '2026-11-23',
  brandId: 'b',
  type: 'double_charge',
  assigneeId: null,
  firstRespondedAt: null,
  firstResponseDueAt: d('2026-11-23T17:00:00Z'),
  firstResponseWarnedAt: null,
  firstResponseBreachedAt: null,
  firstResponseBusinessMinutes: null,
  resolvedAt: null,
  resolutionDueAt: d('2026-11-25T17:00:00Z'),
  resolutionWarnedAt: null,
  resolutionBreachedAt: null,
  resolutionBusinessMinutes: null,
  reopenCount: 0,
  outcome: null,
  ...patch,
});

describe('SLA report tallies', () => {
  it('judges a target met, breached or pending from the row alone', () => {
    const due = d('2026-11-23T17:00:00Z');
    expect(standing(d('2026-11-23T17:00:00Z'), due, null)).toBe('met'); // exactly on time
    expect(standing(d('2026-11-23T17:00:01Z'), due, null)).toBe('breached');
    expect(standing(null, due, d('2026-11-23T17:00:05Z'))).toBe('breached');
    expect(standing(null, due, null)).toBe('pending');
  });

  it('takes nearest-rank percentiles from sparse histograms', () => {
    expect(percentile({}, 50)).toBeNull();
    expect(percentile({ 120: 1 }, 90)).toBe(120);
    expect(percentile({ 120: 1, 510: 1 }, 50)).toBe(120);
    expect(percentile({ 120: 1, 510: 1 }, 90)).toBe(510);
    expect(percentile({ 10: 5, 20: 4, 300: 1 }, 90)).toBe(20);
    expect(percentile({ 10: 5, 20: 4, 300: 1 }, 91)).toBe(300);
  });

  it('adds tickets and merges tallies to the same result in any split', () => {
    const list = [
      facts({ firstRespondedAt: d('2026-11-23T10:00:00Z'), firstResponseBusinessMinutes: 60, resolvedAt: d('2026-11-24T10:00:00Z'), resolutionBusinessMinutes: 510, outcome: 'refunded' }),
      facts({ firstResponseBreachedAt: d('2026-11-23T17:00:00Z'), firstResponseWarnedAt: d('2026-11-23T15:30:00Z'), resolutionWarnedAt: d('2026-11-25T11:00:00Z') }),
      facts({ firstRespondedAt: d('2026-11-23T18:00:00Z'), firstResponseBusinessMinutes: 510, reopenCount: 1 }),
    ];
    const whole = list.reduce((t, f) => addTicket(t, f), emptyTally());
    const split = mergeTally(addTicket(emptyTally(), list[0]), addTicket(addTicket(emptyTally(), list[1]), list[2]));
    expect(split).toEqual(whole);
    expect(figures(whole)).toMatchObject({
      created: 3,
      resolved: 1,
      open: 2,
      reopenRate: 0.3333,
      firstResponse: { met: 1, breached: 2, pending: 0, compliance: 0.3333, medianMinutes: 60, p90Minutes: 510 },
      resolution: { met: 1, breached: 0, pending: 2, atRisk: 1, compliance: 1, medianMinutes: 510 },
      outcomes: { refunded: 1 },
    });
  });

  it('buckets backlog ages in business days', () => {
    expect([0, 0.99, 1, 1.5, 2, 2.99, 3, 12].map(backlogBucket)).toEqual(['0-1', '0-1', '1-2', '1-2', '2-3', '2-3', '3+', '3+']);
  });
});

describe('reading a range from month and day roll-ups', () => {
  it('uses whole months inside the range and days at its edges', () => {
    expect(splitPeriods('2025-11-23', '2026-11-22')).toEqual({
      days: [{ from: '2025-11-23', to: '2025-11-30' }, { from: '2026-11-01', to: '2026-11-22' }],
      months: { from: '2025-12', to: '2026-10' },
    });
    expect(splitPeriods('2026-01-01', '2026-12-31')).toEqual({ days: [], months: { from: '2026-01', to: '2026-12' } });
    expect(splitPeriods('2026-02-01', '2026-02-28')).toEqual({ days: [], months: { from: '2026-02', to: '2026-02' } });
    expect(splitPeriods('2026-10-01', '2026-11-30')).toEqual({ days: [], months: { from: '2026-10', to: '2026-11' } });
    expect(splitPeriods('2026-11-03', '2026-11-20')).toEqual({ days: [{ from: '2026-11-03', to: '2026-11-20' }], months: null });
    expect(splitPeriods('2026-10-15', '2026-11-14')).toEqual({ days: [{ from: '2026-10-15', to: '2026-11-14' }], months: null });
  });
});

describe('counting business time backwards', () => {
  const paris = new BusinessCalendar(defaultBrand.policy.calendar);
  const at = (local: string) => DateTime.fromISO(local, { zone: 'Europe/Paris' }).toJSDate();
  const local = (x: Date) => DateTime.fromJSDate(x, { zone: 'Europe/Paris' }).toFormat("yyyy-MM-dd'T'HH:mm");

  it('finds the instant N business minutes before, across lunch, weekends, holidays and DST', () => {
    expect(local(paris.subtractBusinessMinutes(at('2026-11-23T10:00'), 60))).toBe('2026-11-23T09:00');
    expect(local(paris.subtractBusinessMinutes(at('2026-11-23T14:30'), 60))).toBe('2026-11-23T12:00');
    expect(local(paris.subtractBusinessMinutes(at('2026-11-30T10:00'), 120))).toBe('2026-11-27T17:00');
    expect(local(paris.subtractBusinessMinutes(at('2026-11-12T10:00'), 120))).toBe('2026-11-10T17:00'); // 11 November
    expect(local(paris.subtractBusinessMinutes(at('2026-10-26T11:00'), 240))).toBe('2026-10-23T16:00'); // clocks went back
    expect(local(paris.subtractBusinessMinutes(at('2026-11-28T12:00'), 30))).toBe('2026-11-27T17:30'); // from a Saturday
  });

  it('is the inverse of businessMinutesBetween', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 200; i++) {
      const end = new Date(Date.UTC(2026, 0, 1) + Math.floor(random() * 365 * 24 * 60) * 60_000);
      const minutes = Math.floor(random() * 3000);
      expect(paris.businessMinutesBetween(paris.subtractBusinessMinutes(end, minutes), end)).toBe(minutes);
    }
  });
});

describe('business time without the paused spans', () => {
  const paris = new BusinessCalendar(defaultBrand.policy.calendar);
  const at = (local: string) => DateTime.fromISO(local, { zone: 'Europe/Paris' }).toJSDate();
  const event = (type: string, local: string) => ({ type, createdAt: at(local) });

  it('reads the spans from the pause and resume events, a pause still running ending now', () => {
    const events = [event('created', '2026-11-23T09:00'), event('sla_paused', '2026-11-23T10:00'), event('sla_resumed', '2026-11-24T10:00'), event('sla_paused', '2026-11-25T09:00')];
    expect(pausedSpans(events, at('2026-11-25T11:00'))).toEqual([
      { from: at('2026-11-23T10:00'), to: at('2026-11-24T10:00') },
      { from: at('2026-11-25T09:00'), to: at('2026-11-25T11:00') },
    ]);
  });

  it('counts the business minutes outside them only', () => {
    const spans = pausedSpans([event('sla_paused', '2026-11-23T10:00'), event('sla_resumed', '2026-11-24T10:00')], at('2026-11-30T00:00'));
    // Mon 09–18 and Tue 09–12:30 (660), less Mon 10:00 – Tue 10:00 (450).
    expect(businessMinutesWithoutPauses(paris, at('2026-11-23T09:00'), at('2026-11-24T12:30'), spans)).toBe(660 - 450);
    expect(businessMinutesWithoutPauses(paris, at('2026-11-23T09:00'), at('2026-11-24T12:30'), [])).toBe(660);
  });
});
