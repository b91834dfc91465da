import { DateTime } from 'luxon';
import type { BusinessCalendar } from './business-calendar';
import type { PaymentCheck, Verdict } from './payment-check';

/*
 * Following the money (issue 13): when what a customer awaits (a refund, a hold dropping off)
 * should be back on their account, and what to do once that date has passed. Pure.
 */

/** The end of the `days`-th open day of the calendar after `from` (the day of `from` itself does not count). */
export function afterBusinessDays(calendar: BusinessCalendar, from: Date, days: number): Date {
  let day = DateTime.fromJSDate(from, { zone: calendar.timeZone }).startOf('day');
  for (let counted = 0; counted < days; ) {
    day = day.plus({ days: 1 });
    if (calendar.isOpenDay(day)) counted++;
  }
  return day.endOf('day').toJSDate();
}

/**
 * When the money should be back, from the verdict: a hold's drop-off date; a refund's date
 * plus the shop's longest posting delay (seed 001: 10–15 business days); else nothing to follow.
 */
export function moneyExpectedBy(check: PaymentCheck, calendar: BusinessCalendar, refundPostingDays: { max: number }): Date | null {
  switch (check.verdict) {
    case 'authorization_hold':
    case 'failed_with_hold':
      return check.holdDropsOffAt ?? null;
    case 'refund_issued':
    case 'refund_pending':
      return check.refundedAt ? afterBusinessDays(calendar, check.refundedAt, refundPostingDays.max) : null;
    default:
      return null;
  }
}

/**
 * Once the date has passed, from the verdict then: a settled refund is told to the customer
 * with its trace reference; a hold that has gone needs nothing more; anything else (a refund
 * still pending or failed, a capture where a hold was) goes back to the agents.
 */
export function followUp(verdict: Verdict): 'tell_customer' | 'done' | 'back_to_agents' {
  if (verdict === 'refund_issued') return 'tell_customer';
  if (verdict === 'authorization_hold' || verdict === 'failed_no_charge') return 'done';
  return 'back_to_agents';
}
