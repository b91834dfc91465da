import fc from 'fast-check';
import { harmonyPreset, sofimixPreset } from '../../domain/brand-presets';
import { slaPolicySchema } from '../../domain/brand-policy';
import { brandChanges, movesDeadlines } from '../../domain/brand-admin.schemas';
import { BusinessCalendar } from '../../domain/business-calendar';
import { freshSlaClock, NO_DEADLINE, slaDeadlines, type SlaDeadlines } from '../../domain/sla';
import { dueWithPauses, recomputedDeadlines, type RecomputableTicket } from '../../domain/sla-recompute';

const paris = new BusinessCalendar(sofimixPreset.policy.calendar);
/** Paris local time in November (UTC+1). */
const at = (local: string) => new Date(`${local}:00+01:00`);
const targets = { firstResponseMinutes: 450, resolutionMinutes: 1350 };
const ratio = 0.8;

/** A ticket opened at `opened` with the deadlines the given targets gave it then. */
function ticket(opened: string, t = targets, extra: Partial<RecomputableTicket> = {}): RecomputableTicket {
  const start = at(opened);
  const d: SlaDeadlines = {
    firstResponseWarnAt: paris.addBusinessMinutes(start, Math.floor(t.firstResponseMinutes * ratio)),
    firstResponseDueAt: paris.addBusinessMinutes(start, t.firstResponseMinutes),
    resolutionWarnAt: paris.addBusinessMinutes(start, Math.floor(t.resolutionMinutes * ratio)),
    resolutionDueAt: paris.addBusinessMinutes(start, t.resolutionMinutes),
  };
  return { ...freshSlaClock, ...d, createdAt: start, reopenedAt: null, ...extra };
}

describe('recomputing an open ticket’s deadlines', () => {
  it('nothing changes under the same targets and calendar', () => {
    expect(recomputedDeadlines(ticket('2026-11-23T10:00'), paris, targets, ratio, at('2026-11-23T11:00'))).toBeNull();
  });

  it('gives exactly what intake would have given under the new targets, from the ticket’s creation', () => {
    const now = at('2026-11-23T11:00');
    const longer = { firstResponseMinutes: 900, resolutionMinutes: 2250 };
    const r = recomputedDeadlines(ticket('2026-11-23T10:00'), paris, longer, ratio, now)!;
    const oracle = slaDeadlines(paris, { ...sofimixPreset.policy.sla, ...longer, byType: {}, byPriority: {} }, 'double_charge', at('2026-11-23T10:00'), 'normal' as never);
    expect(r.changes).toMatchObject(oracle);
    expect(r.changes.nextDueAt).toEqual(oracle.firstResponseDueAt);
    expect(r.changes.slaNextCheckAt).toEqual(oracle.firstResponseWarnAt);
    expect(Object.keys(r.after).sort()).toEqual(['firstResponseDueAt', 'firstResponseWarnAt', 'resolutionDueAt', 'resolutionWarnAt']);
    expect(r.before.firstResponseDueAt).toBe(at('2026-11-24T10:00').toISOString());
    expect(r.after.firstResponseDueAt).toBe(at('2026-11-25T10:00').toISOString());
  });

  it('a closed day added to the calendar moves deadlines that cross it by one business day', () => {
    const closing = new BusinessCalendar({ ...sofimixPreset.policy.calendar, closedDates: ['2026-11-24'] });
    const r = recomputedDeadlines(ticket('2026-11-23T10:00'), closing, targets, ratio, at('2026-11-23T11:00'))!;
    expect(r.changes.firstResponseDueAt).toEqual(at('2026-11-25T10:00'));
    expect(r.changes.resolutionDueAt).toEqual(at('2026-11-27T10:00'));
  });

  it('an answered ticket keeps its first-response deadline; only the resolution moves', () => {
    const answered = ticket('2026-11-23T10:00', targets, { firstRespondedAt: at('2026-11-23T10:30') });
    const r = recomputedDeadlines(answered, paris, { firstResponseMinutes: 900, resolutionMinutes: 2250 }, ratio, at('2026-11-23T11:00'))!;
    expect(Object.keys(r.after).sort()).toEqual(['resolutionDueAt', 'resolutionWarnAt']);
    expect(r.changes.nextDueAt).toEqual(r.changes.resolutionDueAt);
  });

  it('a reopened ticket’s resolution counts from its reopening, its first response from its creation', () => {
    const reopened = ticket('2026-11-16T10:00', targets, { firstRespondedAt: at('2026-11-16T11:00'), reopenedAt: at('2026-11-23T15:00') });
    const r = recomputedDeadlines(reopened, paris, { firstResponseMinutes: 450, resolutionMinutes: 450 }, ratio, at('2026-11-23T16:00'))!;
    expect(r.changes.resolutionDueAt).toEqual(paris.addBusinessMinutes(at('2026-11-23T15:00'), 450));
    expect(r.changes.resolutionWarnAt).toEqual(paris.addBusinessMinutes(at('2026-11-23T15:00'), 360));
    expect(r.changes).not.toHaveProperty('firstResponseDueAt');
  });

  it('a breach recorded for a deadline now moved later and not yet reached is cleared (the watch signals it again if the new one passes)', () => {
    const late = ticket('2026-11-20T10:00', targets, { firstResponseWarnedAt: at('2026-11-20T16:30'), firstResponseBreachedAt: at('2026-11-23T10:00') });
    const r = recomputedDeadlines(late, paris, { firstResponseMinutes: 1350, resolutionMinutes: 2250 }, ratio, at('2026-11-23T11:00'))!;
    expect(r.changes.firstResponseDueAt).toEqual(at('2026-11-25T10:00'));
    expect(r.changes.firstResponseBreachedAt).toBeNull();
    // The new warning time (80 % of 1350 min: Tuesday 14:30) is still ahead too.
    expect(r.changes.firstResponseWarnedAt).toBeNull();
    expect(r.changes.slaNextCheckAt).toEqual(r.changes.firstResponseWarnAt);
    expect(r.before.firstResponseBreachedAt).toBe(at('2026-11-23T10:00').toISOString());
    expect(r.after.firstResponseBreachedAt).toBeNull();
  });

  it('a breach whose new deadline has passed too stays recorded, and is not signalled twice', () => {
    const late = ticket('2026-11-16T10:00', targets, { firstResponseWarnedAt: at('2026-11-16T16:30'), firstResponseBreachedAt: at('2026-11-17T10:00') });
    const r = recomputedDeadlines(late, paris, { firstResponseMinutes: 900, resolutionMinutes: 1350 }, ratio, at('2026-11-23T11:00'))!;
    expect(r.changes.firstResponseDueAt).toEqual(at('2026-11-18T10:00'));
    expect(r.changes).not.toHaveProperty('firstResponseBreachedAt');
    expect(r.changes).not.toHaveProperty('firstResponseWarnedAt');
  });

  it('a deadline moved earlier into the past is left for the SLA watch to signal at once', () => {
    const r = recomputedDeadlines(ticket('2026-11-20T10:00'), paris, { firstResponseMinutes: 60, resolutionMinutes: 1350 }, ratio, at('2026-11-23T11:00'))!;
    expect(r.changes.firstResponseDueAt).toEqual(at('2026-11-20T11:00'));
    expect(r.changes.slaNextCheckAt!.getTime()).toBeLessThan(at('2026-11-23T11:00').getTime());
  });

  it('a resolved ticket (reopenable, not open) has nothing to recompute but what is still unmet', () => {
    const done = ticket('2026-11-23T10:00', targets, { firstRespondedAt: at('2026-11-23T10:30'), resolvedAt: at('2026-11-23T10:45') });
    expect(recomputedDeadlines(done, paris, { firstResponseMinutes: 900, resolutionMinutes: 2250 }, ratio, at('2026-11-23T11:00'))).toBeNull();
    expect(recomputedDeadlines({ ...done, firstRespondedAt: at('2026-11-23T10:30') }, paris, targets, ratio, at('2026-11-23T11:00'))).toBeNull();
    expect(NO_DEADLINE.getTime()).toBeGreaterThan(0);
  });
});

describe('the resolution clock’s pauses, under a recompute', () => {
  it('a finished pause adds its business minutes; a pause out of hours adds none', () => {
    const start = at('2026-11-23T10:00');
    const paused = [{ from: at('2026-11-23T11:00'), to: at('2026-11-23T12:00') }];
    expect(dueWithPauses(paris, start, 450, paused).dueAt).toEqual(at('2026-11-24T11:00'));
    expect(dueWithPauses(paris, start, 450, [{ from: at('2026-11-23T19:00'), to: at('2026-11-23T20:00') }]).dueAt).toEqual(at('2026-11-24T10:00'));
  });

  it('a ticket paused now keeps the deadline it would have if resumed at its pause, with the minutes left then', () => {
    const start = at('2026-11-23T10:00');
    const r = dueWithPauses(paris, start, 450, [{ from: at('2026-11-23T11:00'), to: null }]);
    expect(r).toEqual({ dueAt: paris.addBusinessMinutes(at('2026-11-23T11:00'), 390), minutesLeftAtPause: 390 });
    const t = ticket('2026-11-23T10:00', targets, { firstRespondedAt: at('2026-11-23T10:15'), slaPausedAt: at('2026-11-23T11:00'), resolutionMinutesLeft: 1290 });
    const moved = recomputedDeadlines(t, paris, { firstResponseMinutes: 450, resolutionMinutes: 900 }, ratio, at('2026-11-23T15:00'), [{ from: at('2026-11-23T11:00'), to: null }])!;
    expect(moved.changes.resolutionMinutesLeft).toBe(840);
    expect(moved.changes.resolutionDueAt).toEqual(paris.addBusinessMinutes(at('2026-11-23T11:00'), 840));
    // The same from the row alone, without the pause's event.
    expect(recomputedDeadlines(t, paris, { firstResponseMinutes: 450, resolutionMinutes: 900 }, ratio, at('2026-11-23T15:00'))!.changes).toEqual(moved.changes);
  });
});

describe('what an admin changed, for the audit trail', () => {
  it('lists each changed leaf by its path with before and after; arrays whole', () => {
    const before = { name: 'Sofimix', policy: sofimixPreset.policy };
    const after = { name: 'Sofimix FR', policy: { ...sofimixPreset.policy, sla: { ...sofimixPreset.policy.sla, resolutionMinutes: 900 }, acceptedCardTypes: ['visa' as const] } };
    expect(brandChanges(before, after)).toEqual([
      { path: 'name', before: 'Sofimix', after: 'Sofimix FR' },
      { path: 'policy.acceptedCardTypes', before: ['visa', 'mastercard'], after: ['visa'] },
      { path: 'policy.sla.resolutionMinutes', before: 1350, after: 900 },
    ]);
    expect(movesDeadlines(brandChanges(before, after))).toBe(true);
    expect(movesDeadlines(brandChanges(before, { ...after, policy: { ...after.policy, sla: sofimixPreset.policy.sla } }))).toBe(false);
    expect(brandChanges(before, before)).toEqual([]);
  });

  it('never writes a secret-looking value', () => {
    expect(brandChanges({ policy: { apiSecret: 'old' } }, { policy: { apiSecret: 'new' } })).toEqual([{ path: 'policy.apiSecret', before: '[secret]', after: '[secret]' }]);
  });
});

describe('properties', () => {
  const calendars = [paris, new BusinessCalendar(harmonyPreset.policy.calendar)];
  const instant = fc.integer({ min: Date.parse('2026-01-01T00:00:00Z'), max: Date.parse('2027-12-31T00:00:00Z') }).map((ms) => new Date(Math.floor(ms / 60_000) * 60_000));
  const targetsArb = fc.record({ firstResponseMinutes: fc.integer({ min: 1, max: 3000 }), resolutionMinutes: fc.integer({ min: 1, max: 9000 }), warningRatio: fc.double({ min: 0.05, max: 0.95, noNaN: true }) });

  it('a ticket whose deadlines intake computed under the same rules is left as it is', () => {
    fc.assert(
      fc.property(fc.constantFrom(...calendars), instant, targetsArb, (calendar, created, t) => {
        const policy = slaPolicySchema.parse(t);
        const d = slaDeadlines(calendar, policy, 'failed_payment', created, 'normal' as never);
        const ticket: RecomputableTicket = { ...freshSlaClock, ...d, createdAt: created, reopenedAt: null };
        return recomputedDeadlines(ticket, calendar, t, t.warningRatio, created) === null;
      }),
      { numRuns: 300, seed: 15 },
    );
  });

  it('recomputing twice is recomputing once', () => {
    fc.assert(
      fc.property(fc.constantFrom(...calendars), instant, targetsArb, targetsArb, (calendar, created, before, after) => {
        const d = slaDeadlines(calendar, slaPolicySchema.parse(before), 'failed_payment', created, 'normal' as never);
        const ticket: RecomputableTicket = { ...freshSlaClock, ...d, createdAt: created, reopenedAt: null };
        const now = new Date(created.getTime() + 3_600_000);
        const once = recomputedDeadlines(ticket, calendar, after, after.warningRatio, now);
        return recomputedDeadlines({ ...ticket, ...once?.changes }, calendar, after, after.warningRatio, now) === null;
      }),
      { numRuns: 200, seed: 15 },
    );
  });
});
