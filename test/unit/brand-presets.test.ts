import { brandPolicySchema, parseBrandPolicy } from '../../domain/brand-policy';
import { defaultBrand } from '../../domain/brand-presets';
import { brandPresets, harmonyPreset, offtekPreset, omDigitalPreset, sofimixPreset } from '../../domain/brand-presets';
import { BusinessCalendar } from '../../domain/business-calendar';

describe('the four seed shops as presets', () => {
  it.each(brandPresets.map((p) => [p.name, p] as const))('%s parses with the brand policy schema, as stored and read back', (_name, preset) => {
    expect(brandPolicySchema.parse(preset.policy)).toEqual(preset.policy);
    expect(parseBrandPolicy(preset.name, JSON.parse(JSON.stringify(preset.policy)))).toEqual(preset.policy);
    expect(preset.slug).toMatch(/^[a-z0-9][a-z0-9-]{1,62}$/);
  });

  it('the default brand of an empty database is the Sofimix preset itself', () => {
    expect(defaultBrand).toEqual({ slug: 'sofimix', name: 'Sofimix', policy: sofimixPreset.policy });
  });

  it('Sofimix (000, 001): Visa and MasterCard in euros, Mon–Fri 9:00–12:30 and 14:00–18:00 CET, 48 h to cancel, refunds in 10–15 business days', () => {
    const p = sofimixPreset.policy;
    expect(p.acceptedCardTypes).toEqual(['visa', 'mastercard']);
    expect(p.currency).toBe('EUR');
    expect(p.calendar).toMatchObject({ timeZone: 'Europe/Paris', openDays: [1, 2, 3, 4, 5], windows: [{ start: '09:00', end: '12:30' }, { start: '14:00', end: '18:00' }], holidayCountry: 'FR' });
    expect(new BusinessCalendar(p.calendar).minutesPerDay).toBe(450);
    expect(p.sla).toMatchObject({ firstResponseMinutes: 450, resolutionMinutes: 3 * 450 });
    expect(p.cancellationWindowHours).toBe(48);
    expect(p.refundPostingDays).toEqual({ min: 10, max: 15 });
    expect(p.supportEmail).toBe('commande@sofimix.com');
    expect(p.defaultLanguage).toBe('fr');
  });

  it('OFFTEK (002): refunds 3–5 business days after the return plus 2–3 for the bank; cancellation through ventes@offtek.fr', () => {
    const p = offtekPreset.policy;
    expect(p.refundPostingDays).toEqual({ min: 3 + 2, max: 5 + 3 });
    expect(p.supportEmail).toBe('ventes@offtek.fr');
    expect(p.acceptedCardTypes).toEqual(['visa', 'mastercard']);
    expect(p.defaultLanguage).toBe('fr');
  });

  it('Harmony (003): Visa, MasterCard, PayPal, Webmoney; Mon–Fri 10:00–15:00 Pacific time; 12 h to cancel', () => {
    const p = harmonyPreset.policy;
    expect(p.acceptedCardTypes).toEqual(['visa', 'mastercard', 'paypal', 'webmoney']);
    expect(p.calendar).toMatchObject({ timeZone: 'America/Los_Angeles', openDays: [1, 2, 3, 4, 5], windows: [{ start: '10:00', end: '15:00' }] });
    const calendar = new BusinessCalendar(p.calendar);
    expect(calendar.minutesPerDay).toBe(300);
    // Monday 1 December 2026, 09:59 in Los Angeles (17:59 UTC): the service opens at 10:00 there.
    expect(calendar.nextOpening(new Date('2026-12-01T17:59:00Z')).toISOString()).toBe('2026-12-01T18:00:00.000Z');
    expect(p.cancellationWindowHours).toBe(12);
  });

  it('OM Digital Solutions (004): cards, PayPal and Klarna; no cancellation once confirmed; eshop.support@om-digitalsolutions.com', () => {
    const p = omDigitalPreset.policy;
    expect(p.acceptedCardTypes).toEqual(['visa', 'mastercard', 'paypal', 'klarna']);
    expect(p.cancellationWindowHours).toBe(0);
    expect(p.supportEmail).toBe('eshop.support@om-digitalsolutions.com');
  });

  it('every preset keeps the seeds’ promise: the clock keeps running while awaiting the customer, no host name taken', () => {
    for (const p of brandPresets) expect(p.policy).toMatchObject({ sla: { pauseWhileAwaitingCustomer: false }, hostNames: [] });
  });
});

describe('a shop’s host names', () => {
  const withHosts = (hostNames: unknown) => brandPolicySchema.safeParse({ ...sofimixPreset.policy, hostNames });
  it('takes lower-case host names, none by default', () => {
    expect(withHosts(['support.sofimix.com', 'sofimix.fr']).success).toBe(true);
    const { hostNames: _none, ...older } = sofimixPreset.policy;
    expect(brandPolicySchema.parse(older).hostNames).toEqual([]);
  });
  it.each([['with a port', 'support.sofimix.com:3000'], ['in capitals', 'Support.Sofimix.com'], ['with a scheme', 'https://sofimix.com'], ['empty', ''], ['with a trailing dash label', 'shop-.example']])('refuses one %s', (_what, host) => {
    expect(withHosts([host]).success).toBe(false);
  });
});
