import { useState } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { AgentTicket } from '../../api';
import { formatShort } from '../../format';
import type { Prefill } from './ActionsForm';

/** How long after the order the customer asked: "35 min", "5 h", "3 j 2 h". */
function elapsed(fromIso: string, toIso: string, t: TFunction): string {
  const minutes = Math.max(0, Math.round((new Date(toIso).getTime() - new Date(fromIso).getTime()) / 60_000));
  if (minutes < 60) return t('ticket:cancellation.minutes', { count: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return t('ticket:cancellation.hours', { count: hours });
  return t('ticket:cancellation.days', { days: Math.floor(hours / 24), hours: hours % 24 });
}

type Standing = 'within' | 'outside' | 'none' | 'unknown';

/**
 * A cancellation request's standing: whether the customer asked inside the shop's direct
 * cancellation window (from the order time they gave to when they asked), and the outcome it
 * implies, which one click puts into the resolve form (as the payment panel does); when the
 * order time is unknown, the click asks the customer for it instead.
 */
export function CancellationPanel({ ticket, open, onPrefill }: { ticket: AgentTicket; open: boolean; onPrefill: (prefill: Prefill) => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [said, setSaid] = useState('');
  const c = ticket.cancellation;
  if (!c) return null;

  const standing: Standing = c.windowHours <= 0 ? 'none' : c.withinWindow === null ? 'unknown' : c.withinWindow ? 'within' : 'outside';
  const values = {
    window: c.windowHours,
    ends: c.windowEndsAt ? formatShort(c.windowEndsAt, lang) : '—',
    elapsed: ticket.orderTime ? elapsed(ticket.orderTime, ticket.createdAt, t) : '—',
  };
  const prefill = (p: Prefill) => {
    onPrefill(p);
    setSaid(t('ticket:check.prefilled'));
  };

  return (
    <section className="card cancellation" aria-labelledby="cancellation-title" data-testid="cancellation" data-standing={standing}>
      <h2 id="cancellation-title">{t('ticket:cancellation.title')}</h2>
      <p className={`standing standing-${standing}`}>{t(`ticket:cancellation.${standing}`, values)}</p>
      {open ? (
        <div className="row-actions">
          {c.suggestedOutcome ? (
            <button type="button" onClick={() => prefill({ tab: 'resolve', outcome: c.suggestedOutcome! })}>
              {t('ticket:cancellation.prefill', { outcome: t(`queue:outcomes.${c.suggestedOutcome}`) })}
            </button>
          ) : (
            <button type="button" onClick={() => prefill({ tab: 'request', items: ['orderTime'] })}>{t('ticket:cancellation.askOrderTime')}</button>
          )}
        </div>
      ) : null}
      <p className="status-line" role="status" aria-live="polite">{said}</p>
    </section>
  );
}
