import { missingEvidence, requiredEvidence, type EvidenceFacts } from '../../domain/evidence-checklist';

const complete: Omit<EvidenceFacts, 'type'> = {
  orderNumber: 'SFX-1',
  paymentTime: new Date('2026-11-20T13:32:00Z'),
  amountCents: 5990,
  cardType: 'visa',
  customerEmail: 'a@example.fr',
  debited: true,
  refundDate: new Date('2026-11-01T00:00:00Z'),
  orderTime: new Date('2026-11-20T13:00:00Z'),
  proofCount: 1,
};
const none: Omit<EvidenceFacts, 'type'> = { proofCount: 0 };

describe('evidence checklist (domain.md)', () => {
  it.each([
    ['double_charge', ['orderNumber', 'paymentTime', 'amount', 'cardType', 'proof']],
    ['debit_without_order', ['paymentTime', 'amount', 'cardType', 'customerEmail', 'proof']],
    ['refund_not_received', ['orderNumber', 'refundDate', 'amount', 'cardType']],
    ['cancellation_request', ['orderNumber', 'orderTime']],
  ] as const)('%s requires %j', (type, items) => {
    expect(requiredEvidence({ type, ...none })).toEqual(items);
    expect(missingEvidence({ type, ...none })).toEqual(items);
    expect(missingEvidence({ type, ...complete })).toEqual([]);
  });

  it('does not require an order number for a debit without order (there often is none)', () => {
    expect(missingEvidence({ type: 'debit_without_order', ...complete, orderNumber: null })).toEqual([]);
  });

  it('requires a proof for a failed payment only when the customer says they were debited', () => {
    const base = { ...complete, proofCount: 0 };
    expect(missingEvidence({ type: 'failed_payment', ...base, debited: false })).toEqual([]);
    expect(missingEvidence({ type: 'failed_payment', ...base, debited: true })).toEqual(['proof']);
    expect(missingEvidence({ type: 'failed_payment', ...base, debited: null })).toEqual(['debited']);
    expect(missingEvidence({ type: 'failed_payment', ...none })).toEqual(['paymentTime', 'amount', 'cardType', 'debited']);
  });

  it('treats empty strings as missing', () => {
    expect(missingEvidence({ type: 'cancellation_request', ...complete, orderNumber: '' })).toEqual(['orderNumber']);
  });

  it('counts optional proofs as not required for refunds and cancellations', () => {
    expect(missingEvidence({ type: 'refund_not_received', ...complete, proofCount: 0 })).toEqual([]);
    expect(missingEvidence({ type: 'cancellation_request', ...complete, proofCount: 0 })).toEqual([]);
  });
});
