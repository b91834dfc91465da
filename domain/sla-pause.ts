import type { BusinessCalendar } from './business-calendar';
import type { SlaPolicy } from './brand-policy';
import type { SlaClock } from './sla';
import type { TicketStatus } from './ticket-status';

/*
 * The resolution clock's pause (issue 15), as pure functions. A brand may stop the clock
 * while a ticket awaits the customer: entering `awaiting_customer` stores the business
 * minutes left to the resolution deadline; leaving it (the customer answers, an agent moves
 * it, it is resolved) sets the deadline that many business minutes from then. The row keeps
 * the deadlines it had while paused, so a resume can never set them earlier than they were.
 */

/** What the pause needs of a ticket. */
export interface PausableClock extends SlaClock {
  status: TicketStatus;
  slaPausedAt: Date | null;
  resolutionMinutesLeft: number | null;
}

export type PauseChanges = Pick<PausableClock, 'slaPausedAt' | 'resolutionMinutesLeft'> & Partial<Pick<PausableClock, 'resolutionDueAt' | 'resolutionWarnAt'>>;

/** The timeline entry that makes each pause and resume auditable (the reports read the spans from them). */
export type ClockEvent =
  | { type: 'sla_paused'; data: { minutesLeft: number; dueAt: string } }
  | { type: 'sla_resumed'; data: { minutesLeft: number; dueAt: string; pausedMinutes: number } };

export interface ClockChange {
  changes: PauseChanges | Record<string, never>;
  event: ClockEvent | null;
}

const NOTHING: ClockChange = { changes: {}, event: null };

/** Whole business minutes, rounded up: a stored "minutes left" never shortens the time left. */
const wholeMinutesLeft = (minutes: number) => Math.max(0, Math.ceil(minutes - 1e-9));

/**
 * What a status change does to the resolution clock: every place that changes a ticket's
 * status spreads `changes` into its write (before `withSchedule`) and records `event`.
 * - into `awaiting_customer`, with the brand's pause on: paused (unless the target is already
 *   met or breached, or the clock already paused);
 * - out of `awaiting_customer` (to any status, resolved included) while paused: resumed,
 *   whatever the brand's option says now, so a ticket is never left paused.
 */
export function slaOnStatusChange(ticket: PausableClock, to: TicketStatus, policy: SlaPolicy, calendar: BusinessCalendar, now: Date): ClockChange {
  if (ticket.slaPausedAt) return to === 'awaiting_customer' ? NOTHING : resumed(ticket, calendar, now);
  if (to !== 'awaiting_customer' || !policy.pauseWhileAwaitingCustomer) return NOTHING;
  return paused(ticket, calendar, now);
}

/** Stops the resolution clock now, with the business minutes left to its deadline. */
export function paused(ticket: PausableClock, calendar: BusinessCalendar, now: Date): ClockChange {
  if (ticket.slaPausedAt || ticket.resolvedAt || ticket.resolutionBreachedAt) return NOTHING;
  const minutesLeft = wholeMinutesLeft(calendar.businessMinutesBetween(now, ticket.resolutionDueAt));
  return {
    changes: { slaPausedAt: now, resolutionMinutesLeft: minutesLeft },
    event: { type: 'sla_paused', data: { minutesLeft, dueAt: ticket.resolutionDueAt.toISOString() } },
  };
}

/**
 * Starts the clock again: the deadline `minutesLeft` business minutes from now, the warning
 * as far before it as it was. A pause shorter than one business minute (resumed in the same
 * minute, or entirely out of hours) leaves the deadlines as they were; no deadline ever
 * comes earlier than before the pause.
 */
export function resumed(ticket: PausableClock, calendar: BusinessCalendar, now: Date): ClockChange {
  const pausedAt = ticket.slaPausedAt;
  if (!pausedAt) return NOTHING;
  const minutesLeft = ticket.resolutionMinutesLeft ?? wholeMinutesLeft(calendar.businessMinutesBetween(pausedAt, ticket.resolutionDueAt));
  const pausedMinutes = Math.max(0, Math.floor(calendar.businessMinutesBetween(pausedAt, now) + 1e-9));
  const off = { slaPausedAt: null, resolutionMinutesLeft: null };
  const later = (a: Date, b: Date) => (b > a ? b : a);
  const deadlines =
    pausedMinutes === 0
      ? {}
      : {
          resolutionDueAt: later(ticket.resolutionDueAt, calendar.addBusinessMinutes(now, minutesLeft)),
          resolutionWarnAt: later(ticket.resolutionWarnAt, calendar.addBusinessMinutes(now, wholeMinutesLeft(calendar.businessMinutesBetween(pausedAt, ticket.resolutionWarnAt)))),
        };
  const dueAt = deadlines.resolutionDueAt ?? ticket.resolutionDueAt;
  return {
    changes: { ...off, ...deadlines },
    event: { type: 'sla_resumed', data: { minutesLeft, dueAt: dueAt.toISOString(), pausedMinutes } },
  };
}
