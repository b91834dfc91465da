import { brandPolicySchema, defaultSenderName, type BrandPolicy } from './brand-policy';

/**
 * The four shops the seed pages describe, as policies an admin starts a brand from (issue 15).
 * What a page states is taken as it says it; what it leaves out is said next to the value.
 */
export interface BrandPreset {
  slug: string;
  name: string;
  /** The seed page the policy comes from. */
  source: string;
  policy: BrandPolicy;
}

/** Monday–Friday 09:00–12:30 and 14:00–18:00 CET, French public holidays closed (seeds 000, 001). */
const parisHours = {
  timeZone: 'Europe/Paris',
  openDays: [1, 2, 3, 4, 5],
  windows: [
    { start: '09:00', end: '12:30' },
    { start: '14:00', end: '18:00' },
  ],
  holidayCountry: 'FR',
};
/** 1 to 3 business days (seeds 000, 001): first response within one, resolution within three. */
const oneToThreeDays = { firstResponseMinutes: 450, resolutionMinutes: 1350, warningRatio: 0.8 };

const preset = (slug: string, name: string, source: string, policy: Record<string, unknown>): BrandPreset => ({
  slug,
  name,
  source,
  policy: brandPolicySchema.parse({ senderName: defaultSenderName(name), defaultLanguage: 'fr', ...policy }),
});

/**
 * Sofimix (seeds 000 and 001): Visa and MasterCard only, in euros; cancellation within 48 h of
 * validation; refunds on the card in 10–15 business days; commande@sofimix.com. The brand an
 * empty database starts with.
 */
export const sofimixPreset = preset('sofimix', 'Sofimix', '000_3cad254b5ab7620d, 001_a27c24ed66f96b58', {
  acceptedCardTypes: ['visa', 'mastercard'],
  currency: 'EUR',
  calendar: parisHours,
  sla: oneToThreeDays,
  cancellationWindowHours: 48,
  refundPostingDays: { min: 10, max: 15 },
  supportEmail: 'commande@sofimix.com',
  replyFrom: 'Service client Sofimix <commande@sofimix.com>',
});

/**
 * OFFTEK (seed 002): credit and debit cards; a refund 3–5 business days after the return is
 * received plus 2–3 for the bank (5–8); cancellation by e-mail to ventes@offtek.fr until the
 * order ships. The page states no hours nor a cancellation delay in hours: Paris hours and the
 * 48 h of the default shop until its admin says otherwise.
 */
export const offtekPreset = preset('offtek', 'OFFTEK', '002_c8e496704e4d2ce6', {
  acceptedCardTypes: ['visa', 'mastercard'],
  currency: 'EUR',
  calendar: parisHours,
  sla: oneToThreeDays,
  cancellationWindowHours: 48,
  refundPostingDays: { min: 5, max: 8 },
  supportEmail: 'ventes@offtek.fr',
  replyFrom: 'OFFTEK <ventes@offtek.fr>',
});

/**
 * Harmony (seed 003): Visa, MasterCard, PayPal and Webmoney; customer service by e-mail Monday
 * to Friday 10:00–15:00 Pacific time; cancellation within 12 h (standard shipping). Prices follow
 * the visitor's location: US dollars here. The page names no support address nor refund
 * delay: the address is on the reserved `.example` domain (RFC 2606), which no mail can ever
 * reach, so a shop created from this preset writes to nobody until its admin gives the real
 * one; the refund delay is the default shop's 10–15 days.
 */
export const harmonyPreset = preset('harmony', 'Harmony', '003_0a42d90602c9be84', {
  acceptedCardTypes: ['visa', 'mastercard', 'paypal', 'webmoney'],
  currency: 'USD',
  calendar: { timeZone: 'America/Los_Angeles', openDays: [1, 2, 3, 4, 5], windows: [{ start: '10:00', end: '15:00' }], holidayCountry: 'US' },
  sla: oneToThreeDays,
  cancellationWindowHours: 12,
  refundPostingDays: { min: 10, max: 15 },
  supportEmail: 'support@harmony.example',
  replyFrom: 'Harmony <support@harmony.example>',
});

/**
 * OM Digital Solutions (seed 004): Visa/Mastercard, PayPal, Klarna (in some countries); no
 * cancellation once the confirmation e-mail is sent; eshop.support@om-digitalsolutions.com. The
 * page states no hours nor refund delay: Paris hours, 10–15 days.
 */
export const omDigitalPreset = preset('om-digital', 'OM Digital Solutions', '004_d61209e3365cba0e', {
  acceptedCardTypes: ['visa', 'mastercard', 'paypal', 'klarna'],
  currency: 'EUR',
  calendar: parisHours,
  sla: oneToThreeDays,
  cancellationWindowHours: 0,
  refundPostingDays: { min: 10, max: 15 },
  supportEmail: 'eshop.support@om-digitalsolutions.com',
  replyFrom: 'OM Digital Solutions <eshop.support@om-digitalsolutions.com>',
});

export const brandPresets: readonly BrandPreset[] = [sofimixPreset, offtekPreset, harmonyPreset, omDigitalPreset];

/** The brand an empty database starts with: the Sofimix preset. */
export const defaultBrand = { slug: sofimixPreset.slug, name: sofimixPreset.name, policy: sofimixPreset.policy };
