import { longDate } from './labels';
import type { AnomalyType } from './ticket.schemas';

/*
 * Payment verification (issue 13), the pure part: which of a shop's transactions a report is
 * about, and what happened to the money. No I/O: the ledger's rows come in, a verdict with
 * the transactions it rests on goes out. Storage, imports, webhooks and screens build on it.
 */

/** One transaction of a shop's payment ledger, whatever its source (Stripe, a CSV export, PayPal). */
export interface LedgerTransaction {
  /** The provider's own id (`ch_…`, `re_…`, `dp_…`, a PayPal transaction id). */
  id: string;
  kind: 'charge' | 'refund' | 'dispute';
  /**
   * charge: `succeeded` | `pending` | `failed`; refund: `pending` | `succeeded` | `failed` |
   * `canceled`; dispute: Stripe's statuses (`needs_response`, `under_review`, `won`, `lost`, …).
   */
  status: string;
  amountCents: number;
  currency: string;
  createdAt: Date;
  /** charge: captured (a succeeded charge not captured is an authorisation hold). */
  captured?: boolean;
  /** charge: the authorisation was cancelled or expired before capture. */
  released?: boolean;
  /** charge: when an uncaptured authorisation expires (Stripe `capture_before`). */
  captureBefore?: Date | null;
  /** charge: how much of it was refunded already. */
  refundedCents?: number;
  /** charge: the decline reason of a failed attempt (Stripe `failure_code` / `outcome.reason`). */
  declineCode?: string | null;
  cardBrand?: string | null;
  cardLast4?: string | null;
  cardFingerprint?: string | null;
  customerEmail?: string | null;
  /** The order it pays for (metadata or description), when the shop records one. */
  orderReference?: string | null;
  /** refund and dispute: the charge they belong to. */
  chargeId?: string | null;
  /** refund: the acquirer reference number the customer's bank can trace. */
  arn?: string | null;
  /** dispute: when the evidence is due. */
  dueBy?: Date | null;
}

/** What the customer reported, as the ticket holds it. */
export interface ReportedPayment {
  type: AnomalyType;
  amountCents: number | null;
  currency: string;
  paymentTime: Date | null;
  cardType: string | null;
  cardLast4: string | null;
  customerEmail: string;
  orderNumber: string | null;
}

export const verdicts = [
  'duplicate_capture',
  'authorization_hold',
  'orphan_capture',
  'failed_with_hold',
  'failed_no_charge',
  'refund_issued',
  'refund_pending',
  'refund_failed',
  'single_capture',
  'disputed',
  'no_match',
] as const;
export type Verdict = (typeof verdicts)[number];

/** What to tell a customer whose payment was declined (domain.md's table); fraud reasons are never revealed. */
export type DeclineGuidance = 'use_another_method' | 'check_expiry' | 'retry_with_correct_details' | 'contact_bank' | 'generic_decline' | 'retry_later' | 'complete_authentication';

export interface PaymentCheck {
  verdict: Verdict;
  /** 0 to 1: how sure the match is (1: amount, time, card, e-mail and order all agree). */
  confidence: number;
  /** The transactions the verdict rests on, best match first. */
  transactionIds: string[];
  suggestedOutcome: 'refunded' | 'hold_released' | 'no_anomaly_found' | null;
  /** duplicate_capture: the capture to refund (the later one). */
  refundTransactionId?: string;
  /** authorization_hold, failed_with_hold: when the hold drops off the customer's account. */
  holdDropsOffAt?: Date;
  /** refund_*: when the refund was made, and its trace reference. */
  refundedAt?: Date;
  arn?: string | null;
  /** disputed: when the shop's evidence is due. */
  disputeDueBy?: Date | null;
  /** failed_*: what to tell the customer. */
  declineGuidance?: DeclineGuidance;
}

/** Bank statements post days after the payment (domain.md): a transaction this far from the reported time can still be it. */
export const MATCH_WINDOW_MS = 3 * 86_400_000;
/** A cardholder-initiated Visa authorisation that is never captured drops off after 7 days (domain.md). */
export const HOLD_LIFETIME_MS = 7 * 86_400_000;

const norm = (s: string | null | undefined) => (s ? s.trim().toLowerCase() : null);

/**
 * How well a charge fits the report, from 0 (not it) to 1. The amount and currency must be
 * the reported ones and the time within MATCH_WINDOW_MS of the reported time; a card brand or
 * last 4 digits that differ rule it out; the card's last 4, the e-mail or the order number must
 * agree (at least one), and each that agrees adds.
 */
export function matchScore(report: ReportedPayment, charge: LedgerTransaction): number {
  if (charge.kind !== 'charge' || charge.currency.toUpperCase() !== report.currency.toUpperCase()) return 0;
  if (report.amountCents != null && charge.amountCents !== report.amountCents) return 0;
  if (report.cardLast4 && charge.cardLast4 && report.cardLast4 !== charge.cardLast4) return 0;
  if (report.cardType && charge.cardBrand && norm(report.cardType) !== norm(charge.cardBrand)) return 0;
  // Amount and time alone fit strangers' payments of a common amount (19.90 is paid thousands of
  // times a week): one fact that is the customer's own must agree too.
  const sameCard = !!report.cardLast4 && report.cardLast4 === charge.cardLast4;
  const sameEmail = !!norm(charge.customerEmail) && norm(charge.customerEmail) === norm(report.customerEmail);
  const sameOrder = !!norm(charge.orderReference) && norm(charge.orderReference) === norm(report.orderNumber);
  if (!sameCard && !sameEmail && !sameOrder) return 0;
  let score = report.amountCents != null ? 0.35 : 0.1;
  if (report.paymentTime) {
    const gap = Math.abs(charge.createdAt.getTime() - report.paymentTime.getTime());
    if (gap > MATCH_WINDOW_MS) return 0;
    score += 0.2 * (1 - gap / MATCH_WINDOW_MS);
  }
  if (sameCard) score += 0.15;
  if (report.cardType && charge.cardBrand) score += 0.05;
  if (sameEmail) score += 0.1;
  if (sameOrder) score += 0.15;
  return Math.round(Math.min(score, 1) * 1000) / 1000;
}

/** When an uncaptured authorisation drops off: its `capture_before`, else HOLD_LIFETIME_MS after it was made. */
export function holdDropsOffAt(charge: LedgerTransaction): Date {
  return charge.captureBefore ?? new Date(charge.createdAt.getTime() + HOLD_LIFETIME_MS);
}

/** Whether a hold still weighs on the customer's account at `now` (at the drop-off instant itself, it has gone). */
export const holdActive = (charge: LedgerTransaction, now: Date) => !charge.released && now.getTime() < holdDropsOffAt(charge).getTime();

/** domain.md's decline table, from Stripe's decline codes. */
export function declineGuidance(code: string | null | undefined): DeclineGuidance {
  switch (code) {
    case 'insufficient_funds':
    case 'withdrawal_count_limit_exceeded':
    case 'card_velocity_exceeded':
      return 'use_another_method';
    case 'expired_card':
    case 'invalid_expiry_month':
    case 'invalid_expiry_year':
      return 'check_expiry';
    case 'incorrect_cvc':
    case 'invalid_cvc':
    case 'incorrect_number':
    case 'invalid_number':
      return 'retry_with_correct_details';
    case 'do_not_honor':
    case 'restricted_card':
    case 'card_not_supported':
    case 'transaction_not_allowed':
      return 'contact_bank';
    case 'processing_error':
    case 'issuer_not_available':
    case 'try_again_later':
      return 'retry_later';
    case 'authentication_required':
      return 'complete_authentication';
    default:
      // lost_card, stolen_card, fraudulent, pickup_card, merchant_blacklist, generic_decline, unknown…
      return 'generic_decline';
  }
}

const OPEN_DISPUTE = new Set(['warning_needs_response', 'warning_under_review', 'needs_response', 'under_review']);
/** A dispute the shop still has to answer (Stripe's statuses; `won`, `lost`, `warning_closed`… are over). */
export const isOpenDispute = (status: string) => OPEN_DISPUTE.has(status);
const byTime = (a: LedgerTransaction, b: LedgerTransaction) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * The verdict on a report from the shop's ledger at `now`: which charges it is about (every
 * charge that fits, see matchScore), what became of them (captures, holds, failures), and
 * what their refunds and disputes say. The order of the rows never changes the answer, and
 * neither does a transaction that does not fit the report.
 */
export function checkPayment(report: ReportedPayment, ledger: readonly LedgerTransaction[], now: Date): PaymentCheck {
  const scored = ledger
    .map((t) => ({ t, score: matchScore(report, t) }))
    .filter((c) => c.score > 0)
    .sort((a, b) => b.score - a.score || byTime(a.t, b.t));
  if (!scored.length) return { verdict: 'no_match', confidence: 0, transactionIds: [], suggestedOutcome: null };
  const charges = scored.map((c) => c.t);
  const ids = new Set(charges.map((c) => c.id));
  const related = ledger.filter((t) => t.kind !== 'charge' && t.chargeId && ids.has(t.chargeId)).sort(byTime);
  const refunds = related.filter((t) => t.kind === 'refund');
  const disputes = related.filter((t) => t.kind === 'dispute');
  const confidence = scored[0].score;
  const rest = (extra: LedgerTransaction[]) => [...scored.map((c) => c.t.id), ...extra.map((t) => t.id)];

  const open = disputes.filter((d) => isOpenDispute(d.status));
  if (open.length) {
    // One dispute may be in the ledger twice (an export's row and Stripe's own): the deadline is whichever says one, the earliest.
    const dueBy = open.map((d) => d.dueBy).filter((d): d is Date => d != null).sort((a, b) => a.getTime() - b.getTime())[0] ?? null;
    // Its refunds go with it: a refunded duplicate is the shop's best evidence.
    return { verdict: 'disputed', confidence, transactionIds: rest([...open, ...refunds]), suggestedOutcome: null, disputeDueBy: dueBy };
  }

  const captures = charges.filter((c) => c.status === 'succeeded' && c.captured !== false).sort(byTime);
  const holds = charges.filter((c) => c.status !== 'failed' && c.captured === false).sort(byTime);
  const failures = charges.filter((c) => c.status === 'failed').sort(byTime);
  // What a charge had refunded: its own count, or its refunds' (a balance report or PayPal gives only the refund rows).
  const refundedOf = (c: LedgerTransaction) =>
    Math.max(c.refundedCents ?? 0, refunds.filter((r) => r.chargeId === c.id && (r.status === 'succeeded' || r.status === 'pending')).reduce((sum, r) => sum + r.amountCents, 0));
  const unrefunded = captures.filter((c) => refundedOf(c) < c.amountCents);

  // Refunds speak first when the customer waits for one, when every capture was refunded, or
  // when only one capture is left of several (the duplicate was refunded already).
  if (refunds.length && (report.type === 'refund_not_received' || unrefunded.length < Math.min(captures.length, 2) || !captures.length)) {
    const last = refunds[refunds.length - 1];
    const verdict = last.status === 'succeeded' ? 'refund_issued' : last.status === 'pending' ? 'refund_pending' : 'refund_failed';
    return { verdict, confidence, transactionIds: rest(refunds), suggestedOutcome: verdict === 'refund_issued' ? 'refunded' : null, refundedAt: last.createdAt, arn: last.arn ?? null };
  }
  if (unrefunded.length >= 2) {
    return { verdict: 'duplicate_capture', confidence, transactionIds: rest([]), suggestedOutcome: 'refunded', refundTransactionId: unrefunded[unrefunded.length - 1].id };
  }
  if (failures.length && !captures.length) {
    const hold = holds.find((h) => holdActive(h, now));
    const base = { confidence, transactionIds: rest([]), suggestedOutcome: null, declineGuidance: declineGuidance(failures[failures.length - 1].declineCode) } as const;
    return hold ? { ...base, verdict: 'failed_with_hold', holdDropsOffAt: holdDropsOffAt(hold) } : { ...base, verdict: 'failed_no_charge' };
  }
  if (captures.length && holds.length) {
    const hold = holds[holds.length - 1];
    return { verdict: 'authorization_hold', confidence, transactionIds: rest([]), suggestedOutcome: 'hold_released', holdDropsOffAt: holdDropsOffAt(hold) };
  }
  if (report.type === 'debit_without_order' && captures.length && !captures.some((c) => norm(c.orderReference))) {
    return { verdict: 'orphan_capture', confidence, transactionIds: rest([]), suggestedOutcome: null };
  }
  if (captures.length) return { verdict: 'single_capture', confidence, transactionIds: rest([]), suggestedOutcome: 'no_anomaly_found' };
  if (holds.length) {
    const hold = holds[holds.length - 1];
    return { verdict: 'authorization_hold', confidence, transactionIds: rest([]), suggestedOutcome: 'hold_released', holdDropsOffAt: holdDropsOffAt(hold) };
  }
  return { verdict: 'no_match', confidence: 0, transactionIds: [], suggestedOutcome: null };
}

type Lang = 'fr' | 'en';
const day = (d: Date, lang: Lang) => longDate(d, lang);

const guidance: Record<DeclineGuidance, Record<Lang, string>> = {
  use_another_method: { fr: 'fonds insuffisants : proposer un autre moyen de paiement', en: 'insufficient funds: suggest another payment method' },
  check_expiry: { fr: 'carte expirée ou date d’expiration erronée : vérifier la date ou utiliser une autre carte', en: 'expired card or wrong expiry date: check the date or use another card' },
  retry_with_correct_details: { fr: 'numéro ou code de sécurité erroné : réessayer avec les bonnes coordonnées', en: 'wrong number or security code: try again with the correct details' },
  contact_bank: { fr: 'carte bloquée par la banque : le client doit contacter sa banque', en: 'card blocked by the issuer: the customer should contact their bank' },
  generic_decline: { fr: 'refus de la banque (motif à ne pas communiquer au client)', en: 'declined by the bank (a reason never to tell the customer)' },
  retry_later: { fr: 'incident de traitement : réessayer plus tard, contacter la banque si cela persiste', en: 'processing error: try again later, contact the bank if it persists' },
  complete_authentication: { fr: 'authentification 3-D Secure requise : terminer l’authentification et réessayer', en: '3-D Secure authentication required: complete it and try again' },
};

/** What an agent reads of a verdict, in their language: what happened, on what it rests, what to do. */
export function explainPaymentCheck(check: PaymentCheck, lang: Lang): string {
  const n = check.transactionIds.length;
  const fr = lang === 'fr';
  switch (check.verdict) {
    case 'duplicate_capture':
      return fr
        ? `${n} paiements encaissés pour la même commande, aucun remboursé : rembourser le second (${check.refundTransactionId}).`
        : `${n} captured payments for one order, none refunded: refund the second one (${check.refundTransactionId}).`;
    case 'authorization_hold':
      return fr
        ? `Un seul paiement encaissé ; l’autre ligne est une autorisation jamais encaissée, qui disparaît d’elle-même le ${day(check.holdDropsOffAt!, lang)}.`
        : `One captured payment; the other line is an authorisation never captured, which drops off by itself on ${day(check.holdDropsOffAt!, lang)}.`;
    case 'orphan_capture':
      return fr ? 'Un paiement encaissé sans commande : confirmer la commande ou rembourser.' : 'A captured payment with no order: confirm the order or refund.';
    case 'failed_with_hold':
      return fr
        ? `Paiement refusé (${guidance[check.declineGuidance!].fr}) ; une empreinte reste en attente jusqu’au ${day(check.holdDropsOffAt!, lang)}, sans débit.`
        : `Payment declined (${guidance[check.declineGuidance!].en}); a pending hold remains until ${day(check.holdDropsOffAt!, lang)}, with no debit.`;
    case 'failed_no_charge':
      return fr ? `Paiement refusé (${guidance[check.declineGuidance!].fr}) ; rien n’a été débité.` : `Payment declined (${guidance[check.declineGuidance!].en}); nothing was debited.`;
    case 'refund_issued':
      return fr
        ? `Remboursement effectué le ${day(check.refundedAt!, lang)}${check.arn ? ` (référence pour la banque : ${check.arn})` : ''}.`
        : `Refund made on ${day(check.refundedAt!, lang)}${check.arn ? ` (trace reference for the bank: ${check.arn})` : ''}.`;
    case 'refund_pending':
      return fr ? `Remboursement demandé le ${day(check.refundedAt!, lang)}, pas encore effectué.` : `Refund requested on ${day(check.refundedAt!, lang)}, not made yet.`;
    case 'refund_failed':
      return fr ? `Le remboursement du ${day(check.refundedAt!, lang)} a échoué : le refaire ou rembourser autrement.` : `The refund of ${day(check.refundedAt!, lang)} failed: make it again or refund another way.`;
    case 'single_capture':
      return fr ? 'Un seul paiement, encaissé normalement : aucune anomalie trouvée.' : 'A single payment, captured normally: no anomaly found.';
    case 'disputed':
      return fr
        ? `Contestation bancaire ouverte${check.disputeDueBy ? ` : preuves à fournir avant le ${day(check.disputeDueBy, lang)}` : ''}.`
        : `Chargeback open${check.disputeDueBy ? `: evidence due by ${day(check.disputeDueBy, lang)}` : ''}.`;
    case 'no_match':
      return fr
        ? 'Aucune transaction ne correspond : demander au client la ligne de son relevé, ou vérifier un autre moyen de paiement.'
        : 'No transaction matches: ask the customer for their statement line, or check another payment provider.';
  }
}
