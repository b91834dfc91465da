import { dateTime, money } from '../../domain/labels';

/** Instants in the reader's own time zone and language, as the e-mails write them: "lundi 23 novembre à 17:00". */
export function formatDateTime(iso: string, language: string): string {
  return dateTime(iso, language === 'en' ? 'en' : 'fr');
}

/** A day without its time, as the suggested replies write it: "mardi 8 décembre 2026" (a refund due back by the end of that day). */
export function formatDay(iso: string, language: string): string {
  return new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : 'fr-FR', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(new Date(iso));
}

export function formatShort(iso: string, language: string): string {
  return new Intl.DateTimeFormat(language === 'fr' ? 'fr-FR' : 'en-GB', { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
}

/** Amounts as the e-mails write them (domain/labels.ts `money`): one formatter for server and client. */
export function formatMoney(cents: number | null, currency: string, language: string): string {
  return cents == null ? '—' : money(cents, currency, language === 'en' ? 'en' : 'fr');
}

/** "3 h 20" of business time; negative amounts are time overdue. */
export function formatBusinessMinutes(minutes: number): string {
  const m = Math.abs(minutes);
  const h = Math.floor(m / 60);
  const rest = m % 60;
  return h ? `${h} h ${String(rest).padStart(2, '0')}` : `${rest} min`;
}

/** A card type or brand as people write it ("visa", Stripe's "Visa" → "Visa"; "mastercard" → "MasterCard"). */
const CARD_NAMES: Record<string, string> = { visa: 'Visa', mastercard: 'MasterCard', amex: 'American Express', paypal: 'PayPal', klarna: 'Klarna', webmoney: 'WebMoney' };
export const cardName = (type: string) => CARD_NAMES[type.toLowerCase()] ?? type;

/** An amount as typed in a form ("59,90", "59.90", "1 059,90") in cents; null when it is not one. */
export function parseAmountInput(text: string): number | null {
  const s = text.replace(/[\s\u00a0\u202f]/g, '').replace(',', '.');
  return /^\d+(\.\d{1,2})?$/.test(s) ? Math.round(Number(s) * 100) : null;
}
/** Cents as a form shows them for editing: "59,90" in French, "59.90" in English. */
export const amountInput = (cents: number, language: string) => (cents / 100).toFixed(2).replace('.', language === 'en' ? '.' : ',');

/** An instant as a datetime-local input holds it, in the reader's zone ("2026-11-21T10:00"). */
export function localInput(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export const newIdempotencyKey = () => (crypto.randomUUID ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`);
