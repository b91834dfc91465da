import { money } from '../../domain/labels';
import { checkPayment, verdicts, type DeclineGuidance, type LedgerTransaction, type PaymentCheck, type ReportedPayment } from '../../domain/payment-check';
import { suggestedReply, type ReplyFacts } from '../../domain/payment-replies';
import { redact } from '../../domain/redaction';

const paidAt = new Date('2026-11-20T13:32:00Z');
const now = new Date('2026-11-23T09:00:00Z');
const minutes = (m: number) => new Date(paidAt.getTime() + m * 60_000);
const langs = ['fr', 'en'] as const;

const report = (patch: Partial<ReportedPayment> = {}): ReportedPayment => ({
  type: 'double_charge',
  amountCents: 5990,
  currency: 'EUR',
  paymentTime: paidAt,
  cardType: 'visa',
  cardLast4: '4242',
  customerEmail: 'marie.curie@example.fr',
  orderNumber: 'SFX-10042',
  ...patch,
});
const charge = (id: string, patch: Partial<LedgerTransaction> = {}): LedgerTransaction => ({
  id,
  kind: 'charge',
  status: 'succeeded',
  captured: true,
  amountCents: 5990,
  currency: 'EUR',
  createdAt: paidAt,
  cardBrand: 'visa',
  cardLast4: '4242',
  customerEmail: 'marie.curie@example.fr',
  orderReference: 'SFX-10042',
  ...patch,
});
const refund = (id: string, chargeId: string, patch: Partial<LedgerTransaction> = {}): LedgerTransaction => ({ id, kind: 'refund', status: 'succeeded', amountCents: 5990, currency: 'EUR', createdAt: minutes(60 * 24), chargeId, ...patch });

/** The check and the facts a service has for it: the check's transactions as the API lists them. */
function scenario(ledger: LedgerTransaction[], patch: Partial<ReportedPayment> = {}): [PaymentCheck, ReplyFacts] {
  const check = checkPayment(report(patch), ledger, now);
  const byId = new Map(ledger.map((t) => [t.id, t]));
  const transactions = check.transactionIds.map((id) => byId.get(id)!).map((t) => ({ id: t.id, kind: t.kind, status: t.status, amountCents: t.amountCents, at: t.createdAt.toISOString(), captured: t.captured ?? null }));
  return [check, { currency: 'EUR', transactions, refundWindow: { min: 10, max: 15 }, timeZone: 'Europe/Paris' }];
}
const eur = (cents: number, lang: 'fr' | 'en') => money(cents, 'EUR', lang);

const duplicate = scenario([charge('ch_A1'), charge('ch_A2', { createdAt: minutes(1) })]);
const hold = scenario([charge('ch_1'), charge('ch_h', { captured: false, createdAt: minutes(2), captureBefore: new Date('2026-11-27T13:34:00Z') })]);
const holdOnly = scenario([charge('ch_h', { captured: false })]);
const orphan = scenario([charge('ch_1', { orderReference: null })], { type: 'debit_without_order', orderNumber: null });
const failedHold = scenario([charge('ch_f', { status: 'failed', captured: false, declineCode: 'insufficient_funds' }), charge('ch_h', { captured: false, createdAt: minutes(1) })], { type: 'failed_payment' });
const failedNoCharge = scenario([charge('ch_f', { status: 'failed', captured: false, declineCode: 'expired_card' })], { type: 'failed_payment' });
const stolen = scenario([charge('ch_f', { status: 'failed', captured: false, declineCode: 'stolen_card' })], { type: 'failed_payment' });
const refunded = scenario([charge('ch_1', { refundedCents: 5990 }), refund('re_1', 'ch_1', { arn: '74123456789012345678901' })], { type: 'refund_not_received' });
const refundedNoArn = scenario([charge('ch_1', { refundedCents: 5990 }), refund('re_1', 'ch_1')], { type: 'refund_not_received' });
const pending = scenario([charge('ch_1'), refund('re_1', 'ch_1', { status: 'pending', amountCents: 2000 })], { type: 'refund_not_received' });
const refundFailed = scenario([charge('ch_1'), refund('re_1', 'ch_1', { status: 'failed' })], { type: 'refund_not_received' });
const single = scenario([charge('ch_1')]);
const disputed = scenario([charge('ch_1'), { id: 'dp_1', kind: 'dispute', status: 'needs_response', amountCents: 5990, currency: 'EUR', createdAt: now, chargeId: 'ch_1', dueBy: new Date('2026-12-05T23:59:59Z') }]);
const noMatch = scenario([charge('ch_1', { amountCents: 100 })]);
const all = { duplicate, hold, holdOnly, orphan, failedHold, failedNoCharge, stolen, refunded, refundedNoArn, pending, refundFailed, single, disputed, noMatch };

describe('the reply an agent can send for each verdict', () => {
  it('the scenarios cover every verdict', () => {
    expect(new Set(Object.values(all).map(([check]) => check.verdict))).toEqual(new Set(verdicts));
  });

  it('a duplicate capture: the payment taken twice, the extra one refunded to the card, in the shop’s window', () => {
    expect(suggestedReply(duplicate[0], 'fr', duplicate[1])).toBe(
      `Après vérification auprès de l’établissement de paiement, votre paiement de ${eur(5990, 'fr')} a bien été encaissé deux fois. Nous vous remboursons le débit en trop, soit ${eur(5990, 'fr')}, sur la carte utilisée pour le paiement. Selon votre banque, il apparaît sur votre compte sous 10 à 15 jours ouvrés. Nous vous prions de nous excuser pour ce désagrément.`,
    );
    expect(suggestedReply(duplicate[0], 'en', duplicate[1])).toBe(
      `We have checked with the payment provider: your payment of ${eur(5990, 'en')} was indeed taken twice. We are refunding the extra debit, ${eur(5990, 'en')}, to the card used for the payment. Depending on your bank, it appears on your account within 10 to 15 business days. We apologise for the inconvenience.`,
    );
    const thrice = scenario([charge('ch_A1'), charge('ch_A2', { createdAt: minutes(1) }), charge('ch_A3', { createdAt: minutes(2) })]);
    expect(suggestedReply(thrice[0], 'fr', thrice[1])).toContain('encaissé 3 fois');
    expect(suggestedReply(thrice[0], 'en', thrice[1])).toContain('taken 3 times');
  });

  it('an authorisation hold: not a debit, and the date it drops off, in the shop’s zone', () => {
    expect(suggestedReply(hold[0], 'fr', hold[1])).toBe(
      `Après vérification auprès de l’établissement de paiement, un seul paiement de ${eur(5990, 'fr')} a été encaissé. Le second montant de ${eur(5990, 'fr')} visible sur votre compte n’est qu’une autorisation temporaire, jamais encaissée : ce n’est pas un débit, et votre banque la libère d’elle-même au plus tard le 27 novembre 2026. Vous n’avez rien à faire.`,
    );
    expect(suggestedReply(hold[0], 'en', hold[1])).toContain('is only a temporary authorisation, never captured: it is not a debit, and your bank releases it by itself by 27 November 2026 at the latest.');
    // A drop-off late in the evening UTC is the next day in Paris.
    const late = { ...hold[0], holdDropsOffAt: new Date('2026-11-27T23:30:00Z') };
    expect(suggestedReply(late, 'fr', hold[1])).toContain('au plus tard le 28 novembre 2026');
    expect(suggestedReply(late, 'fr', { ...hold[1], timeZone: undefined })).toContain('au plus tard le 27 novembre 2026');
    // With no capture at all, only the hold is spoken of.
    expect(suggestedReply(holdOnly[0], 'fr', holdOnly[1])).toMatch(/^Après vérification auprès de l’établissement de paiement, le montant de .+ visible sur votre compte n’est qu’une autorisation temporaire/);
    expect(suggestedReply(holdOnly[0], 'en', holdOnly[1])).not.toContain('only one payment');
  });

  it('a capture with no order: found, and either confirmed or refunded', () => {
    expect(suggestedReply(orphan[0], 'fr', orphan[1])).toBe(
      `Nous avons bien retrouvé votre paiement de ${eur(5990, 'fr')} du 20 novembre 2026 : il n’est rattaché à aucune commande. Nous vérifions ce qu’il en est et revenons vers vous : soit nous confirmons votre commande, soit nous vous remboursons ce montant sur la carte utilisée pour le paiement. Si vous ne souhaitez plus cette commande, dites-le-nous en répondant à ce message.`,
    );
    expect(suggestedReply(orphan[0], 'en', orphan[1])).toMatch(/^We have found your payment of .+ made on 20 November 2026: it is not linked to any order\./);
  });

  it('a declined payment: nothing debited, the hold’s date, the guidance of domain.md’s table, and do not retry', () => {
    const fr = suggestedReply(failedHold[0], 'fr', failedHold[1])!;
    expect(fr).toBe(
      `Votre tentative de paiement de ${eur(5990, 'fr')} du 20 novembre 2026 n’a pas abouti : rien n’a été débité de votre compte. Le montant en attente que vous voyez peut-être sur votre compte est une autorisation temporaire : votre banque la libère d’elle-même au plus tard le 27 novembre 2026. Votre banque n’a pas autorisé ce paiement : nous vous invitons à utiliser un autre moyen de paiement. Pour ne pas multiplier ces montants en attente, évitez de répéter les tentatives.`,
    );
    expect(suggestedReply(failedNoCharge[0], 'en', failedNoCharge[1])).toBe(
      `Your payment attempt of ${eur(5990, 'en')} made on 20 November 2026 did not go through: nothing was debited from your account. The card’s expiry date did not match: please check it, or use another card.`,
    );
  });

  it('a lost, stolen or fraud decline is a generic one: contact the bank or use another method, the reason never said', () => {
    for (const lang of langs) {
      const text = suggestedReply(stolen[0], lang, stolen[1])!;
      expect(text).not.toMatch(/vol|fraud|perdu|lost|stolen|opposition|suspect/i);
      expect(text).toMatch(lang === 'fr' ? /contacter.+ou à utiliser un autre moyen de paiement/ : /contact your bank, or use another payment method/);
    }
  });

  it('each kind of guidance says something of its own, in both languages', () => {
    const kinds: DeclineGuidance[] = ['use_another_method', 'check_expiry', 'retry_with_correct_details', 'contact_bank', 'generic_decline', 'retry_later', 'complete_authentication'];
    for (const lang of langs) {
      const texts = kinds.map((declineGuidance) => suggestedReply({ ...failedNoCharge[0], declineGuidance }, lang, failedNoCharge[1])!);
      expect(new Set(texts).size).toBe(kinds.length);
      for (const text of texts) expect(text).not.toMatch(/fraud|stolen|vol[ée]e?\b|perdue/i);
    }
  });

  it('a refund made: its amount and date, the shop’s window, and the trace reference for the bank when there is one', () => {
    expect(suggestedReply(refunded[0], 'fr', refunded[1])).toBe(
      `Nous vous avons remboursé ${eur(5990, 'fr')} le 21 novembre 2026, sur la carte utilisée pour le paiement. Selon votre banque, il apparaît sur votre compte sous 10 à 15 jours ouvrés. Si vous ne le voyez pas passé ce délai, donnez à votre banque la référence de ce remboursement (ARN) : 74123456789012345678901. Elle lui permet de le retrouver.`,
    );
    expect(suggestedReply(refunded[0], 'en', refunded[1])).toContain('give your bank this refund’s reference (ARN): 74123456789012345678901.');
    // Seed 002's window (3–5 business days, then 2–3 for the bank).
    expect(suggestedReply(refunded[0], 'en', { ...refunded[1], refundWindow: { min: 5, max: 8 } })).toContain('within 5 to 8 business days');
    expect(suggestedReply(refundedNoArn[0], 'fr', refundedNoArn[1])).toContain('répondez à ce message : nous ferons les démarches avec vous auprès de votre banque.');
    expect(suggestedReply(refundedNoArn[0], 'fr', refundedNoArn[1])).not.toContain('ARN');
  });

  it('a refund pending or failed: what is happening, and what the shop does next', () => {
    expect(suggestedReply(pending[0], 'fr', pending[1])).toMatch(new RegExp(`^Votre remboursement de ${eur(2000, 'fr')} a été demandé le 21 novembre 2026 et l’établissement de paiement est en train de le traiter\\.`));
    expect(suggestedReply(pending[0], 'en', pending[1])).toContain(`Your refund of ${eur(2000, 'en')} was requested on 21 November 2026`);
    expect(suggestedReply(refundFailed[0], 'fr', refundFailed[1])).toMatch(/^Le remboursement de .+ du 21 novembre 2026 n’a pas pu aboutir.+Nous faisons le nécessaire pour vous rembourser à nouveau/);
    expect(suggestedReply(refundFailed[0], 'en', refundFailed[1])).toContain('We are making it again');
  });

  it('a single capture: no anomaly, and the statement line asked for if they see another debit', () => {
    expect(suggestedReply(single[0], 'en', single[1])).toBe(
      `We have checked with the payment provider: we find a single payment of ${eur(5990, 'en')} made on 20 November 2026, captured normally: we found no anomaly on this payment. If your bank statement shows another debit, send us that line (its date, amount and label): we will check again.`,
    );
  });

  it('no match: asks for the statement line (date, amount, label)', () => {
    expect(suggestedReply(noMatch[0], 'fr', noMatch[1])).toMatch(/ligne de votre relevé bancaire.+sa date, son montant et son libellé/);
    expect(suggestedReply(noMatch[0], 'en', noMatch[1])).toMatch(/line of your bank statement.+its date, its amount and its label/);
  });

  it('an open dispute has no templated reply: the agent writes by hand', () => {
    for (const lang of langs) expect(suggestedReply(disputed[0], lang, disputed[1])).toBeNull();
  });

  it('never a card number, not even its last 4 digits; polite sentences in the customer’s language', () => {
    for (const [name, [check, facts]] of Object.entries(all)) {
      for (const lang of langs) {
        const text = suggestedReply(check, lang, facts);
        if (check.verdict === 'disputed') continue;
        expect([name, text && redact(text).text]).toEqual([name, text]);
        expect(text).not.toContain('4242');
        expect(text).toMatch(/^[A-Z].*\.$/s);
        if (lang === 'en') expect(text).not.toMatch(/\b(nous|votre|paiement)\b/);
        else expect(text).not.toMatch(/\b(your|payment|the)\b/);
      }
    }
  });

  it('without the transactions, still a sentence, only without amounts; another currency is written as such', () => {
    for (const [check] of Object.values(all)) {
      for (const lang of langs) {
        const text = suggestedReply(check, lang, { currency: 'EUR' });
        if (text === null) continue;
        expect(text).not.toMatch(/€|undefined|null|NaN/);
        expect(text).not.toMatch(/ {2}| [,.]/);
      }
    }
    expect(suggestedReply(single[0], 'en', { ...single[1], currency: 'USD' })).toContain('$59.90');
  });
});
