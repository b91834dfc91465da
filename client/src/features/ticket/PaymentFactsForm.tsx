import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call, type AgentTicket } from '../../api';
import { apiProblems, say, type Problems } from '../../errors';

/** The payment facts an agent can complete or correct, as the API names them (POST /api/tickets/:id/payment-facts). */
const FIELDS = [
  ['orderNumber', 'text'],
  ['amount', 'text'],
  ['paymentTime', 'datetime-local'],
  ['cardLast4', 'text'],
] as const;
type Field = (typeof FIELDS)[number][0];

/**
 * Completes or corrects what the customer gave (the amount before a refund, a mistyped order
 * number): only the fields filled in are sent, against the version on screen; the server
 * applies the shop's rules and keeps the old values in the timeline.
 */
export function PaymentFactsForm({ ticket, onSaved }: { ticket: AgentTicket; onSaved: () => void }) {
  const { t } = useTranslation();
  const [values, setValues] = useState<Record<Field, string>>({ orderNumber: '', amount: '', paymentTime: '', cardLast4: '' });
  const [problems, setProblems] = useState<Problems>({});
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setProblems({});
    const given = Object.fromEntries(Object.entries(values).filter(([, v]) => v.trim() !== ''));
    try {
      await call('POST', `/api/tickets/${ticket.id}/payment-facts`, { body: { version: ticket.version, ...given } });
      setValues({ orderNumber: '', amount: '', paymentTime: '', cardLast4: '' });
      onSaved();
    } catch (err) {
      setProblems(apiProblems(err));
    }
  };
  return (
    <details className="correct-facts" data-testid="correct-facts">
      <summary>{t('ticket:correct.open')}</summary>
      <form onSubmit={submit} noValidate>
        <p className="hint">{t('ticket:correct.hint')}</p>
        {FIELDS.map(([field, type]) => (
          <label key={field}>
            {t(`ticket:facts.${field}`)}
            <input
              name={field}
              type={type}
              value={values[field]}
              inputMode={field === 'amount' || field === 'cardLast4' ? 'decimal' : undefined}
              aria-invalid={problems[field] ? true : undefined}
              onChange={(e) => setValues((v) => ({ ...v, [field]: e.target.value }))}
            />
            {problems[field] ? <span className="error" role="alert">{say(t, problems[field]!)}</span> : null}
          </label>
        ))}
        {Object.entries(problems)
          .filter(([field]) => !FIELDS.some(([f]) => f === field))
          .map(([field, problem]) => (problem ? <p key={field} className="banner error-banner" role="alert">{say(t, problem)}</p> : null))}
        <button type="submit">{t('ticket:correct.save')}</button>
      </form>
    </details>
  );
}
