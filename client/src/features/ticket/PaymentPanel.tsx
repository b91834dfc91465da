import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { AgentTicket, PaymentCheckView } from '../../api';
import { say, type Problem } from '../../errors';
import { amountInput, formatMoney, formatShort, localInput } from '../../format';
import type { Prefill } from './ActionsForm';
import { PaymentComparison, transactionState } from './PaymentComparison';
import { RefundForm } from './RefundForm';
import { usePaymentCheck } from './use-payment-check';

interface Props {
  ticket: AgentTicket;
  /** Open tickets get the buttons that act (prefill, refund); a resolved one shows the check only. */
  open: boolean;
  /** Managers and admins can import an export from here when nothing matches. */
  canImport: boolean;
  onPrefill: (prefill: Prefill) => void;
  /** A refund went through: what to tell the agent (the ticket is then read again). */
  onRefunded: (notice: Problem) => void;
  /** The screen is behind (a refund was refused as stale): read the ticket again. */
  onStale: () => void;
}

/** The resolve form's suggestion from a check: the outcome, and for a refund its amount and date. */
function resolvePrefill(check: PaymentCheckView, ticket: AgentTicket, lang: string): Prefill | null {
  const outcome = check.suggestedOutcome;
  if (!outcome) return null;
  if (outcome !== 'refunded') return { tab: 'resolve', outcome };
  const refundTx = check.refundTransactionId ? check.transactions.find((t) => t.id === check.refundTransactionId) : check.transactions.filter((t) => t.kind === 'refund').at(-1);
  const cents = refundTx?.amountCents ?? check.refund?.refundableCents ?? ticket.amountCents;
  return {
    tab: 'resolve',
    outcome,
    refundAmount: cents == null ? undefined : amountInput(cents, lang),
    refundedAt: check.verdict === 'refund_issued' && check.refundedAt ? localInput(check.refundedAt) : undefined,
  };
}

/**
 * What the shop's payments say about this ticket: the verdict and how sure it is, its
 * explanation in the agent's language, the transactions beside the report, and what to do
 * about it (check again, prefill the resolution or the reply, refund).
 */
export function PaymentPanel({ ticket, open, canImport, onPrefill, onRefunded, onStale }: Props) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'fr';
  const { check, problem, checking, rechecked, load, recheck, refund } = usePaymentCheck(ticket.id);
  const [said, setSaid] = useState<string | null>(null);

  if (!check) {
    return (
      <section className="card payment-check" aria-labelledby="pc-title" data-testid="payment-panel">
        <h2 id="pc-title">{t('ticket:check.title')}</h2>
        {problem ? <p className="banner error-banner" role="alert">{say(t, problem)}</p> : <p aria-busy="true">{t('ticket:check.loading')}</p>}
      </section>
    );
  }

  const charges = check.transactions.filter((tx) => tx.kind === 'charge');
  const related = check.transactions.filter((tx) => tx.kind !== 'charge');
  const confidence = new Intl.NumberFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { style: 'percent' }).format(check.confidence);
  const prefillResolve = resolvePrefill(check, ticket, lang);
  const reply = check.suggestedReply?.[ticket.language];
  const refundTx = check.refund ? check.transactions.find((tx) => tx.id === check.refund!.transactionId) : undefined;
  const prefill = (p: Prefill) => {
    onPrefill(p);
    setSaid(t('ticket:check.prefilled'));
  };
  const status = checking ? t('ticket:check.checking') : said ?? (rechecked ? t(rechecked.recorded ? 'ticket:check.recorded' : 'ticket:check.unchanged') : '');

  return (
    <section className="card payment-check" aria-labelledby="pc-title" data-testid="payment-panel">
      <h2 id="pc-title">{t('ticket:check.title')}</h2>
      <p className="verdict-line">
        <span className={`verdict verdict-${check.verdict}`} data-testid="verdict" data-verdict={check.verdict}>{t(`ticket:verdicts.${check.verdict}`)}</span>{' '}
        {check.verdict !== 'no_match' ? <span className="confidence">{t('ticket:check.confidence', { value: confidence })}</span> : null}
      </p>
      <p data-testid="explanation">{check.explanation[lang]}</p>
      <p className="hint">
        {t('ticket:check.checkedAt', { when: formatShort(check.checkedAt, lang) })}
        {check.source ? ` · ${t(check.source.live ? 'ticket:check.live' : check.source.error ? 'ticket:check.liveFailed' : 'ticket:check.imported')}` : null}
      </p>
      {problem ? <p className="banner error-banner" role="alert">{say(t, problem)}</p> : null}

      {charges.length ? (
        <PaymentComparison ticket={ticket} transactions={charges} />
      ) : (
        <p className="empty">
          {t('ticket:check.noTransaction')}
          {canImport ? <> <Link to="/payments/import">{t('ticket:check.importHint')}</Link></> : null}
        </p>
      )}
      {related.length ? (
        <>
          <h3>{t('ticket:check.related')}</h3>
          <ul className="related" data-testid="payment-related">
            {related.map((tx) => (
              <li key={tx.id}>
                <strong>{t(`ticket:check.kinds.${tx.kind}`)}</strong> {transactionState(tx, t, lang)} · {formatMoney(tx.amountCents, tx.currency, lang)} · {formatShort(tx.at, lang)}
                {tx.arn ? ` · ${t('ticket:check.arn', { arn: tx.arn })}` : null}
                {tx.kind === 'dispute' && check.disputeDueBy ? ` · ${t('ticket:check.dueBy', { when: formatShort(check.disputeDueBy, lang) })}` : null}
                <span className="tx-id"> ({tx.id})</span>
              </li>
            ))}
          </ul>
        </>
      ) : null}

      <div className="row-actions">
        <button type="button" onClick={() => { setSaid(null); void recheck(); }} disabled={checking} aria-busy={checking || undefined}>
          {checking ? t('ticket:check.checking') : t('ticket:check.recheck')}
        </button>
        {open && prefillResolve ? <button type="button" onClick={() => prefill({ ...prefillResolve })}>{t('ticket:check.prefillResolve')}</button> : null}
        {open && reply ? <button type="button" onClick={() => prefill({ tab: 'reply', body: reply })}>{t('ticket:check.prefillReply', { language: ticket.language.toUpperCase() })}</button> : null}
      </div>
      {open && check.verdict === 'disputed' ? <p className="hint">{t('ticket:check.noReply')}</p> : null}
      {check.evidenceSummary ? <EvidenceSummary text={check.evidenceSummary[lang]} /> : null}
      <p className="status-line" role="status" aria-live="polite">{status}</p>

      {open && check.refund ? (
        <RefundForm
          key={`${check.refund.transactionId}:${check.refund.refundableCents}`}
          refund={check.refund}
          transaction={refundTx}
          currency={check.refund.currency}
          version={ticket.version}
          send={refund}
          onRefunded={(result) => {
            load();
            const amount = formatMoney(result.refund.amountCents, result.refund.currency, lang);
            onRefunded({ key: check.refund?.via === 'manual' ? 'ticket:refund.doneManual' : 'ticket:refund.done', values: { amount } });
          }}
          onStale={() => {
            load();
            onStale();
          }}
        />
      ) : null}
    </section>
  );
}

/** A chargeback's evidence, to copy into the provider's dispute form (selected for copying by hand when the clipboard is refused). */
function EvidenceSummary({ text }: { text: string }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState<boolean | null>(null);
  const area = useRef<HTMLTextAreaElement>(null);
  const copy = () =>
    (navigator.clipboard?.writeText(text) ?? Promise.reject(new Error('no clipboard'))).then(
      () => setCopied(true),
      () => {
        area.current?.select();
        setCopied(false);
      },
    );
  return (
    <details className="evidence-summary" data-testid="evidence-summary">
      <summary>{t('ticket:check.evidence')}</summary>
      <textarea ref={area} readOnly rows={Math.min(16, text.split('\n').length + 1)} value={text} aria-label={t('ticket:check.evidence')} onFocus={(e) => e.currentTarget.select()} />
      <button type="button" onClick={() => void copy()}>{t('ticket:check.copyEvidence')}</button>
      <span role="status" aria-live="polite">{copied === null ? '' : t(copied ? 'ticket:check.evidenceCopied' : 'ticket:check.evidenceCopyFailed')}</span>
    </details>
  );
}
