import { dateTime, money } from '../../domain/labels';

/** Instants in the reader's own time zone and language, as the e-mails write them: "lundi 23 novembre à 17:00". */
export function formatDateTime(iso: string, language: string): string {
  return dateTime(iso, language === 'en' ? 'en' : 'fr');
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

export const newIdempotencyKey = () => (crypto.randomUUID ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`);
