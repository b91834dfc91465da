import { mergedFactFields, mergePlan, mergeRefusal, type MergeSide } from '../../domain/merge';

const side = (patch: Partial<MergeSide> = {}): MergeSide => ({
  id: 'a',
  reference: 'GCH-AAAA-AAAA',
  brandId: 'sofimix',
  type: 'double_charge',
  status: 'triaged',
  customerEmailNormalized: 'marie@example.fr',
  mergedIntoId: null,
  personalDataErasedAt: null,
  proofCount: 0,
  orderNumber: 'SFX-1',
  paymentTime: new Date('2026-11-20T13:32:00Z'),
  amountCents: 5990,
  cardType: 'visa',
  cardLast4: null,
  debited: null,
  refundDate: null,
  orderTime: null,
  secondDebitTime: null,
  secondDebitAmountCents: null,
  errorMessage: null,
  description: null,
  ...patch,
});
const survivor = side();
const duplicate = side({ id: 'b', reference: 'GCH-BBBB-BBBB' });

describe('mergeRefusal', () => {
  it('allows two open reports of the same customer in the same shop', () => {
    expect(mergeRefusal(duplicate, survivor)).toBeNull();
    for (const status of ['triaged', 'awaiting_customer', 'in_progress', 'resolved'] as const) {
      expect(mergeRefusal(side({ id: 'b', status }), side({ status }))).toBeNull();
    }
  });

  it('compares the addresses without case or spaces', () => {
    expect(mergeRefusal(side({ id: 'b', customerEmailNormalized: ' Marie@Example.FR ' }), survivor)).toBeNull();
  });

  it.each([
    ['into itself', survivor, survivor, 'merge_into_itself'],
    ['across brands', side({ id: 'b', brandId: 'offtek' }), survivor, 'merge_across_brands'],
    ['another customer', side({ id: 'b', customerEmailNormalized: 'paul@example.fr' }), survivor, 'merge_other_customer'],
    ['a merged ticket', side({ id: 'b', mergedIntoId: 'c' }), survivor, 'already_merged'],
    ['into a merged ticket', duplicate, side({ mergedIntoId: 'c' }), 'merge_into_merged'],
    ['a closed ticket', side({ id: 'b', status: 'closed' }), survivor, 'merge_closed'],
    ['into a closed ticket', duplicate, side({ status: 'closed' }), 'merge_into_closed'],
    ['an erased ticket', side({ id: 'b', personalDataErasedAt: new Date() }), survivor, 'personal_data_erased'],
    ['into an erased ticket', duplicate, side({ personalDataErasedAt: new Date() }), 'personal_data_erased'],
    ['a report not triaged yet', side({ id: 'b', status: 'new' }), survivor, 'merge_not_triaged'],
    ['into a report not triaged yet', duplicate, side({ status: 'new' }), 'merge_not_triaged'],
  ])('refuses %s', (_what, merged, into, code) => {
    expect(mergeRefusal(merged, into)?.code).toBe(code);
  });

  it('says where a merged ticket went', () => {
    expect(mergeRefusal(side({ id: 'b', mergedIntoId: 'c' }), survivor)).toEqual({ code: 'already_merged', mergedIntoId: 'c' });
    expect(mergeRefusal(duplicate, side({ mergedIntoId: 'd' }))).toEqual({ code: 'merge_into_merged', mergedIntoId: 'd' });
  });

  it('never lets another customer through, even when other rules would also refuse', () => {
    // Brand first (a shop's tickets never mix), then the customer, before any status rule.
    expect(mergeRefusal(side({ id: 'b', customerEmailNormalized: 'x@y.fr', status: 'closed' }), survivor)?.code).toBe('merge_other_customer');
  });
});

describe('mergePlan', () => {
  it('fills the survivor’s gaps with the duplicate’s facts and keeps its own where both have one', () => {
    const merged = side({ id: 'b', amountCents: 6190, cardLast4: '4242', secondDebitTime: new Date('2026-11-20T13:35:00Z'), description: 'Encore', orderNumber: 'SFX-1' });
    const plan = mergePlan(merged, side({ description: 'Deux débits' }));
    expect(plan.filled).toEqual({ cardLast4: '4242', secondDebitTime: new Date('2026-11-20T13:35:00Z') });
    expect(plan.conflicts).toEqual([
      { field: 'amountCents', kept: 5990, dropped: 6190 },
      { field: 'description', kept: 'Deux débits', dropped: 'Encore' },
    ]);
  });

  it('compares instants by value, not by object', () => {
    const at = '2026-11-20T13:32:00Z';
    expect(mergePlan(side({ id: 'b', paymentTime: new Date(at) }), side({ paymentTime: new Date(at) })).conflicts).toEqual([]);
    const plan = mergePlan(side({ id: 'b', paymentTime: new Date('2026-11-21T08:00:00Z') }), side({ paymentTime: new Date(at) }));
    expect(plan.conflicts).toEqual([{ field: 'paymentTime', kept: '2026-11-20T13:32:00.000Z', dropped: '2026-11-21T08:00:00.000Z' }]);
  });

  it('treats empty text and false the way the checklist does: false is a fact, an empty string is none', () => {
    const plan = mergePlan(side({ id: 'b', debited: false, errorMessage: '' }), side({ debited: null, errorMessage: null }));
    expect(plan.filled).toEqual({ debited: false });
  });

  it('adds the proofs and recomputes the checklist for the survivor’s type', () => {
    expect(mergePlan(side({ id: 'b', proofCount: 2 }), side({ proofCount: 0 })).missingEvidence).toEqual([]);
    expect(mergePlan(side({ id: 'b', proofCount: 2 }), side({ proofCount: 1 })).proofCount).toBe(3);
    const noProofs = mergePlan(side({ id: 'b', cardType: null }), side({ cardType: null }));
    expect(noProofs.missingEvidence).toEqual(['cardType', 'proof']);
    // A failed payment needs a proof only when the customer says they were debited: the duplicate's answer counts.
    const failed = { type: 'failed_payment' as const, orderNumber: null };
    expect(mergePlan(side({ id: 'b', ...failed, debited: true }), side({ ...failed })).missingEvidence).toEqual(['proof']);
    expect(mergePlan(side({ id: 'b', ...failed, debited: false }), side({ ...failed })).missingEvidence).toEqual([]);
  });

  it('looks at every payment fact and nothing else', () => {
    expect(mergedFactFields).not.toContain('customerEmailNormalized');
    const all = mergePlan(side({ id: 'b', orderNumber: 'X', paymentTime: new Date(0), amountCents: 1, cardType: 'mastercard', cardLast4: '1', debited: true, refundDate: new Date(0), orderTime: new Date(0), secondDebitTime: new Date(0), secondDebitAmountCents: 1, errorMessage: 'e', description: 'd' }), side({ orderNumber: null, paymentTime: null, amountCents: null, cardType: null }));
    expect(Object.keys(all.filled).sort()).toEqual([...mergedFactFields].sort());
  });
});
