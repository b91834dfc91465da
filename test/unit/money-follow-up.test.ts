import { defaultBrand } from '../../domain/brand-presets';
import { BusinessCalendar } from '../../domain/business-calendar';
import { cancellationStanding } from '../../domain/cancellation';
import { afterBusinessDays, followUp, moneyExpectedBy } from '../../domain/money-follow-up';
import type { PaymentCheck } from '../../domain/payment-check';
import { queueDeadlines, freshSlaClock } from '../../domain/sla';

const paris = new BusinessCalendar(defaultBrand.policy.calendar);
const base: PaymentCheck = { verdict: 'single_capture', confidence: 1, transactionIds: ['ch_1'], suggestedOutcome: 'no_anomaly_found' };

describe('when the money should be back', () => {
  it('counts the shop’s business days after a refund, skipping weekends and French public holidays', () => {
    // Friday 18 December 2026: 10 business days, over Christmas (25th) and New Year's Day.
    const refundedAt = new Date('2026-12-18T10:00:00Z');
    expect(afterBusinessDays(paris, refundedAt, 10).toISOString()).toBe('2027-01-05T22:59:59.999Z');
    // Seed 001: 10–15 business days; the latest is what the customer is told.
    expect(moneyExpectedBy({ ...base, verdict: 'refund_issued', refundedAt }, paris, { max: 15 })!.toISOString()).toBe('2027-01-12T22:59:59.999Z');
    expect(moneyExpectedBy({ ...base, verdict: 'refund_pending', refundedAt }, paris, { max: 5 })!.toISOString()).toBe('2026-12-28T22:59:59.999Z');
  });

  it('is the drop-off date for a hold, and nothing for verdicts with no money on its way', () => {
    const holdDropsOffAt = new Date('2026-11-27T13:32:00Z');
    expect(moneyExpectedBy({ ...base, verdict: 'authorization_hold', holdDropsOffAt }, paris, { max: 15 })).toEqual(holdDropsOffAt);
    expect(moneyExpectedBy({ ...base, verdict: 'failed_with_hold', holdDropsOffAt }, paris, { max: 15 })).toEqual(holdDropsOffAt);
    for (const verdict of ['single_capture', 'duplicate_capture', 'no_match', 'disputed', 'refund_failed'] as const) {
      expect(moneyExpectedBy({ ...base, verdict }, paris, { max: 15 })).toBeNull();
    }
  });

  it('then tells the customer a settled refund, stops for a hold that went, and gives anything else back to agents', () => {
    expect(followUp('refund_issued')).toBe('tell_customer');
    expect(followUp('authorization_hold')).toBe('done');
    expect(followUp('failed_no_charge')).toBe('done');
    for (const v of ['refund_pending', 'refund_failed', 'duplicate_capture', 'failed_with_hold', 'single_capture'] as const) expect(followUp(v)).toBe('back_to_agents');
  });
});

describe('a chargeback in the queue', () => {
  const clock = { ...freshSlaClock, firstResponseWarnAt: new Date('2026-11-24T09:00:00Z'), firstResponseDueAt: new Date('2026-11-24T13:00:00Z'), resolutionWarnAt: new Date('2026-11-26T09:00:00Z'), resolutionDueAt: new Date('2026-11-26T13:00:00Z') };
  it('comes first when its evidence is due before the SLA target, and holds on a resolved ticket', () => {
    const dueBy = new Date('2026-11-24T08:00:00Z');
    expect(queueDeadlines({ ...clock, disputeDueAt: dueBy }).nextDueAt).toEqual(dueBy);
    expect(queueDeadlines({ ...clock, disputeDueAt: new Date('2026-12-01T00:00:00Z') }).nextDueAt).toEqual(clock.firstResponseDueAt);
    const resolved = { ...clock, firstRespondedAt: new Date('2026-11-23T10:00:00Z'), resolvedAt: new Date('2026-11-23T11:00:00Z') };
    expect(queueDeadlines({ ...resolved, disputeDueAt: dueBy }).nextDueAt).toEqual(dueBy);
    expect(queueDeadlines({ ...resolved, disputeDueAt: null }).nextDueAt.getTime()).toBeGreaterThan(Date.UTC(3000, 0));
  });
});

describe('a cancellation request', () => {
  const order = new Date('2026-11-20T10:00:00Z');
  const hours = (h: number) => new Date(order.getTime() + h * 3_600_000);
  it('is inside the window up to its last instant, when the customer asked (seed 001: 48 h, 003: 12 h)', () => {
    expect(cancellationStanding(order, hours(47.99), 48)).toEqual({ windowHours: 48, windowEndsAt: hours(48), withinWindow: true, suggestedOutcome: 'cancelled' });
    expect(cancellationStanding(order, hours(48), 48)).toMatchObject({ withinWindow: false, suggestedOutcome: 'redirected_to_return' });
    expect(cancellationStanding(order, hours(13), 12)).toMatchObject({ withinWindow: false, suggestedOutcome: 'redirected_to_return' });
  });
  it('is never possible where the shop has no window (seed 004), and unknown without the order time', () => {
    expect(cancellationStanding(order, hours(1), 0)).toEqual({ windowHours: 0, windowEndsAt: null, withinWindow: false, suggestedOutcome: 'redirected_to_return' });
    expect(cancellationStanding(null, hours(1), 48)).toEqual({ windowHours: 48, windowEndsAt: null, withinWindow: null, suggestedOutcome: null });
  });
});
