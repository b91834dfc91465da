import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { TimelineEntry } from '../../api';
import { formatDay, formatMoney, formatShort } from '../../format';

/** The line under an event's name: who, what changed, which target. */
function eventDetail(e: TimelineEntry, t: TFunction, lang: string): string | null {
  const d = e.data ?? {};
  switch (e.type) {
    case 'assigned':
      return d.assigneeName ? t('ticket:eventDetails.assignedTo', { name: d.assigneeName }) : null;
    case 'status_changed':
      return d.from && d.to ? t('ticket:eventDetails.statusFromTo', { from: d.from, to: d.to }) : null;
    case 'possible_duplicate':
      return d.reference ? t('ticket:eventDetails.duplicateOf', { reference: d.reference }) : null;
    case 'sla_warning':
    case 'sla_breached':
      return d.target ? t([`ticket:eventDetails.target.${d.target}`, 'ticket:events.other']) : null;
    case 'redacted':
      return Array.isArray(d.fields) && d.fields.length
        ? t('ticket:eventDetails.redactedFields', { fields: d.fields.map((f: { field?: string }) => t([`ticket:facts.${f.field}`, `report:fields.${f.field}`, 'ticket:events.other'])).join(', ') })
        : null;
    case 'payment_facts_corrected':
      return Array.isArray(d.changes) && d.changes.length
        ? t('ticket:eventDetails.correctedFields', { fields: d.changes.map((c: { field?: string }) => t([`ticket:facts.${c.field}`, `ticket:facts.${String(c.field).replace(/Cents$/, '')}`, 'ticket:events.other'])).join(', ') })
        : null;
    case 'reminder_sent':
      return d.reminder ? t('ticket:eventDetails.reminder', { n: d.reminder }) : null;
    case 'payment_checked':
      return d.verdict ? t([`ticket:verdicts.${d.verdict}`, 'ticket:events.other']) : null;
    case 'refund_issued': {
      if (typeof d.amountCents !== 'number') return null;
      const amount = formatMoney(d.amountCents, String(d.currency ?? 'EUR'), lang);
      return d.provider === 'manual' ? t('ticket:eventDetails.refundManual', { amount, reference: d.arn ?? '—' }) : t('ticket:eventDetails.refund', { amount });
    }
    case 'money_traced': {
      const amount = typeof d.amountCents === 'number' ? formatMoney(d.amountCents, String(d.currency ?? 'EUR'), lang) : '—';
      const date = typeof d.refundedAt === 'string' ? formatDay(d.refundedAt, lang) : '—';
      return t(d.arn ? 'ticket:eventDetails.moneyTraced' : 'ticket:eventDetails.moneyTracedNoArn', { amount, date, arn: d.arn });
    }
    case 'money_not_back':
      return t('ticket:eventDetails.moneyNotBack', {
        date: typeof d.expectedBy === 'string' ? formatDay(d.expectedBy, lang) : '—',
        verdict: t([`ticket:verdicts.${d.verdict}`, 'ticket:events.other']),
      });
    case 'reopened':
      if (d.reason === 'money_not_back') return t('ticket:eventDetails.reopenedMoneyNotBack');
      return e.actor === 'system' ? t('ticket:eventDetails.bySystem') : null;
    case 'email_sent':
      return d.subject ? String(d.subject) : null;
    default:
      return null;
  }
}

/** The ticket's whole timeline, newest first: public lines and internal ones told apart. */
export function Timeline({ events }: { events: TimelineEntry[] }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as 'fr' | 'en';
  return (
  <section className="card">
    <h2>{t('ticket:timeline')}</h2>
    <ol className="timeline" data-testid="timeline">
      {[...events].reverse().map((e) => (
        <li key={e.id} className={e.isPublic ? 'public' : 'internal'}>
          <time dateTime={e.at}>{formatShort(e.at, lang)}</time> <strong data-event={e.type}>{t([`ticket:events.${e.type}`, 'ticket:events.other'])}</strong>
          {eventDetail(e, t, lang) ? <span className="event-detail"> {eventDetail(e, t, lang)}</span> : null}
          {e.data.authorName ? <span> — {String(e.data.authorName)}</span> : null}
          {e.data.body ? <blockquote>{String(e.data.body)}</blockquote> : null}
          {e.data.message ? <blockquote>{String(e.data.message)}</blockquote> : null}
        </li>
      ))}
    </ol>
  </section>
  );
}
