import { fromStripePaymentsRow, missingColumns, parseAmount, parseUtc } from '../../domain/payment-imports';

describe('reading payment exports', () => {
  it('reads amounts with a dot or a French comma, thousands separated or not', () => {
    expect(parseAmount('59.90')).toBe(5990);
    expect(parseAmount('59,90')).toBe(5990);
    expect(parseAmount('1 059,90')).toBe(105990);
    expect(parseAmount('1,059.90')).toBe(105990);
    expect(parseAmount('12')).toBe(1200);
    for (const bad of ['douze', '', '1.234', '5,9,0']) expect(parseAmount(bad)).toBeNull();
  });

  it('reads Stripe times as UTC, with or without seconds', () => {
    expect(parseUtc('2026-11-20 13:32:10')).toEqual(new Date('2026-11-20T13:32:10Z'));
    expect(parseUtc('2026-11-20 13:32')).toEqual(new Date('2026-11-20T13:32:00Z'));
    expect(parseUtc('2026-11-20T14:32:00+01:00')).toEqual(new Date('2026-11-20T13:32:00Z'));
    expect(parseUtc('hier')).toBeNull();
  });

  it('names the columns a file lacks, under their current or older Stripe names', () => {
    expect(missingColumns(['id', 'Amount', 'Currency', 'Created (UTC)'])).toEqual([]);
    expect(missingColumns(['Amount'])).toEqual(['id', 'Currency', 'Created date (UTC)']);
  });

  it('turns a row into the charge, its refund and its dispute, with no card number in any text', () => {
    const out = fromStripePaymentsRow({
      id: 'ch_1',
      'Created date (UTC)': '2026-11-20 13:32:10',
      Amount: '59,90',
      'Amount Refunded': '10,00',
      'Refunded date (UTC)': '2026-11-21 08:00',
      Currency: 'eur',
      Captured: 'true',
      Status: 'Partially refunded',
      'Card Brand': 'Visa',
      'Card Last4': '4242',
      'Customer Email': 'Marie@Example.fr',
      'order_id (metadata)': 'SFX-1 carte 4111 1111 1111 1111',
      'Dispute Status': 'Needs response',
      'Dispute Evidence Due (UTC)': '2026-12-05 23:59:59',
    });
    expect('rows' in out && out.rows.map((r) => [r.kind, r.providerId, r.amountCents, r.chargeId])).toEqual([
      ['charge', 'ch_1', 5990, null],
      ['refund', 'ch_1:refund', 1000, 'ch_1'],
      ['dispute', 'ch_1:dispute', 5990, 'ch_1'],
    ]);
    if (!('rows' in out)) throw new Error('not read');
    expect(out.rows[0]).toMatchObject({ currency: 'EUR', captured: true, refundedCents: 1000, cardBrand: 'visa', customerEmail: 'marie@example.fr', orderReference: 'SFX-1 carte •••• •••• •••• 1111' });
    expect(out.rows[2]).toMatchObject({ status: 'needs_response', dueBy: new Date('2026-12-05T23:59:59Z') });
    expect(JSON.stringify(out)).not.toContain('4111 1111');
  });

  it('reads a failed attempt with its decline code, and says what is wrong with a bad row', () => {
    const failed = fromStripePaymentsRow({ id: 'ch_f', 'Created (UTC)': '2026-11-20 13:32', Amount: '59.90', Currency: 'EUR', Status: 'Failed', 'Decline Reason': 'insufficient_funds', Captured: 'false' });
    expect('rows' in failed && failed.rows[0]).toMatchObject({ status: 'failed', captured: false, declineCode: 'insufficient_funds' });
    expect(fromStripePaymentsRow({ id: 'ch_x', 'Created (UTC)': '2026-11-20 13:32', Amount: '59.90', Currency: 'euro' })).toEqual({ error: 'Currency "euro" is not a currency code' });
    expect(fromStripePaymentsRow({ Amount: '1' })).toEqual({ error: 'no id' });
  });
});
