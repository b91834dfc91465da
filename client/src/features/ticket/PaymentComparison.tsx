import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { AgentTicket } from '../../api';
import { cardName, formatMoney, formatShort } from '../../format';
import type { TransactionView } from '../../api';

type Match = 'same' | 'differs' | 'unknown';
interface Cell {
  text: string;
  match: Match;
  /** Said after the value when it differs (the gap between two times). */
  note?: string;
}
type Row = 'amount' | 'time' | 'cardBrand' | 'cardLast4' | 'orderNumber' | 'customerEmail';
const ROWS: Row[] = ['amount', 'time', 'cardBrand', 'cardLast4', 'orderNumber', 'customerEmail'];

/** A reported time this close to the transaction's is the same moment (clocks, typing the minute). */
const SAME_TIME_MS = 15 * 60_000;
const norm = (s: string | null | undefined) => (s ? s.trim().toLowerCase() : null);
const matchOf = (reported: string | null, found: string | null): Match => (reported == null || found == null ? 'unknown' : reported === found ? 'same' : 'differs');

function gapText(ms: number, lang: string): string {
  const minutes = Math.round(Math.abs(ms) / 60_000);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `${hours} h` : `${Math.round(hours / 24)} ${lang === 'en' ? 'd' : 'j'}`;
}

/** What the customer reported, field by field, as text. */
function reportedCells(ticket: AgentTicket, lang: string): Record<Row, string | null> {
  return {
    amount: ticket.amountCents == null ? null : formatMoney(ticket.amountCents, ticket.currency, lang),
    time: ticket.paymentTime ? formatShort(ticket.paymentTime, lang) : null,
    cardBrand: ticket.cardType ? cardName(ticket.cardType) : null,
    cardLast4: ticket.cardLast4,
    orderNumber: ticket.orderNumber,
    customerEmail: ticket.customerEmail,
  };
}

/** A transaction's cells, each compared with what the customer reported. */
function transactionCells(ticket: AgentTicket, tx: TransactionView, lang: string, t: TFunction): Record<Row, Cell> {
  const gap = ticket.paymentTime ? new Date(tx.at).getTime() - new Date(ticket.paymentTime).getTime() : null;
  const sameAmount = ticket.amountCents == null ? 'unknown' : ticket.amountCents === tx.amountCents && norm(ticket.currency) === norm(tx.currency) ? 'same' : 'differs';
  return {
    amount: { text: formatMoney(tx.amountCents, tx.currency, lang), match: sameAmount },
    time: {
      text: formatShort(tx.at, lang),
      match: gap == null ? 'unknown' : Math.abs(gap) <= SAME_TIME_MS ? 'same' : 'differs',
      note: gap != null && Math.abs(gap) > SAME_TIME_MS ? t('ticket:check.gap', { gap: gapText(gap, lang) }) : undefined,
    },
    cardBrand: { text: tx.cardBrand ? cardName(tx.cardBrand) : '—', match: matchOf(norm(ticket.cardType), norm(tx.cardBrand)) },
    cardLast4: { text: tx.cardLast4 ? `•••• ${tx.cardLast4}` : '—', match: matchOf(ticket.cardLast4, tx.cardLast4) },
    orderNumber: { text: tx.orderReference ?? '—', match: matchOf(norm(ticket.orderNumber), norm(tx.orderReference)) },
    customerEmail: { text: tx.customerEmail ?? '—', match: matchOf(norm(ticket.customerEmail), norm(tx.customerEmail)) },
  };
}

/** What became of a transaction, in a few words. */
export function transactionState(tx: TransactionView, t: TFunction, lang: string): string {
  if (tx.kind === 'charge') {
    if (tx.status === 'failed') return t('ticket:check.states.failed');
    if (tx.captured === false) return t(tx.released ? 'ticket:check.states.released' : 'ticket:check.states.authorised');
    if (tx.status === 'succeeded') return tx.refundedCents > 0 ? t('ticket:check.states.partlyRefunded', { amount: formatMoney(tx.refundedCents, tx.currency, lang) }) : t('ticket:check.states.captured');
  }
  return t([`ticket:check.states.${tx.status}`, 'ticket:check.states.other'], { status: tx.status.replace(/_/g, ' ') });
}

/**
 * The charges the verdict rests on, each in its column beside what the customer reported,
 * row by row. A value that differs from the report is marked in words and with a sign, not
 * only in colour.
 */
export function PaymentComparison({ ticket, transactions }: { ticket: AgentTicket; transactions: TransactionView[] }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const reported = reportedCells(ticket, lang);
  const columns = transactions.map((tx) => ({ tx, cells: transactionCells(ticket, tx, lang, t) }));
  return (
    <>
      <h3 id="pc-compare">{t('ticket:check.compare')}</h3>
      {/* A region that scrolls sideways on a phone: focusable, so the keyboard scrolls it too. */}
      <div className="table-scroll" role="region" aria-labelledby="pc-compare" tabIndex={0}>
        <table className="comparison" aria-labelledby="pc-compare" data-testid="payment-comparison">
          <thead>
            <tr>
              <th scope="col">{t('ticket:check.field')}</th>
              <th scope="col">{t('ticket:check.reported')}</th>
              {columns.map(({ tx }) => (
                <th scope="col" key={tx.id} data-transaction={tx.id}>
                  <span className="tx-id">{tx.id}</span>
                  <span className="tx-state">{t(`ticket:check.kinds.${tx.kind}`)} {transactionState(tx, t, lang)}</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {ROWS.map((row) => (
              <tr key={row}>
                <th scope="row">{t(`ticket:check.rows.${row}`)}</th>
                <td className={reported[row] ? undefined : 'unknown'}>{reported[row] ?? t('ticket:facts.unknown')}</td>
                {columns.map(({ tx, cells }) => {
                  const cell = cells[row];
                  return (
                    <td key={tx.id} className={`match-${cell.match}`} data-row={row} data-match={cell.match}>
                      {cell.text}
                      {cell.match === 'differs' ? (
                        <>
                          {' '}<span className="mark" aria-hidden="true">≠</span>
                          <span className="visually-hidden"> ({t('ticket:check.differs')})</span>
                          {cell.note ? <span className="note"> {cell.note}</span> : null}
                        </>
                      ) : cell.match === 'same' ? (
                        <>
                          {' '}<span className="mark" aria-hidden="true">✓</span>
                          <span className="visually-hidden"> ({t('ticket:check.same')})</span>
                        </>
                      ) : null}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="hint">{t('ticket:check.legend')}</p>
    </>
  );
}
