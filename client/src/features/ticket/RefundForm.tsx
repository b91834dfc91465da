import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { PaymentCheckView, TransactionView } from '../../api';
import { Field, describedBy } from '../../components/Layout';
import { apiProblem, say, type Problem } from '../../errors';
import { amountInput, cardName, formatMoney, newIdempotencyKey, parseAmountInput } from '../../format';
import type { RefundRequest, RefundResult } from './use-payment-check';

interface Props {
  refund: NonNullable<PaymentCheckView['refund']>;
  /** The transaction refunded (its card, its amount), when the check lists it. */
  transaction: TransactionView | undefined;
  currency: string;
  /** The ticket's version on screen: the refund goes against it, like every other action. */
  version: number;
  send: (body: RefundRequest, idempotencyKey: string) => Promise<RefundResult>;
  onRefunded: (result: RefundResult) => void;
  /** A refusal that means the screen is behind (a stale version, an unknown transaction): read the ticket and the check again. */
  onStale: () => void;
}

/**
 * Refund in one click, in two steps: the amount (prefilled with what is still refundable, or
 * the duplicate's amount; never more than refundable), then a confirmation that says what
 * happens. The confirmation sends once: the button is disabled while it is on its way, and a
 * retry of the same confirmation carries the same Idempotency-Key.
 */
export function RefundForm({ refund, transaction, currency, version, send, onRefunded, onStale }: Props) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const manual = refund.via === 'manual';
  const suggested = transaction ? Math.min(transaction.amountCents, refund.refundableCents) : refund.refundableCents;
  const [amount, setAmount] = useState(() => amountInput(suggested, lang));
  const [reference, setReference] = useState('');
  const [step, setStep] = useState<'edit' | 'confirm'>('edit');
  const [sending, setSending] = useState(false);
  const [problems, setProblems] = useState<{ amount?: Problem; reference?: Problem; form?: Problem }>({});
  const inFlight = useRef(false);
  /** The Idempotency-Key of the amount (and reference) confirmed: the same confirmation retried keeps it. */
  const key = useRef<{ what: string; key: string } | null>(null);
  const confirmButton = useRef<HTMLButtonElement>(null);
  const amountField = useRef<HTMLInputElement>(null);
  // Focus follows the step (to the confirmation, back to the amount), not the page's first render.
  const shownStep = useRef(step);
  useEffect(() => {
    if (shownStep.current !== step) (step === 'confirm' ? confirmButton.current : amountField.current)?.focus();
    shownStep.current = step;
  }, [step]);

  const refundable = formatMoney(refund.refundableCents, currency, lang);
  const cents = parseAmountInput(amount);
  const money = cents == null ? '' : formatMoney(cents, currency, lang);
  const card = transaction?.cardBrand && transaction.cardLast4 ? t('ticket:refund.card', { brand: cardName(transaction.cardBrand), last4: transaction.cardLast4 }) : t('ticket:refund.cardUnknown');

  const next = (e: FormEvent) => {
    e.preventDefault();
    const found: typeof problems = {};
    if (cents == null || cents <= 0) found.amount = { key: 'ticket:refund.errors.amount' };
    else if (cents > refund.refundableCents) found.amount = { key: 'ticket:refund.errors.tooMuch', values: { refundable } };
    if (manual && !reference.trim()) found.reference = { key: 'ticket:refund.errors.reference' };
    setProblems(found);
    if (Object.keys(found).length) return;
    const what = `${cents}|${reference.trim()}`;
    if (key.current?.what !== what) key.current = { what, key: newIdempotencyKey() };
    setStep('confirm');
  };

  const confirm = async () => {
    if (inFlight.current || cents == null || !key.current) return;
    inFlight.current = true;
    setSending(true);
    setProblems({});
    try {
      const result = await send({ version, transactionId: refund.transactionId, amountCents: cents, ...(manual ? { reference: reference.trim() } : {}) }, key.current.key);
      onRefunded(result);
    } catch (err) {
      const problem = apiProblem(err);
      setProblems({ form: problem });
      setStep('edit');
      const code = (err as { code?: string }).code;
      if (code === 'stale_write' || code === 'unknown_transaction' || code === 'refund_exceeds_refundable') onStale();
    } finally {
      inFlight.current = false;
      setSending(false);
    }
  };

  return (
    <section className="refund" aria-labelledby="refund-title" data-testid="refund-form">
      <h3 id="refund-title">{t(manual ? 'ticket:refund.titleManual' : 'ticket:refund.title')}</h3>
      <p className="hint">{t(manual ? 'ticket:refund.hintManual' : 'ticket:refund.hint', { transaction: refund.transactionId, refundable })}</p>
      {problems.form ? <p className="banner error-banner" role="alert">{say(t, problems.form)}</p> : null}
      {step === 'edit' ? (
        <form onSubmit={next} noValidate>
          <Field id="r-amount" label={t('ticket:refund.amount')} error={say(t, problems.amount)}>
            <input
              id="r-amount"
              ref={amountField}
              inputMode="decimal"
              required
              value={amount}
              aria-invalid={problems.amount ? true : undefined}
              aria-describedby={describedBy('r-amount', undefined, problems.amount)}
              onChange={(e) => setAmount(e.target.value)}
            />
          </Field>
          {manual ? (
            <Field id="r-reference" label={t('ticket:refund.reference')} hint={t('ticket:refund.referenceHint')} error={say(t, problems.reference)}>
              <input
                id="r-reference"
                required
                maxLength={128}
                value={reference}
                aria-invalid={problems.reference ? true : undefined}
                aria-describedby={describedBy('r-reference', true, problems.reference)}
                onChange={(e) => setReference(e.target.value)}
              />
            </Field>
          ) : null}
          <button type="submit">{t('ticket:refund.next')}</button>
        </form>
      ) : (
        <div className="confirm" role="group" aria-labelledby="refund-confirm">
          <p id="refund-confirm" className="confirm-text">
            {manual ? t('ticket:refund.confirmManual', { amount: money, reference: reference.trim() }) : t('ticket:refund.confirm', { amount: money, card })}
          </p>
          <div className="row-actions">
            <button type="button" ref={confirmButton} className="primary danger-primary" disabled={sending} aria-busy={sending || undefined} onClick={() => void confirm()}>
              {sending ? t('ticket:refund.sending') : manual ? t('ticket:refund.doItManual') : t('ticket:refund.doIt', { amount: money })}
            </button>
            <button type="button" disabled={sending} onClick={() => setStep('edit')}>{t('ticket:refund.cancel')}</button>
          </div>
        </div>
      )}
    </section>
  );
}
