/*
 * Cancellation requests (issue 13): whether the order was still inside the shop's direct
 * cancellation window when the customer asked (seed 001: 48 h, 003: 12 h, 004: none), and the
 * outcome that implies. Pure.
 */

export interface CancellationStanding {
  windowHours: number;
  /** When direct cancellation stopped being possible (null: the shop has none, or the order time is unknown). */
  windowEndsAt: Date | null;
  /** null while the order time is unknown: ask the customer for it. */
  withinWindow: boolean | null;
  suggestedOutcome: 'cancelled' | 'redirected_to_return' | null;
}

export function cancellationStanding(orderTime: Date | null, requestedAt: Date, windowHours: number): CancellationStanding {
  if (windowHours <= 0) return { windowHours, windowEndsAt: null, withinWindow: false, suggestedOutcome: 'redirected_to_return' };
  if (!orderTime) return { windowHours, windowEndsAt: null, withinWindow: null, suggestedOutcome: null };
  const windowEndsAt = new Date(orderTime.getTime() + windowHours * 3_600_000);
  // The window is the customer's: what counts is when they asked, not when an agent reads it.
  const withinWindow = requestedAt.getTime() < windowEndsAt.getTime();
  return { windowHours, windowEndsAt, withinWindow, suggestedOutcome: withinWindow ? 'cancelled' : 'redirected_to_return' };
}
