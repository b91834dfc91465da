import { intakeSchema } from '../../domain/ticket.schemas';

const ctx = { acceptedCardTypes: ['visa', 'mastercard'] as const, currency: 'EUR', timeZone: 'Europe/Paris', now: () => new Date('2026-11-22T12:00:00Z') };
const schema = intakeSchema({ ...ctx, acceptedCardTypes: [...ctx.acceptedCardTypes] });
const valid = {
  type: 'double_charge',
  customerName: 'Marie Curie',
  customerEmail: 'marie@example.fr',
  orderNumber: 'SFX-10042',
  paymentTime: '2026-11-20T14:32:00+01:00',
  amount: '59,90',
  cardType: 'visa',
};
const fields = (r: ReturnType<typeof schema.safeParse>) => (r.success ? [] : r.error.issues.map((i) => i.path.join('.') || i.code));

describe('intake schema', () => {
  it('parses a complete report, amounts in cents, French decimal comma', () => {
    const r = schema.parse(valid);
    expect(r.amount).toBe(5990);
    expect(r.language).toBeUndefined(); // the intake takes the brand's default language
    expect(r.paymentTime!.toISOString()).toBe('2026-11-20T13:32:00.000Z');
  });

  it('reads a time without offset in the brand time zone', () => {
    expect(schema.parse({ ...valid, paymentTime: '2026-11-20T14:32' }).paymentTime!.toISOString()).toBe('2026-11-20T13:32:00.000Z');
  });

  it.each([
    [{ amount: '-5' }, 'amount'],
    [{ amount: 'abc' }, 'amount'],
    [{ amount: '12.345' }, 'amount'],
    [{ amount: 0 }, 'amount'],
    [{ paymentTime: '2026-12-01T10:00:00Z' }, 'paymentTime'],
    [{ paymentTime: 'yesterday' }, 'paymentTime'],
    [{ cardType: 'paypal' }, 'cardType'],
    [{ cardType: 'amex' }, 'cardType'],
    [{ type: 'chargeback' }, 'type'],
    [{ currency: 'USD' }, 'currency'],
    [{ customerEmail: 'not-an-email' }, 'customerEmail'],
    [{ cardLast4: '4242424242424242' }, 'cardLast4'],
    [{ language: 'de' }, 'language'],
    [{ cvv: '123' }, 'unrecognized_keys'],
  ])('rejects %j', (patch, field) => {
    expect(fields(schema.safeParse({ ...valid, ...patch }))).toContain(field);
  });

  it('accepts multipart strings: blank fields are absent, booleans as words', () => {
    const r = schema.parse({ ...valid, type: 'failed_payment', orderNumber: '', debited: 'oui', amount: '10' });
    expect(r.orderNumber).toBeUndefined();
    expect(r.debited).toBe(true);
  });
});
