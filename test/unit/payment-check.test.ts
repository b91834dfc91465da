import fc from 'fast-check';
import { checkPayment, declineGuidance, explainPaymentCheck, holdActive, holdDropsOffAt, HOLD_LIFETIME_MS, matchScore, MATCH_WINDOW_MS, type LedgerTransaction, type ReportedPayment } from '../../domain/payment-check';

const paidAt = new Date('2026-11-20T13:32:00Z');
const now = new Date('2026-11-23T09:00:00Z');
const minutes = (m: number) => new Date(paidAt.getTime() + m * 60_000);

const report = (patch: Partial<ReportedPayment> = {}): ReportedPayment => ({
  type: 'double_charge',
  amountCents: 5990,
  currency: 'EUR',
  paymentTime: paidAt,
  cardType: 'visa',
  cardLast4: '4242',
  customerEmail: 'Marie.Curie@example.fr',
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
  cardBrand: 'Visa',
  cardLast4: '4242',
  customerEmail: 'marie.curie@example.fr',
  orderReference: 'SFX-10042',
  ...patch,
});
const refund = (id: string, chargeId: string, patch: Partial<LedgerTransaction> = {}): LedgerTransaction => ({ id, kind: 'refund', status: 'succeeded', amountCents: 5990, currency: 'EUR', createdAt: minutes(60 * 24), chargeId, ...patch });

describe('matching a report to the ledger', () => {
  it('needs the amount and currency, a time within three days, and no contradicting card', () => {
    expect(matchScore(report(), charge('ch_1'))).toBe(1);
    expect(matchScore(report(), charge('ch_1', { amountCents: 5991 }))).toBe(0);
    expect(matchScore(report(), charge('ch_1', { currency: 'USD' }))).toBe(0);
    expect(matchScore(report(), charge('ch_1', { cardLast4: '1111' }))).toBe(0);
    expect(matchScore(report(), charge('ch_1', { cardBrand: 'MasterCard' }))).toBe(0);
    expect(matchScore(report(), charge('ch_1', { createdAt: new Date(paidAt.getTime() + MATCH_WINDOW_MS) }))).toBeGreaterThan(0);
    expect(matchScore(report(), charge('ch_1', { createdAt: new Date(paidAt.getTime() + MATCH_WINDOW_MS + 1) }))).toBe(0);
    // Fewer facts agreeing, less confidence.
    expect(matchScore(report(), charge('ch_1', { orderReference: null, customerEmail: null }))).toBeLessThan(matchScore(report(), charge('ch_2')));
  });
});

describe('the verdict', () => {
  it('never rests on strangers’ payments of the same amount: one of the customer’s own facts (card, e-mail, order) must agree', () => {
    const stranger = (id: string, m: number) => charge(id, { createdAt: minutes(m), cardLast4: String(1000 + m), customerEmail: `someone${m}@example.fr`, orderReference: `SFX-${m}` });
    const noCard = report({ cardLast4: null, cardType: null });
    expect(checkPayment(noCard, [stranger('ch_a', 1), stranger('ch_b', 2)], now)).toMatchObject({ verdict: 'no_match' });
    // Her own e-mail (a wallet payment with no card digits) is enough, and strangers stay out.
    expect(checkPayment(noCard, [stranger('ch_a', 1), charge('ch_mine', { cardLast4: null, orderReference: null })], now)).toMatchObject({ verdict: 'single_capture', transactionIds: ['ch_mine'] });
  });

  it('a duplicate whose refund is known only as a refund row (a balance report, PayPal) is refunded, not a duplicate', () => {
    const ledger = [charge('ch_1'), charge('ch_2', { createdAt: minutes(1) }), refund('re_2', 'ch_2')];
    expect(checkPayment(report(), ledger, now)).toMatchObject({ verdict: 'refund_issued', transactionIds: ['ch_1', 'ch_2', 're_2'] });
    // A refund that failed gives nothing back: the duplicate stands.
    expect(checkPayment(report(), [ledger[0], ledger[1], refund('re_2', 'ch_2', { status: 'failed' })], now)).toMatchObject({ verdict: 'duplicate_capture' });
  });

  it('a dispute in the ledger twice (an export’s row without the deadline, Stripe’s with it) keeps the deadline', () => {
    const dueBy = new Date('2026-12-02T23:59:59Z');
    const dispute = (id: string, patch: Partial<LedgerTransaction>): LedgerTransaction => ({ id, kind: 'dispute', status: 'needs_response', amountCents: 5990, currency: 'EUR', createdAt: minutes(60), chargeId: 'ch_1', ...patch });
    for (const ledger of [
      [charge('ch_1'), dispute('ch_1:dispute', { dueBy: null }), dispute('dp_1', { dueBy })],
      [charge('ch_1'), dispute('dp_1', { dueBy }), dispute('ch_1:dispute', { dueBy: null, createdAt: minutes(30) })],
    ]) {
      expect(checkPayment(report(), ledger, now)).toMatchObject({ verdict: 'disputed', disputeDueBy: dueBy });
    }
  });

  it('two captures for one order, neither refunded: a duplicate capture, refund the later one', () => {
    const check = checkPayment(report(), [charge('ch_2', { createdAt: minutes(1) }), charge('ch_1')], now);
    expect(check).toMatchObject({ verdict: 'duplicate_capture', suggestedOutcome: 'refunded', refundTransactionId: 'ch_2', confidence: 1 });
    expect(check.transactionIds.sort()).toEqual(['ch_1', 'ch_2']);
  });

  it('one capture and an authorisation never captured: a hold that drops off by itself (capture_before, else 7 days)', () => {
    const hold = charge('ch_h', { captured: false, createdAt: minutes(2) });
    expect(checkPayment(report(), [charge('ch_1'), hold], now)).toMatchObject({ verdict: 'authorization_hold', suggestedOutcome: 'hold_released', holdDropsOffAt: new Date(minutes(2).getTime() + HOLD_LIFETIME_MS) });
    const dated = { ...hold, captureBefore: new Date('2026-11-26T00:00:00Z') };
    expect(checkPayment(report(), [charge('ch_1'), dated], now).holdDropsOffAt).toEqual(new Date('2026-11-26T00:00:00Z'));
  });

  it('the hold-expiry boundary is exact: the hold weighs until the instant it drops off, not at it', () => {
    const hold = charge('ch_h', { captured: false });
    const drop = holdDropsOffAt(hold).getTime();
    expect(holdActive(hold, new Date(drop - 1))).toBe(true);
    expect(holdActive(hold, new Date(drop))).toBe(false);
    expect(holdActive({ ...hold, released: true }, new Date(drop - 1))).toBe(false);
  });

  it('a capture with no order behind it: confirm the order or refund, the agent chooses', () => {
    const r = report({ type: 'debit_without_order', orderNumber: null });
    expect(checkPayment(r, [charge('ch_1', { orderReference: null })], now)).toMatchObject({ verdict: 'orphan_capture', suggestedOutcome: null });
    expect(checkPayment(r, [charge('ch_1')], now)).toMatchObject({ verdict: 'single_capture' });
  });

  it('a failed attempt, with or without a pending hold, and what to tell the customer (never a fraud reason)', () => {
    const r = report({ type: 'failed_payment' });
    const failed = charge('ch_f', { status: 'failed', captured: false, declineCode: 'insufficient_funds' });
    expect(checkPayment(r, [failed], now)).toMatchObject({ verdict: 'failed_no_charge', declineGuidance: 'use_another_method' });
    const pending = charge('ch_p', { captured: false, createdAt: minutes(5) });
    expect(checkPayment(r, [failed, pending], now)).toMatchObject({ verdict: 'failed_with_hold', holdDropsOffAt: new Date(minutes(5).getTime() + HOLD_LIFETIME_MS) });
    // Seven days later the hold has gone: nothing is left on the account.
    expect(checkPayment(r, [failed, pending], new Date(minutes(5).getTime() + HOLD_LIFETIME_MS)).verdict).toBe('failed_no_charge');
    for (const code of ['stolen_card', 'lost_card', 'fraudulent', 'pickup_card']) expect(declineGuidance(code)).toBe('generic_decline');
    expect(declineGuidance('expired_card')).toBe('check_expiry');
    expect(declineGuidance('authentication_required')).toBe('complete_authentication');
  });

  it('a refund the customer waits for: issued (with its trace reference), pending or failed', () => {
    const r = report({ type: 'refund_not_received' });
    const paid = charge('ch_1', { refundedCents: 5990 });
    expect(checkPayment(r, [paid, refund('re_1', 'ch_1', { arn: '74987643209876543210987' })], now)).toMatchObject({ verdict: 'refund_issued', arn: '74987643209876543210987', suggestedOutcome: 'refunded' });
    expect(checkPayment(r, [paid, refund('re_1', 'ch_1', { status: 'pending' })], now).verdict).toBe('refund_pending');
    expect(checkPayment(r, [paid, refund('re_1', 'ch_1', { status: 'failed' })], now).verdict).toBe('refund_failed');
    // A duplicate whose extra capture was refunded already: the refund is the news.
    expect(checkPayment(report(), [charge('ch_1'), charge('ch_2', { createdAt: minutes(1), refundedCents: 5990 }), refund('re_2', 'ch_2')], now)).toMatchObject({ verdict: 'refund_issued', suggestedOutcome: 'refunded' });
    // One capture and no refund: just a payment.
    expect(checkPayment(report(), [charge('ch_1')], now)).toMatchObject({ verdict: 'single_capture', suggestedOutcome: 'no_anomaly_found' });
  });

  it('an open chargeback comes first, with its evidence deadline; nothing that fits is no match', () => {
    const dueBy = new Date('2026-12-05T23:59:59Z');
    expect(checkPayment(report(), [charge('ch_1'), { id: 'dp_1', kind: 'dispute', status: 'needs_response', amountCents: 5990, currency: 'EUR', createdAt: now, chargeId: 'ch_1', dueBy }], now)).toMatchObject({ verdict: 'disputed', disputeDueBy: dueBy });
    expect(checkPayment(report(), [charge('ch_1', { amountCents: 100 })], now)).toEqual({ verdict: 'no_match', confidence: 0, transactionIds: [], suggestedOutcome: null });
  });
});

describe('properties of the verdict', () => {
  const time = fc.integer({ min: -2 * 86_400_000, max: 2 * 86_400_000 }).map((ms) => new Date(paidAt.getTime() + ms));
  const related = fc.record({
    id: fc.stringMatching(/^ch_[a-z0-9]{6}$/),
    status: fc.constantFrom('succeeded', 'failed', 'pending'),
    captured: fc.boolean(),
    released: fc.boolean(),
    createdAt: time,
    refundedCents: fc.constantFrom(0, 5990),
    declineCode: fc.constantFrom(null, 'insufficient_funds', 'stolen_card'),
  }).map((p) => charge(p.id, p));
  /** A transaction that cannot be the reported payment: another amount, currency, card, or too far in time. */
  const unrelated = fc.oneof(
    fc.integer({ min: 1, max: 100_000 }).filter((a) => a !== 5990).map((amountCents) => ({ amountCents })),
    fc.constantFrom('USD', 'GBP').map((currency) => ({ currency })),
    fc.constantFrom('1111', '0005').map((cardLast4) => ({ cardLast4 })),
    fc.integer({ min: MATCH_WINDOW_MS + 1, max: 60 * 86_400_000 }).map((ms) => ({ createdAt: new Date(paidAt.getTime() + ms) })),
  ).chain((patch) => fc.stringMatching(/^xx_[a-z0-9]{6}$/).map((id) => charge(id, patch)));
  const ledger = fc.uniqueArray(related, { maxLength: 6, selector: (t) => t.id });
  const type = fc.constantFrom('double_charge', 'debit_without_order', 'failed_payment', 'refund_not_received', 'cancellation_request' as const);

  it('an unrelated transaction never changes it', () => {
    fc.assert(
      fc.property(type, ledger, fc.array(unrelated, { maxLength: 4 }), (t, rows, noise) => {
        expect(checkPayment(report({ type: t }), [...rows, ...noise], now)).toEqual(checkPayment(report({ type: t }), rows, now));
      }),
      { seed: 13, numRuns: 300 },
    );
  });

  it('the order of the rows never changes it', () => {
    fc.assert(
      fc.property(type, ledger.chain((rows) => fc.tuple(fc.constant(rows), fc.shuffledSubarray(rows, { minLength: rows.length, maxLength: rows.length }))), (t, [rows, shuffled]) => {
        expect(checkPayment(report({ type: t }), shuffled, now)).toEqual(checkPayment(report({ type: t }), rows, now));
      }),
      { seed: 13, numRuns: 300 },
    );
  });
});

describe('what an agent reads of a verdict', () => {
  it('says what happened and what to do, in French and in English, never a fraud reason', () => {
    const hold = checkPayment(report(), [charge('ch_1'), charge('ch_h', { captured: false, createdAt: minutes(2) })], now);
    expect(explainPaymentCheck(hold, 'fr')).toBe('Un seul paiement encaissé ; l’autre ligne est une autorisation jamais encaissée, qui disparaît d’elle-même le 27 novembre 2026.');
    expect(explainPaymentCheck(hold, 'en')).toBe('One captured payment; the other line is an authorisation never captured, which drops off by itself on 27 November 2026.');
    const stolen = checkPayment(report({ type: 'failed_payment' }), [charge('ch_f', { status: 'failed', captured: false, declineCode: 'stolen_card' })], now);
    expect(explainPaymentCheck(stolen, 'fr')).not.toMatch(/vol|fraude/i);
    expect(explainPaymentCheck(stolen, 'en')).not.toMatch(/stolen|fraud/i);
    for (const verdict of ['no_match', 'single_capture'] as const) {
      for (const lang of ['fr', 'en'] as const) expect(explainPaymentCheck({ verdict, confidence: 0, transactionIds: [], suggestedOutcome: null }, lang).length).toBeGreaterThan(20);
    }
  });
});
