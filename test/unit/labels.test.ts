import { dateTime, money } from '../../domain/labels';

describe('one way to write amounts and instants, for e-mails and pages', () => {
  it('writes an instant in the given zone, summer and winter time alike', () => {
    expect(dateTime(new Date('2026-11-24T09:00:00Z'), 'fr', 'Europe/Paris')).toBe('mardi 24 novembre à 10:00');
    expect(dateTime('2026-07-14T08:30:00Z', 'fr', 'Europe/Paris')).toBe('mardi 14 juillet à 10:30');
    expect(dateTime(new Date('2026-11-24T09:00:00Z'), 'en', 'Europe/Paris')).toBe('Tuesday 24 November at 10:00');
    expect(dateTime(new Date('2026-11-24T18:00:00Z'), 'en', 'America/Los_Angeles')).toBe('Tuesday 24 November at 10:00');
  });

  it('writes amounts in the currency, French with a comma', () => {
    expect(money(5990, 'EUR', 'fr')).toMatch(/^59,90\s€$/);
    expect(money(5990, 'EUR', 'en')).toBe('€59.90');
  });
});
