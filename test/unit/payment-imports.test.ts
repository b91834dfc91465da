import {
  fromPaypalActivityRow,
  fromStripeBalanceRow,
  fromStripePaymentsRow,
  headerName,
  missingColumns,
  parseAmount,
  parseLocalTime,
  parseUtc,
  type LineReading,
} from '../../domain/payment-imports';

const rowsOf = (reading: LineReading) => {
  if ('error' in reading) throw new Error(reading.error);
  return reading.rows;
};

describe('reading payment exports', () => {
  it('reads amounts with a dot or a French comma, thousands separated or not, refunds negative', () => {
    expect(parseAmount('59.90')).toBe(5990);
    expect(parseAmount('59,90')).toBe(5990);
    expect(parseAmount('1 059,90')).toBe(105990);
    expect(parseAmount('1\u202f059,90')).toBe(105990);
    expect(parseAmount('1,059.90')).toBe(105990);
    expect(parseAmount('-59,90')).toBe(-5990);
    expect(parseAmount('12')).toBe(1200);
    for (const bad of ['douze', '', '1.234', '5,9,0']) expect(parseAmount(bad)).toBeNull();
  });

  it('reads Stripe times as UTC, with or without seconds', () => {
    expect(parseUtc('2026-11-20 13:32:10')).toEqual(new Date('2026-11-20T13:32:10Z'));
    expect(parseUtc('2026-11-20 13:32')).toEqual(new Date('2026-11-20T13:32:00Z'));
    expect(parseUtc('2026-11-20T14:32:00+01:00')).toEqual(new Date('2026-11-20T13:32:00Z'));
    expect(parseUtc('hier')).toBeNull();
  });

  it('reads PayPal local times in their zone: IANA names with their DST, abbreviations as the offset they stand for', () => {
    // Paris leaves summer time on 25 October 2026: 10:00 is 08:00Z the day before, 09:00Z the day after.
    expect(parseLocalTime('24/10/2026', '10:00:00', 'Europe/Paris')).toEqual(new Date('2026-10-24T08:00:00Z'));
    expect(parseLocalTime('26/10/2026', '10:00:00', 'Europe/Paris')).toEqual(new Date('2026-10-26T09:00:00Z'));
    expect(parseLocalTime('20/11/2026', '14:32', 'CET')).toEqual(new Date('2026-11-20T13:32:00Z'));
    expect(parseLocalTime('20/07/2026', '14:32:00', 'CEST')).toEqual(new Date('2026-07-20T12:32:00Z'));
    expect(parseLocalTime('20/11/2026', '05:32:00', 'PST')).toEqual(new Date('2026-11-20T13:32:00Z'));
    expect(parseLocalTime('20/07/2026', '05:32:00', 'PDT')).toEqual(new Date('2026-07-20T12:32:00Z'));
    expect(parseLocalTime('20.11.2026', '14:32:00', 'GMT+01:00')).toEqual(new Date('2026-11-20T13:32:00Z'));
    expect(parseLocalTime('2026-11-20', '13:32:00', 'UTC')).toEqual(new Date('2026-11-20T13:32:00Z'));
    expect(parseLocalTime('20/11/2026', '14:32:00', 'Nowhere/Atlantis')).toBeNull();
    expect(parseLocalTime('31/02/2026', '14:32:00', 'Europe/Paris')).toBeNull();
    expect(parseLocalTime('20/11/2026', '', 'Europe/Paris')).toBeNull();
  });

  it('names the columns a file lacks for its format, under their current English names', () => {
    expect(missingColumns('stripe_payments', ['id', 'Amount', 'Currency', 'Created (UTC)'])).toEqual([]);
    expect(missingColumns('stripe_payments', ['Amount'])).toEqual(['id', 'Currency', 'Created date (UTC)']);
    expect(missingColumns('stripe_balance', ['created_utc', 'currency', 'gross', 'fee', 'net'])).toEqual(['source_id', 'reporting_category']);
    const french = ['Date', 'Heure', 'Fuseau horaire', 'Type', '\u00c9tat', 'Devise', 'Brut', 'Num\u00e9ro de transaction'];
    expect(missingColumns('paypal_activity', french)).toEqual([]);
    // A decomposed É and a typographic apostrophe are the same header.
    expect(missingColumns('paypal_activity', french.map((h) => h.normalize('NFD')))).toEqual([]);
    expect(headerName(' De l\u2019adresse email ')).toBe("De l'adresse email");
    expect(missingColumns('paypal_activity', ['Date', 'Gross'])).toEqual(['Time', 'TimeZone', 'Type', 'Status', 'Currency', 'Transaction ID']);
  });
});

describe("Stripe's Payments export", () => {
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
    const rows = rowsOf(out);
    expect(rows.map((r) => [r.kind, r.providerId, r.amountCents, r.chargeId])).toEqual([
      ['charge', 'ch_1', 5990, null],
      ['refund', 'ch_1:refund', 1000, 'ch_1'],
      ['dispute', 'ch_1:dispute', 5990, 'ch_1'],
    ]);
    expect(rows[0]).toMatchObject({ currency: 'EUR', captured: true, refundedCents: 1000, cardBrand: 'visa', customerEmail: 'marie@example.fr', orderReference: 'SFX-1 carte •••• •••• •••• 1111' });
    expect(rows[2]).toMatchObject({ status: 'needs_response', dueBy: new Date('2026-12-05T23:59:59Z') });
    // What the export does not carry is left to other sources (a webhook's ARN, a capture deadline).
    expect(rows.every((r) => !('arn' in r) && !('captureBefore' in r))).toBe(true);
    expect(JSON.stringify(out)).not.toContain('4111 1111');
  });

  it('reads a failed attempt with its decline code, and says what is wrong with a bad row', () => {
    const failed = fromStripePaymentsRow({ id: 'ch_f', 'Created (UTC)': '2026-11-20 13:32', Amount: '59.90', Currency: 'EUR', Status: 'Failed', 'Decline Reason': 'insufficient_funds', Captured: 'false' });
    expect(rowsOf(failed)[0]).toMatchObject({ status: 'failed', captured: false, declineCode: 'insufficient_funds' });
    expect(fromStripePaymentsRow({ id: 'ch_x', 'Created (UTC)': '2026-11-20 13:32', Amount: '59.90', Currency: 'euro' })).toEqual({ error: 'Currency "euro" is not a currency code' });
    expect(fromStripePaymentsRow({ Amount: '1' })).toEqual({ error: 'no id' });
  });
});

describe("Stripe's itemized balance change report", () => {
  const line = (cells: Record<string, string>) => ({
    balance_transaction_id: 'txn_1',
    created_utc: '2026-11-12 18:42:10',
    currency: 'eur',
    gross: '89.90',
    fee: '1.60',
    net: '88.30',
    reporting_category: 'charge',
    source_id: 'ch_A1',
    customer_email: 'Lea.Martin@example.fr',
    charge_id: 'ch_A1',
    charge_created_utc: '2026-11-12 18:42:10',
    card_brand: 'visa',
    'payment_metadata[order_id]': 'SFX-20417',
    ...cells,
  });

  it('a charge is the ledger row of its Stripe charge, at the customer-facing amount, dated when it was made', () => {
    const [charge] = rowsOf(fromStripeBalanceRow(line({ created_utc: '2026-11-12 18:45:00', customer_facing_amount: '100.00', customer_facing_currency: 'usd' })));
    expect(charge).toMatchObject({
      provider: 'stripe',
      providerId: 'ch_A1',
      kind: 'charge',
      status: 'succeeded',
      captured: true,
      amountCents: 10000,
      currency: 'USD',
      occurredAt: new Date('2026-11-12T18:42:10Z'),
      cardBrand: 'visa',
      customerEmail: 'lea.martin@example.fr',
      orderReference: 'SFX-20417',
      chargeId: null,
    });
    // The report has no last 4, fingerprint or refunded total: left undefined, so the Payments export's stay.
    for (const k of ['cardLast4', 'cardFingerprint', 'refundedCents', 'dueBy', 'arn']) expect(k in charge).toBe(false);
  });

  it('a refund and a dispute are their own Stripe objects, positive, attached to their charge; a reversal ends the dispute', () => {
    const [refund] = rowsOf(fromStripeBalanceRow(line({ reporting_category: 'refund', source_id: 're_R1', gross: '-32.40', created_utc: '2026-11-09 10:05:12' })));
    expect(refund).toMatchObject({ providerId: 're_R1', kind: 'refund', status: 'succeeded', amountCents: 3240, chargeId: 'ch_A1', occurredAt: new Date('2026-11-09T10:05:12Z'), captured: null });
    const [failedRefund] = rowsOf(fromStripeBalanceRow(line({ reporting_category: 'refund_failure', source_id: 're_R1', gross: '32,40' })));
    expect(failedRefund).toMatchObject({ providerId: 're_R1', kind: 'refund', status: 'failed', amountCents: 3240 });
    const [dispute] = rowsOf(fromStripeBalanceRow(line({ reporting_category: 'dispute', source_id: 'dp_D1', gross: '-149.00', dispute_reason: 'product_not_received' })));
    expect(dispute).toMatchObject({ providerId: 'dp_D1', kind: 'dispute', status: 'needs_response', amountCents: 14900, chargeId: 'ch_A1', declineCode: 'product_not_received' });
    const [won] = rowsOf(fromStripeBalanceRow(line({ reporting_category: 'dispute_reversal', source_id: 'dp_D1', gross: '149.00' })));
    expect(won).toMatchObject({ providerId: 'dp_D1', kind: 'dispute', status: 'won' });
  });

  it('skips what is no customer payment, says what is wrong with a bad row, and masks card numbers', () => {
    for (const category of ['fee', 'payout', 'transfer', 'partial_capture_reversal', 'other_adjustment']) {
      expect(fromStripeBalanceRow(line({ reporting_category: category, source_id: '' }))).toEqual({ rows: [] });
    }
    expect(fromStripeBalanceRow(line({ source_id: '' }))).toEqual({ error: 'no source_id' });
    expect(fromStripeBalanceRow(line({ source_id: 'charge 1' }))).toEqual({ error: 'source_id "charge 1" is not a Stripe id' });
    expect(fromStripeBalanceRow(line({ gross: 'douze' }))).toEqual({ error: 'gross "douze" is not an amount' });
    expect(fromStripeBalanceRow(line({ currency: 'euro' }))).toEqual({ error: 'currency "euro" is not a currency code' });
    expect(fromStripeBalanceRow(line({ created_utc: 'hier', charge_created_utc: '' }))).toEqual({ error: 'created_utc is missing or not a date' });
    expect(fromStripeBalanceRow(line({ reporting_category: '' }))).toEqual({ error: 'no reporting_category' });
    const masked = fromStripeBalanceRow(line({ 'payment_metadata[order_id]': 'SFX-1 4111 1111 1111 1111' }));
    expect(rowsOf(masked)[0].orderReference).toBe('SFX-1 •••• •••• •••• 1111');
  });
});

describe("PayPal's activity download", () => {
  const english = (cells: Record<string, string>) => ({
    Date: '20/11/2026',
    Time: '14:32:10',
    TimeZone: 'Europe/Paris',
    Name: 'Paul Girard',
    Type: 'Express Checkout Payment',
    Status: 'Completed',
    Currency: 'EUR',
    Gross: '74.90',
    Fee: '-2.52',
    Net: '72.38',
    'From Email Address': 'Paul.Girard@example.fr',
    'To Email Address': 'payments@shop.example',
    'Transaction ID': '9ST01234UV567890W',
    'Reference Txn ID': '',
    'Invoice Number': 'SFX-20470',
    ...cells,
  });
  const french = (cells: Record<string, string>) => ({
    Date: '20/11/2026',
    Heure: '14:32:10',
    'Fuseau horaire': 'Europe/Paris',
    Nom: 'Chloé Bernard',
    Type: 'Paiement Express Checkout',
    État: 'Terminé',
    Devise: 'EUR',
    Brut: '1 234,56',
    "De l'adresse email": 'chloe.bernard@example.fr',
    "À l'adresse email": 'paiements@shop.example',
    'Numéro de transaction': '3EF45678GH901234J',
    'Numéro de transaction de référence': '',
    'Numéro de facture': 'SFX-20378',
    ...cells,
  });

  it('a completed payment is a captured charge keyed by its Transaction ID, in English or in French', () => {
    expect(rowsOf(fromPaypalActivityRow(english({})))).toEqual([
      expect.objectContaining({
        provider: 'paypal',
        providerId: '9ST01234UV567890W',
        kind: 'charge',
        status: 'succeeded',
        captured: true,
        amountCents: 7490,
        currency: 'EUR',
        occurredAt: new Date('2026-11-20T13:32:10Z'),
        customerEmail: 'paul.girard@example.fr',
        orderReference: 'SFX-20470',
        cardBrand: null,
        cardLast4: null,
      }),
    ]);
    expect(rowsOf(fromPaypalActivityRow(french({})))[0]).toMatchObject({ providerId: '3EF45678GH901234J', kind: 'charge', status: 'succeeded', amountCents: 123456, customerEmail: 'chloe.bernard@example.fr', orderReference: 'SFX-20378' });
    expect(rowsOf(fromPaypalActivityRow(english({ Gross: '1,049.00', TimeZone: 'PST', Time: '05:32:10' })))[0]).toMatchObject({ amountCents: 104900, occurredAt: new Date('2026-11-20T13:32:10Z') });
  });

  it('a later download that rewrites the status (Pending, then Completed, then Refunded) rewrites the same row', () => {
    const pending = rowsOf(fromPaypalActivityRow(english({ Status: 'Pending' })))[0];
    const completed = rowsOf(fromPaypalActivityRow(english({ Status: 'Completed' })))[0];
    const refunded = rowsOf(fromPaypalActivityRow(english({ Status: 'Refunded' })))[0];
    expect([pending, completed, refunded].map((r) => [r.providerId, r.status, r.captured, r.refundedCents])).toEqual([
      ['9ST01234UV567890W', 'pending', false, 0],
      ['9ST01234UV567890W', 'succeeded', true, 0],
      ['9ST01234UV567890W', 'succeeded', true, 7490],
    ]);
    expect(rowsOf(fromPaypalActivityRow(french({ État: 'En attente' })))[0]).toMatchObject({ status: 'pending', captured: false });
    expect(rowsOf(fromPaypalActivityRow(french({ État: 'Refusé' })))[0]).toMatchObject({ status: 'failed', captured: false });
    expect(rowsOf(fromPaypalActivityRow(english({ Status: 'Denied' })))[0]).toMatchObject({ status: 'failed', captured: false });
  });

  it('a negative refund names its payment, the customer being who was paid back', () => {
    const refund = rowsOf(fromPaypalActivityRow(english({ Type: 'Refund', Gross: '-74.90', 'From Email Address': 'payments@shop.example', 'To Email Address': 'paul.girard@example.fr', 'Transaction ID': '7NP89012QR345678S', 'Reference Txn ID': '9ST01234UV567890W' })));
    expect(refund).toEqual([expect.objectContaining({ providerId: '7NP89012QR345678S', kind: 'refund', status: 'succeeded', amountCents: 7490, chargeId: '9ST01234UV567890W', customerEmail: 'paul.girard@example.fr' })]);
    const french_ = rowsOf(fromPaypalActivityRow(french({ Type: 'Remboursement de paiement', Brut: '-59,90', 'Numéro de transaction de référence': '3EF45678GH901234J', 'Numéro de transaction': '7NP89012QR345678S' })));
    expect(french_[0]).toMatchObject({ kind: 'refund', amountCents: 5990, chargeId: '3EF45678GH901234J' });
  });

  it('a chargeback and the reversal that ends it are one dispute on the payment; an authorisation is a hold until captured', () => {
    const chargeback = rowsOf(fromPaypalActivityRow(english({ Type: 'Chargeback', Gross: '-74.90', 'Transaction ID': '4CD56789EF012345G', 'Reference Txn ID': '9ST01234UV567890W' })))[0];
    const reversal = rowsOf(fromPaypalActivityRow(english({ Type: 'Chargeback Reversal', Gross: '74.90', 'Transaction ID': '5EF67890GH123456J', 'Reference Txn ID': '9ST01234UV567890W' })))[0];
    expect([chargeback, reversal].map((r) => [r.providerId, r.kind, r.status, r.chargeId, r.amountCents])).toEqual([
      ['9ST01234UV567890W:dispute', 'dispute', 'needs_response', '9ST01234UV567890W', 7490],
      ['9ST01234UV567890W:dispute', 'dispute', 'won', '9ST01234UV567890W', 7490],
    ]);
    expect(rowsOf(fromPaypalActivityRow(french({ Type: 'Rétrofacturation', Brut: '-99,00', 'Numéro de transaction de référence': '6LM78901NP234567Q' })))[0]).toMatchObject({ kind: 'dispute', status: 'needs_response', chargeId: '6LM78901NP234567Q' });
    expect(rowsOf(fromPaypalActivityRow(english({ Type: 'Payment Reversal', Gross: '-74.90', 'Reference Txn ID': '1AB' })))[0]).toMatchObject({ kind: 'dispute', status: 'needs_response' });
    expect(rowsOf(fromPaypalActivityRow(french({ Type: 'Autorisation générale', État: 'En attente' })))[0]).toMatchObject({ kind: 'charge', status: 'succeeded', captured: false, released: false });
    expect(rowsOf(fromPaypalActivityRow(english({ Type: 'General Authorization', Status: 'Voided' })))[0]).toMatchObject({ captured: false, released: true });
    expect(fromPaypalActivityRow(english({ Type: 'General Authorization', Status: 'Completed' }))).toEqual({ rows: [] });
  });

  it('skips, without an error, what is no customer payment', () => {
    const others: Array<Record<string, string>> = [
      { Type: 'General Currency Conversion', Gross: '-40.00' },
      { Type: 'General Currency Conversion', Gross: '46.20' },
      { Type: 'Bank Deposit to PP Account', Gross: '500.00' },
      { Type: 'General Withdrawal', Gross: '-600.00' },
      { Type: 'Chargeback Fee', Gross: '-15.00' },
      { Type: 'Payment Hold', Gross: '-74.90' },
      { Type: 'Payment Release', Gross: '74.90' },
      { Type: 'Hold on Balance for Dispute Investigation', Gross: '-74.90' },
      // The shop paying a supplier, and a supplier's refund to the shop.
      { Type: 'Website Payment', Gross: '-100.00' },
      { Type: 'Payment Refund', Gross: '12.00' },
    ];
    for (const cells of others) expect(fromPaypalActivityRow(english(cells))).toEqual({ rows: [] });
    for (const type of ['Conversion de devise générale', 'Virement standard', 'Frais de rétrofacturation']) expect(fromPaypalActivityRow(french({ Type: type, Brut: '-15,00' }))).toEqual({ rows: [] });
  });

  it('says what is wrong with a bad row', () => {
    expect(fromPaypalActivityRow(english({ 'Transaction ID': '' }))).toEqual({ error: 'no Transaction ID' });
    expect(fromPaypalActivityRow(english({ 'Transaction ID': 'not an id!' }))).toEqual({ error: 'Transaction ID "not an id!" is not a PayPal id' });
    expect(fromPaypalActivityRow(english({ Gross: 'douze' }))).toEqual({ error: 'Gross "douze" is not an amount' });
    expect(fromPaypalActivityRow(english({ Currency: 'euro' }))).toEqual({ error: 'Currency "euro" is not a currency code' });
    expect(fromPaypalActivityRow(english({ TimeZone: 'Mars/Olympus' }))).toEqual({ error: '"20/11/2026 14:32:10 Mars/Olympus" is not a date, time and time zone' });
    expect(fromPaypalActivityRow(english({ Status: 'Teleported' }))).toEqual({ error: 'Status "Teleported" is not a PayPal status' });
    expect(JSON.stringify(fromPaypalActivityRow(english({ 'Invoice Number': 'SFX-1 4111 1111 1111 1111' })))).not.toContain('4111 1111');
  });
});
