import type { BusinessCalendar } from './business-calendar';
import type { TicketStatus } from './ticket-status';

/** Reminders after 1 and after 2 business days of an information request; no more. */
export const MAX_REMINDERS = 2;

/** When the n-th reminder (from 1) of a request made at `requestedAt` is due: n business days later; null past the last. */
export function reminderDueAt(calendar: BusinessCalendar, requestedAt: Date, n: number): Date | null {
  return n >= 1 && n <= MAX_REMINDERS ? calendar.addBusinessMinutes(requestedAt, calendar.minutesPerDay * n) : null;
}

/** A reminder is sent only while the customer still owes something they were asked for. */
export function stillAwaitingCustomer<T extends { status: TicketStatus; missingEvidence: readonly string[]; informationRequestedAt: Date | null }>(
  ticket: T,
): ticket is T & { informationRequestedAt: Date } {
  return ticket.status === 'awaiting_customer' && ticket.missingEvidence.length > 0 && ticket.informationRequestedAt !== null;
}
