import type { BusinessCalendar } from './business-calendar';
import type { Priority, SlaPolicy } from './brand-policy';
import type { AnomalyType } from './ticket.schemas';

export interface SlaDeadlines {
  firstResponseWarnAt: Date;
  firstResponseDueAt: Date;
  resolutionWarnAt: Date;
  resolutionDueAt: Date;
}

export interface SlaTargetMinutes {
  firstResponseMinutes: number;
  resolutionMinutes: number;
}

/**
 * A ticket's targets: the brand's for its type and priority, else for its priority (any
 * type), else for its type, else the brand's defaults. The most specific that is set wins whole.
 */
export function slaTargets(policy: SlaPolicy, type: AnomalyType, priority: Priority): SlaTargetMinutes {
  const byType = policy.byType[type];
  const t = byType?.byPriority[priority] ?? policy.byPriority[priority] ?? byType ?? policy;
  return { firstResponseMinutes: t.firstResponseMinutes, resolutionMinutes: t.resolutionMinutes };
}

/** Business minutes into a target at which agents are warned. */
export const warningMinutes = (policy: SlaPolicy, targetMinutes: number) => Math.floor(targetMinutes * policy.warningRatio);

/** Deadlines for a ticket opened at `start`; the warning falls at `warningRatio` of each target. */
export function slaDeadlines(calendar: BusinessCalendar, policy: SlaPolicy, type: AnomalyType, start: Date, priority: Priority): SlaDeadlines {
  const t = slaTargets(policy, type, priority);
  const due = (minutes: number) => calendar.addBusinessMinutes(start, minutes);
  return {
    firstResponseWarnAt: due(warningMinutes(policy, t.firstResponseMinutes)),
    firstResponseDueAt: due(t.firstResponseMinutes),
    resolutionWarnAt: due(warningMinutes(policy, t.resolutionMinutes)),
    resolutionDueAt: due(t.resolutionMinutes),
  };
}

export const slaTargetNames = ['first_response', 'resolution'] as const;
export type SlaTarget = (typeof slaTargetNames)[number];
export type SlaLevel = 'warning' | 'breach';

/** What the SLA watch needs of a ticket: its deadlines, when each target was met, what was already signalled. */
export interface SlaClock extends SlaDeadlines {
  firstRespondedAt: Date | null;
  resolvedAt: Date | null;
  firstResponseWarnedAt: Date | null;
  firstResponseBreachedAt: Date | null;
  resolutionWarnedAt: Date | null;
  resolutionBreachedAt: Date | null;
  /** An open chargeback's evidence deadline: the queue puts it first when it comes before the SLA's. */
  disputeDueAt?: Date | null;
  /** Set while the resolution clock is paused (sla-pause.ts): that target is neither warned nor breached then. */
  slaPausedAt?: Date | null;
}

/** A clock whose targets are neither met nor signalled yet: how every ticket starts. */
export const freshSlaClock = {
  firstRespondedAt: null,
  resolvedAt: null,
  firstResponseWarnedAt: null,
  firstResponseBreachedAt: null,
  resolutionWarnedAt: null,
  resolutionBreachedAt: null,
} satisfies Omit<SlaClock, keyof SlaDeadlines>;

export interface SlaSignal {
  target: SlaTarget;
  level: SlaLevel;
  /** The threshold that was crossed. */
  at: Date;
}

/**
 * One target's thresholds. `stoppedAt`: since when the watch and the agents' state leave it
 * alone — met, or (the resolution) paused while the shop awaits the customer.
 */
function targetView(c: SlaClock, target: SlaTarget) {
  return target === 'first_response'
    ? { stoppedAt: c.firstRespondedAt, warnAt: c.firstResponseWarnAt, dueAt: c.firstResponseDueAt, warnedAt: c.firstResponseWarnedAt, breachedAt: c.firstResponseBreachedAt }
    : { stoppedAt: c.resolvedAt ?? c.slaPausedAt ?? null, warnAt: c.resolutionWarnAt, dueAt: c.resolutionDueAt, warnedAt: c.resolutionWarnedAt, breachedAt: c.resolutionBreachedAt };
}

/**
 * Signals now due: a breach for each unmet target past its deadline, else a warning past
 * its warning time. A breach found late replaces the warning it went past.
 */
export function dueSlaSignals(clock: SlaClock, now: Date): SlaSignal[] {
  const signals: SlaSignal[] = [];
  for (const target of slaTargetNames) {
    const v = targetView(clock, target);
    if (v.stoppedAt || v.breachedAt) continue;
    if (now >= v.dueAt) signals.push({ target, level: 'breach', at: v.dueAt });
    else if (!v.warnedAt && now >= v.warnAt) signals.push({ target, level: 'warning', at: v.warnAt });
  }
  return signals;
}

/** When the SLA watch must look at this ticket next, or null when nothing is left to signal. */
export function nextSlaCheckAt(clock: SlaClock): Date | null {
  let next: Date | null = null;
  for (const target of slaTargetNames) {
    const v = targetView(clock, target);
    if (v.stoppedAt || v.breachedAt) continue;
    const at = v.warnedAt ? v.dueAt : v.warnAt;
    if (!next || at < next) next = at;
  }
  return next;
}

export type SlaState = 'ok' | 'warning' | 'breached';

/** The state an agent sees for a ticket: breached if any target was missed, warning if any is close. */
export function slaState(clock: SlaClock, now: Date): SlaState {
  let state: SlaState = 'ok';
  for (const target of slaTargetNames) {
    const v = targetView(clock, target);
    if (v.stoppedAt) continue;
    if (now >= v.dueAt) return 'breached';
    if (now >= v.warnAt) state = 'warning';
  }
  return state;
}

/** "No open deadline": sorts after every real one in both databases' indexes. */
export const NO_DEADLINE = new Date(8.64e15);

/**
 * What the agents' queue sorts and filters on: the deadline and warning time of the first
 * target not met yet (first response, then resolution), or NO_DEADLINE once both are met
 * (or the resolution clock is paused: nothing is due while the shop awaits the customer).
 */
export function queueDeadlines(clock: SlaClock): { nextDueAt: Date; nextWarnAt: Date | null } {
  const sla = !clock.firstRespondedAt
    ? { nextDueAt: clock.firstResponseDueAt, nextWarnAt: clock.firstResponseWarnAt }
    : !clock.resolvedAt && !clock.slaPausedAt
      ? { nextDueAt: clock.resolutionDueAt, nextWarnAt: clock.resolutionWarnAt }
      : { nextDueAt: NO_DEADLINE, nextWarnAt: null };
  // A chargeback's deadline holds even on a resolved ticket: the shop's evidence is due then.
  const dispute = clock.disputeDueAt;
  return dispute && dispute.getTime() < sla.nextDueAt.getTime() ? { nextDueAt: dispute, nextWarnAt: sla.nextWarnAt } : sla;
}

/** The changes to a ticket, with the queue order and the SLA watch's next look kept in step with them. */
export function withSchedule<T extends SlaClock, C extends Partial<T>>(ticket: T, changes: C): C & { nextDueAt: Date; nextWarnAt: Date | null; slaNextCheckAt: Date | null } {
  const next = { ...ticket, ...changes };
  return { ...changes, ...queueDeadlines(next), slaNextCheckAt: nextSlaCheckAt(next) };
}
