import { DateTime } from 'luxon';
import { defaultBrand } from '../../domain/brand-presets';
import { BusinessCalendar } from '../../domain/business-calendar';

const paris = new BusinessCalendar(defaultBrand.policy.calendar);
/** A Paris wall-clock time as an instant. */
const at = (local: string) => DateTime.fromISO(local, { zone: 'Europe/Paris' }).toJSDate();
/** An instant as Paris wall-clock time, for readable expectations. */
const local = (d: Date) => DateTime.fromJSDate(d, { zone: 'Europe/Paris' }).toFormat("yyyy-MM-dd'T'HH:mm");
const due = (start: string, minutes: number) => local(paris.addBusinessMinutes(at(start), minutes));

describe('business calendar (Europe/Paris, Mon–Fri 09:00–12:30 and 14:00–18:00)', () => {
  it('counts minutes inside a window', () => {
    expect(due('2026-11-23T10:00', 60)).toBe('2026-11-23T11:00');
  });

  it('has business days of 7 h 30 (3 h 30 in the morning, 4 h in the afternoon)', () => {
    expect(paris.minutesPerDay).toBe(450);
    expect(new BusinessCalendar({ ...defaultBrand.policy.calendar, windows: [{ start: '08:00', end: '20:00' }] }).minutesPerDay).toBe(720);
  });

  it('skips the lunch break', () => {
    expect(due('2026-11-23T12:00', 60)).toBe('2026-11-23T14:30');
    expect(due('2026-11-23T12:29', 2)).toBe('2026-11-23T14:01');
  });

  it('lets a deadline fall exactly on 12:30 and on 18:00, never on the next opening', () => {
    expect(due('2026-11-23T09:00', 210)).toBe('2026-11-23T12:30');
    expect(due('2026-11-23T14:00', 240)).toBe('2026-11-23T18:00');
    expect(due('2026-11-23T09:00', 450)).toBe('2026-11-23T18:00');
  });

  it('starts the clock at the next opening when a report arrives out of hours', () => {
    expect(due('2026-11-23T07:00', 30)).toBe('2026-11-23T09:30');
    expect(due('2026-11-23T13:00', 30)).toBe('2026-11-23T14:30');
    expect(due('2026-11-23T18:00', 30)).toBe('2026-11-24T09:30');
    expect(due('2026-11-23T21:45', 30)).toBe('2026-11-24T09:30');
    expect(local(paris.nextOpening(at('2026-11-23T12:30')))).toBe('2026-11-23T14:00');
    expect(local(paris.nextOpening(at('2026-11-23T10:15')))).toBe('2026-11-23T10:15');
  });

  it('skips weekends', () => {
    expect(due('2026-11-27T17:00', 120)).toBe('2026-11-30T10:00');
    expect(due('2026-11-28T11:00', 30)).toBe('2026-11-30T09:30');
    expect(due('2026-11-29T23:59', 450)).toBe('2026-11-30T18:00');
  });

  it('gives 1 and 3 business days for the default targets', () => {
    // Sunday evening report: Monday 18:00 and Wednesday 18:00.
    expect(due('2026-11-22T20:00', 450)).toBe('2026-11-23T18:00');
    expect(due('2026-11-22T20:00', 1350)).toBe('2026-11-25T18:00');
    // Friday 15:00: 3 hours on Friday, the rest on Monday.
    expect(due('2026-11-27T15:00', 450)).toBe('2026-11-30T15:00'); // 180 on Friday, 210 + 60 on Monday
  });

  it('returns the start itself for zero minutes and refuses negative ones', () => {
    expect(due('2026-11-28T11:00', 0)).toBe('2026-11-28T11:00');
    expect(() => paris.addBusinessMinutes(at('2026-11-23T10:00'), -1)).toThrow(RangeError);
  });

  const holidays2026 = [
    ['2026-01-01', "jour de l'an"],
    ['2026-04-06', 'lundi de Pâques'],
    ['2026-05-01', 'fête du travail'],
    ['2026-05-08', 'victoire 1945'],
    ['2026-05-14', 'Ascension'],
    ['2026-05-25', 'lundi de Pentecôte'],
    ['2026-07-14', 'fête nationale'],
    ['2026-08-15', 'Assomption'],
    ['2026-11-01', 'Toussaint'],
    ['2026-11-11', 'armistice'],
    ['2026-12-25', 'Noël'],
  ];
  it.each(holidays2026)('is closed on %s (%s)', (date) => {
    expect(paris.isOpenDay(DateTime.fromISO(date, { zone: 'Europe/Paris' }))).toBe(false);
  });

  it('moves moving feasts with Easter (2027)', () => {
    for (const date of ['2027-03-29', '2027-05-06', '2027-05-17']) {
      expect(paris.isOpenDay(DateTime.fromISO(date, { zone: 'Europe/Paris' }))).toBe(false);
    }
    expect(paris.isOpenDay(DateTime.fromISO('2026-03-30', { zone: 'Europe/Paris' }))).toBe(true);
  });

  it('carries deadlines over weekday holidays', () => {
    // Wednesday 11 November 2026 is Armistice day: Tuesday 17:00 + 2 h ends Thursday 10:00.
    expect(due('2026-11-10T17:00', 120)).toBe('2026-11-12T10:00');
    // Thursday 14 May (Ascension) then the weekend.
    expect(due('2026-05-13T17:30', 60)).toBe('2026-05-15T09:30');
    // Christmas Friday: Thursday 24 December 17:00 + 2 h ends Monday 28 at 10:00.
    expect(due('2026-12-24T17:00', 120)).toBe('2026-12-28T10:00');
    // Whit Monday and Easter Monday.
    expect(due('2026-05-22T18:00', 30)).toBe('2026-05-26T09:30');
    expect(due('2026-04-03T18:00', 30)).toBe('2026-04-07T09:30');
  });

  it('keeps wall-clock hours across the spring daylight-saving change (29 March 2026)', () => {
    expect(due('2026-03-27T17:00', 120)).toBe('2026-03-30T10:00');
    expect(paris.addBusinessMinutes(at('2026-03-27T17:00'), 120).toISOString()).toBe('2026-03-30T08:00:00.000Z');
    expect(paris.businessMinutesBetween(at('2026-03-27T09:00'), at('2026-03-30T18:00'))).toBe(900);
  });

  it('keeps wall-clock hours across the autumn daylight-saving change (25 October 2026)', () => {
    expect(due('2026-10-23T17:00', 120)).toBe('2026-10-26T10:00');
    expect(paris.addBusinessMinutes(at('2026-10-23T17:00'), 120).toISOString()).toBe('2026-10-26T09:00:00.000Z');
    expect(paris.businessMinutesBetween(at('2026-10-23T09:00'), at('2026-10-26T18:00'))).toBe(900);
  });

  it('measures business minutes between two instants', () => {
    expect(paris.businessMinutesBetween(at('2026-11-23T08:00'), at('2026-11-23T19:00'))).toBe(450);
    expect(paris.businessMinutesBetween(at('2026-11-23T12:00'), at('2026-11-23T14:30'))).toBe(60);
    expect(paris.businessMinutesBetween(at('2026-11-27T17:00'), at('2026-11-30T10:00'))).toBe(120);
    expect(paris.businessMinutesBetween(at('2026-11-30T10:00'), at('2026-11-27T17:00'))).toBe(-120);
  });

  it('is the inverse of addBusinessMinutes on random starts across a year', () => {
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 300; i++) {
      const start = new Date(Date.UTC(2026, 0, 1) + Math.floor(random() * 365 * 24 * 60) * 60_000);
      const minutes = Math.floor(random() * 2000);
      const end = paris.addBusinessMinutes(start, minutes);
      expect(paris.businessMinutesBetween(start, end)).toBe(minutes);
    }
  });

  it('measures months and years as it measures days: inverse of addBusinessMinutes, and additive across any cut', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 100; i++) {
      const start = new Date(Date.UTC(2025, 0, 1) + Math.floor(random() * 730 * 24 * 60) * 60_000);
      // Up to two years of business time: through blocks of days, holidays and both clock changes.
      const minutes = Math.floor(random() * 450 * 500);
      const end = paris.addBusinessMinutes(start, minutes);
      expect(paris.businessMinutesBetween(start, end)).toBe(minutes);
      const cut = new Date(start.getTime() + Math.floor(random() * (end.getTime() - start.getTime())));
      expect(paris.businessMinutesBetween(start, cut) + paris.businessMinutesBetween(cut, end)).toBe(minutes);
    }
    // A year of Paris business days: 2026 has 261 weekdays, 9 of them public holidays (Aug 15 and Nov 1 fall on a weekend).
    expect(paris.businessMinutesBetween(at('2026-01-01T00:00'), at('2027-01-01T00:00'))).toBe(252 * 450);
  });

  it('follows another brand calendar (seed 003: 10:00–15:00 Pacific time)', () => {
    const pacific = new BusinessCalendar({
      timeZone: 'America/Los_Angeles',
      openDays: [1, 2, 3, 4, 5],
      windows: [{ start: '10:00', end: '15:00' }],
      holidayCountry: 'US',
    });
    const start = DateTime.fromISO('2026-11-23T14:00', { zone: 'America/Los_Angeles' }).toJSDate();
    const end = DateTime.fromJSDate(pacific.addBusinessMinutes(start, 120), { zone: 'America/Los_Angeles' });
    expect(end.toFormat("yyyy-MM-dd'T'HH:mm")).toBe('2026-11-24T11:00');
    // Thanksgiving, Thursday 26 November 2026.
    expect(pacific.isOpenDay(DateTime.fromISO('2026-11-26', { zone: 'America/Los_Angeles' }))).toBe(false);
  });

  it('rejects calendars that make no sense', () => {
    expect(() => new BusinessCalendar({ timeZone: 'Mars/Olympus', openDays: [1], windows: [{ start: '09:00', end: '10:00' }] })).toThrow();
    expect(() => new BusinessCalendar({ timeZone: 'Europe/Paris', openDays: [1], windows: [{ start: '10:00', end: '09:00' }] })).toThrow();
    expect(() => new BusinessCalendar({ timeZone: 'Europe/Paris', openDays: [1], windows: [{ start: '09:00', end: '12:00' }, { start: '11:00', end: '13:00' }] })).toThrow();
  });
});
