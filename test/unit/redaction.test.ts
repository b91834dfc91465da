import { luhnValid, redact, redactFields } from '../../domain/redaction';

describe('card-number redaction', () => {
  it.each([
    ['4242424242424242', '4242'],
    ['4242 4242 4242 4242', '4242'],
    ['4242-4242-4242-4242', '4242'],
    ['4242.4242.4242.4242', '4242'],
    ['5555 5555 5555 4444', '4444'], // MasterCard
    ['2223 0031 2200 3222', '3222'], // MasterCard 2-series
    ['3782 822463 10005', '0005'], // American Express, 15 digits in 4-6-5
    ['378282246310005', '0005'],
    ['3056 930902 5904', '5904'], // Diners, 14 digits in 4-6-4
    ['6011 1111 1111 1117', '1117'], // Discover
    ['4222222222222', '2222'], // 13-digit Visa
    ['6759 6498 2643 8453 011', '3011'], // 19 digits
  ])('masks %s keeping only the last four digits', (number, last4) => {
    const digits = number.replace(/\D/g, '');
    expect(luhnValid(digits)).toBe(true);
    const r = redact(`Ma carte : ${number}, merci`);
    expect(r.cardNumbers).toBe(1);
    expect(r.text).toBe(`Ma carte : •••• •••• •••• ${digits.slice(-4)}, merci`);
    expect(r.text).not.toContain(digits.slice(0, 6));
    expect(digits.slice(-4)).toBe(last4);
  });

  it('masks several numbers and keeps what surrounds them', () => {
    const r = redact('commande 12345 payée avec 4111 1111 1111 1111 puis 5555555555554444.');
    expect(r.text).toBe('commande 12345 payée avec •••• •••• •••• 1111 puis •••• •••• •••• 4444.');
    expect(r.cardNumbers).toBe(2);
  });

  it.each([
    ['an order number', 'Commande SFX-2026-000123 du 20/11'],
    ['a long numeric order number', 'commande n° 100004567'],
    ['a French mobile number', 'Appelez-moi au 06 12 34 56 78'],
    ['an international phone number', 'tél. +33 6 12 34 56 78 ou +1 (626) 738-2803'],
    ['two phone numbers in a row', '06 12 34 56 78 06 98 76 54 32'],
    ['an amount', 'débité de 1 234,56 € puis 59.90 EUR'],
    ['dates and times', 'le 2026-11-20 à 14:32, puis le 21.11.2026'],
    ['a 16-digit number failing Luhn', 'référence 4242 4242 4242 4241'],
    ['a 12-digit number', 'transaction 424242424242'],
    ['a 20-digit reference', 'réf. 12345678901234567890'],
  ])('leaves %s intact', (_what, text) => {
    const r = redact(text);
    expect(r.text).toBe(text);
    expect(r.cardNumbers).toBe(0);
  });

  it.each([
    ['CVV 123', 'CVV •••'],
    ['cvv2: 123', 'cvv2: •••'],
    ['CVC=1234', 'CVC=••••'],
    ['mon cryptogramme est 456', 'mon cryptogramme est •••'],
    ['cryptogramme visuel : 456', 'cryptogramme visuel : •••'],
    ['code de sécurité : 789', 'code de sécurité : •••'],
    ['code securite 789', 'code securite •••'],
    ['security code is 321', 'security code is •••'],
  ])('removes a security code: %s', (text, expected) => {
    const r = redact(text);
    expect(r.text).toBe(expected);
    expect(r.securityCodes).toBe(1);
  });

  it('leaves three-digit numbers alone when no security-code word is near', () => {
    expect(redact('colis 123 reçu, 456 articles').text).toBe('colis 123 reçu, 456 articles');
  });

  it('redacts every string field of a body and reports what, without the numbers', () => {
    const { clean, redactions } = redactFields({
      description: 'carte 4242 4242 4242 4242 cvv 123',
      orderNumber: 'SFX-1',
      amount: 12.5,
    });
    expect(clean).toEqual({ description: 'carte •••• •••• •••• 4242 cvv •••', orderNumber: 'SFX-1', amount: 12.5 });
    expect(redactions).toEqual([{ field: 'description', cardNumbers: 1, securityCodes: 1 }]);
    expect(JSON.stringify(redactions)).not.toContain('4242');
  });
});
