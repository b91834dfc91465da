import { luhnValid, mayHoldCardNumber, redact, redactFields } from '../../domain/redaction';

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

  describe('whatever separates the digit groups', () => {
    it.each([
      ['no-break spaces (U+00A0)', '4111\u00a01111\u00a01111\u00a01111'],
      ['narrow no-break spaces (U+202F)', '4111\u202f1111\u202f1111\u202f1111'],
      ['thin spaces (U+2009)', '4111\u20091111\u20091111\u20091111'],
      ['ideographic spaces (U+3000)', '4111\u30001111\u30001111\u30001111'],
      ['figure spaces (U+2007)', '4111\u20071111\u20071111\u20071111'],
      ['zero-width spaces (U+200B)', '4111\u200b1111\u200b1111\u200b1111'],
      ['tabs', '4111\t1111\t1111\t1111'],
      ['newlines', '4111\n1111\n1111\n1111'],
      ['Windows line ends', '4111\r\n1111\r\n1111\r\n1111'],
      ['two spaces', '4111  1111  1111  1111'],
      ['a dash with spaces around', '4111 - 1111 - 1111 - 1111'],
      ['a dash with a space before', '4111 -1111 -1111 -1111'],
      ['slashes', '4111/1111/1111/1111'],
      ['slashes with spaces around', '4111 / 1111 / 1111 / 1111'],
      ['en dashes (U+2013)', '4111–1111–1111–1111'],
      ['minus signs (U+2212)', '4111−1111−1111−1111'],
      ['mixed separators', '4111 1111\u00a01111-1111'],
      ['an American Express layout with no-break spaces', '3782\u00a0822463\u00a010005'],
      ['full-width digits', '４１１１ １１１１ １１１１ １１１１'],
    ])('masks a card number written with %s', (_what, number) => {
      const r = redact(`Ma carte : ${number}, merci`);
      const last4 = number.slice(-4).replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xff10 + 48));
      expect(r.text).toBe(`Ma carte : •••• •••• •••• ${last4}, merci`);
      expect(r.cardNumbers).toBe(1);
    });

    it('keeps the text around a number byte for byte, its own spaces and dashes included', () => {
      const text = 'Carte\u00a0:\u00a04111\u00a01111\u00a01111\u00a01111\u00a0! Commande SFX-10042 – tél.\u202f06 12 34 56 78\t(merci)';
      expect(redact(text).text).toBe('Carte\u00a0:\u00a0•••• •••• •••• 1111\u00a0! Commande SFX-10042 – tél.\u202f06 12 34 56 78\t(merci)');
    });

    it('keeps the groups that are not part of the card, and the separators next to them', () => {
      expect(redact('commande 123 - 4111 1111 1111 1111 - 20/11/2026').text).toBe('commande 123 - •••• •••• •••• 1111 - 20/11/2026');
      expect(redact('réf. 2026/4111/1111/1111/1111').text).toBe('réf. 2026/•••• •••• •••• 1111');
    });

    it('masks a card number next to an IBAN, and one behind letters that only look like an IBAN', () => {
      expect(redact('IBAN FR76 3000 6000 0112 3456 7890 189, carte 4111 1111 1111 1111').text).toBe(
        'IBAN FR76 3000 6000 0112 3456 7890 189, carte •••• •••• •••• 1111',
      );
      expect(redact('AB12 4111 1111 1111 1111').text).toBe('AB12 •••• •••• •••• 1111');
    });

    it('leaves an already masked number as it is', () => {
      const once = redact('carte 4111\u00a01111\u00a01111\u00a01111').text;
      expect(redact(once)).toEqual({ text: once, cardNumbers: 0, securityCodes: 0 });
    });

    it.each([
      ['an order number', 'Commande SFX-10042 du 20/11/2026'],
      ['order numbers on two lines', 'SFX-10042\nSFX-10043\n100004567\n100004568'],
      ['two order numbers and a slash', 'commandes 100004567 / 100004568'],
      ['a phone number with no-break spaces', '06\u00a012\u00a034\u00a056\u00a078'],
      ['an international phone number with narrow spaces', '+33\u202f6\u202f12\u202f34\u202f56\u202f78'],
      ['two phone numbers with a slash', '+33 6 12 34 56 78 / 06 98 76 54 32'],
      ['two phone numbers on two lines', '06 12 34 56 78\n06 98 76 54 32'],
      ['a French IBAN', 'FR76 3000 6000 0112 3456 7890 189'],
      ['a French IBAN with no-break spaces', 'IBAN\u00a0: FR76\u00a03000\u00a06000\u00a00112\u00a03456\u00a07890\u00a0189'],
      ['a French IBAN without spaces', 'FR7630006000011234567890189'],
      ['a German IBAN', 'DE89 3704 0044 0532 0130 00'],
      ['a British IBAN', 'GB29 NWBK 6016 1331 9268 19'],
      ['an amount with narrow no-break spaces', 'remboursement de 1\u202f234\u202f567,89\u00a0€'],
      ['an amount in French format', new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' }).format(1234567.89)],
      ['dates with slashes', 'du 20/11/2026 au 21/11/2026, puis 2026/11/22'],
      ['dates with dashes and spaces', '20 - 11 - 2026 / 21 - 11 - 2026'],
      ['a 16-digit number failing Luhn, with no-break spaces', 'référence 4242\u00a04242\u00a04242\u00a04241'],
    ])('leaves %s intact', (_what, text) => {
      expect(redact(text)).toEqual({ text, cardNumbers: 0, securityCodes: 0 });
    });
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

  it('tells cheaply whether a text has enough digits to hold a card number', () => {
    expect(mayHoldCardNumber('GET /api/tickets/SFX-10042?after=1234567')).toBe(false);
    expect(mayHoldCardNumber('4111 1111 1111 1')).toBe(true);
    expect(mayHoldCardNumber('４１１１１１１１１１１１１')).toBe(true);
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

  it('keeps a field named __proto__ a field, so nothing unredacted is read through it', () => {
    const { clean } = redactFields(JSON.parse('{"__proto__": {"description": "carte 4111 1111 1111 1111"}, "type": "double_charge"}'));
    expect(clean.description).toBeUndefined();
    expect(Object.keys(clean)).toEqual(['__proto__', 'type']);
  });
});
