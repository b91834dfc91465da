import { DateTime } from 'luxon';
import { slaPolicySchema } from '../../domain/brand-policy';
import { defaultBrand } from '../../domain/brand-presets';
import { BusinessCalendar } from '../../domain/business-calendar';
import { dueSlaSignals, freshSlaClock, nextSlaCheckAt, slaDeadlines, slaState, slaTargets, type SlaClock } from '../../domain/sla';

const calendar = new BusinessCalendar(defaultBrand.policy.calendar);
const at = (local: string) => DateTime.fromISO(local, { zone: 'Europe/Paris' }).toJSDate();
const local = (d: Date) => DateTime.fromJSDate(d, { zone: 'Europe/Paris' }).toFormat("ccc HH:mm");

function clockFor(start: string): SlaClock {
  return {
    ...slaDeadlines(calendar, defaultBrand.policy.sla, 'double_charge', at(start), 'normal'),
    ...freshSlaClock,
  };
}

describe('SLA deadlines and signals', () => {
  it('sets 1 and 3 business days with warnings at 80 %', () => {
    const c = clockFor('2026-11-23T09:00'); // a Monday
    expect(local(c.firstResponseWarnAt)).toBe('Mon 16:30'); // 360 min
    expect(local(c.firstResponseDueAt)).toBe('Mon 18:00'); // 450 min
    expect(local(c.resolutionWarnAt)).toBe('Wed 12:00'); // 1080 min
    expect(local(c.resolutionDueAt)).toBe('Wed 18:00'); // 1350 min
  });

  it('applies per-type targets', () => {
    const policy = slaPolicySchema.parse({
      ...defaultBrand.policy.sla,
      byType: { cancellation_request: { firstResponseMinutes: 90, resolutionMinutes: 450 } },
    });
    const d = slaDeadlines(calendar, policy, 'cancellation_request', at('2026-11-23T09:00'), 'normal');
    expect(local(d.firstResponseDueAt)).toBe('Mon 10:30');
    expect(local(d.resolutionDueAt)).toBe('Mon 18:00');
    expect(local(slaDeadlines(calendar, policy, 'double_charge', at('2026-11-23T09:00'), 'normal').firstResponseDueAt)).toBe('Mon 18:00');
  });

  it('takes the targets for the type and priority, then the priority, then the type, then the brand defaults', () => {
    const policy = slaPolicySchema.parse({
      ...defaultBrand.policy.sla,
      byType: { double_charge: { firstResponseMinutes: 200, resolutionMinutes: 900, byPriority: { urgent: { firstResponseMinutes: 30, resolutionMinutes: 120 } } } },
      byPriority: { urgent: { firstResponseMinutes: 60, resolutionMinutes: 450 }, high: { firstResponseMinutes: 120, resolutionMinutes: 600 } },
    });
    expect(slaTargets(policy, 'double_charge', 'urgent')).toEqual({ firstResponseMinutes: 30, resolutionMinutes: 120 });
    expect(slaTargets(policy, 'double_charge', 'high')).toEqual({ firstResponseMinutes: 120, resolutionMinutes: 600 });
    expect(slaTargets(policy, 'double_charge', 'normal')).toEqual({ firstResponseMinutes: 200, resolutionMinutes: 900 });
    expect(slaTargets(policy, 'failed_payment', 'urgent')).toEqual({ firstResponseMinutes: 60, resolutionMinutes: 450 });
    expect(slaTargets(policy, 'failed_payment', 'low')).toEqual({ firstResponseMinutes: 450, resolutionMinutes: 1350 });
    expect(local(slaDeadlines(calendar, policy, 'double_charge', at('2026-11-23T09:00'), 'urgent').resolutionDueAt)).toBe('Mon 11:00');
  });

  it('signals a warning, then a breach, each once', () => {
    const c = clockFor('2026-11-23T09:00');
    expect(nextSlaCheckAt(c)).toEqual(c.firstResponseWarnAt);
    expect(dueSlaSignals(c, at('2026-11-23T16:00'))).toEqual([]);
    expect(slaState(c, at('2026-11-23T16:00'))).toBe('ok');

    const warning = dueSlaSignals(c, at('2026-11-23T16:31'));
    expect(warning).toEqual([{ target: 'first_response', level: 'warning', at: c.firstResponseWarnAt }]);
    expect(slaState(c, at('2026-11-23T16:31'))).toBe('warning');
    c.firstResponseWarnedAt = at('2026-11-23T16:31');
    expect(nextSlaCheckAt(c)).toEqual(c.firstResponseDueAt);
    expect(dueSlaSignals(c, at('2026-11-23T17:00'))).toEqual([]);

    expect(dueSlaSignals(c, at('2026-11-23T18:00'))).toEqual([{ target: 'first_response', level: 'breach', at: c.firstResponseDueAt }]);
    expect(slaState(c, at('2026-11-23T18:00'))).toBe('breached');
    c.firstResponseBreachedAt = at('2026-11-23T18:00');
    expect(nextSlaCheckAt(c)).toEqual(c.resolutionWarnAt);
  });

  it('goes straight to the breach when the warning was missed', () => {
    const c = clockFor('2026-11-23T09:00');
    const late = at('2026-11-26T09:00');
    expect(dueSlaSignals(c, late).map((s) => `${s.target}:${s.level}`)).toEqual(['first_response:breach', 'resolution:breach']);
  });

  it('stops watching a target once it is met', () => {
    const c = clockFor('2026-11-23T09:00');
    c.firstRespondedAt = at('2026-11-23T11:00');
    expect(nextSlaCheckAt(c)).toEqual(c.resolutionWarnAt);
    expect(dueSlaSignals(c, at('2026-11-23T18:30'))).toEqual([]);
    c.resolvedAt = at('2026-11-24T11:00');
    expect(nextSlaCheckAt(c)).toBeNull();
    expect(slaState(c, at('2026-12-30T11:00'))).toBe('ok');
  });
});
