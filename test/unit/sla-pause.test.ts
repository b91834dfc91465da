import fc from 'fast-check';
import { DateTime } from 'luxon';
import { slaPolicySchema, type Priority, type SlaPolicy } from '../../domain/brand-policy';
import { defaultBrand } from '../../domain/brand-presets';
import { BusinessCalendar } from '../../domain/business-calendar';
import { dueSlaSignals, freshSlaClock, NO_DEADLINE, nextSlaCheckAt, queueDeadlines, slaDeadlines, slaState } from '../../domain/sla';
import { paused, resumed, slaOnStatusChange, type PausableClock } from '../../domain/sla-pause';
import { higherPriority, rulePriority, withPriority } from '../../domain/ticket-priority';
import { reopenedTicket } from '../../domain/ticket-rules';
import type { AnomalyType } from '../../domain/ticket.schemas';

const calendar = new BusinessCalendar(defaultBrand.policy.calendar);
const at = (local: string) => DateTime.fromISO(local, { zone: 'Europe/Paris' }).toJSDate();
const local = (d: Date) => DateTime.fromJSDate(d, { zone: 'Europe/Paris' }).toFormat('ccc dd HH:mm');
const pausing: SlaPolicy = slaPolicySchema.parse({ ...defaultBrand.policy.sla, pauseWhileAwaitingCustomer: true });
const running: SlaPolicy = defaultBrand.policy.sla;

interface TestTicket extends PausableClock {
  type: AnomalyType;
  priority: Priority;
  createdAt: Date;
}

/** A ticket opened at `start` (Paris time), answered at once (so only the resolution target runs). */
function ticketAt(start: string | Date, policy: SlaPolicy = pausing, priority: Priority = 'normal'): TestTicket {
  const createdAt = typeof start === 'string' ? at(start) : start;
  return {
    ...slaDeadlines(calendar, policy, 'double_charge', createdAt, priority),
    ...freshSlaClock,
    firstRespondedAt: createdAt,
    status: 'in_progress',
    slaPausedAt: null,
    resolutionMinutesLeft: null,
    type: 'double_charge',
    priority,
    createdAt,
  };
}

/** The ticket after a status change, as the writers apply it. */
function moved(ticket: TestTicket, to: TestTicket['status'], now: Date, policy: SlaPolicy = pausing) {
  const { changes, event } = slaOnStatusChange(ticket, to, policy, calendar, now);
  return { ticket: { ...ticket, ...changes, status: to }, event };
}

describe('the resolution clock paused while the customer is awaited', () => {
  it('keeps running when the brand does not pause (the default)', () => {
    const t = ticketAt('2026-11-23T09:00');
    expect(slaOnStatusChange(t, 'awaiting_customer', running, calendar, at('2026-11-23T10:00'))).toEqual({ changes: {}, event: null });
  });

  it('stores the business minutes left, and resumes that many minutes from the answer', () => {
    const t = ticketAt('2026-11-23T09:00'); // due Wed 25 18:00
    const p = moved(t, 'awaiting_customer', at('2026-11-24T10:00')); // Tue 10:00: Tue 10–18 (390) and Wed (450) left
    expect(p.ticket.slaPausedAt).toEqual(at('2026-11-24T10:00'));
    expect(p.ticket.resolutionMinutesLeft).toBe(390 + 450);
    expect(p.event).toEqual({ type: 'sla_paused', data: { minutesLeft: 840, dueAt: t.resolutionDueAt.toISOString() } });
    // The answer comes Thursday 09:00: 840 minutes from then is Fri 27 17:00 (Thu 450, Fri 390).
    const r = moved(p.ticket, 'in_progress', at('2026-11-26T09:00'));
    expect(local(r.ticket.resolutionDueAt)).toBe('Fri 27 17:00');
    expect(r.ticket.slaPausedAt).toBeNull();
    expect(r.ticket.resolutionMinutesLeft).toBeNull();
    expect(r.event).toMatchObject({ type: 'sla_resumed', data: { minutesLeft: 840, dueAt: r.ticket.resolutionDueAt.toISOString(), pausedMinutes: 450 + 390 } });
    // The warning stays as far before the deadline as it was (270 business minutes).
    expect(calendar.businessMinutesBetween(r.ticket.resolutionWarnAt, r.ticket.resolutionDueAt)).toBe(270);
  });

  it('never warns nor breaches a paused ticket, and takes it out of the queue order', () => {
    const t = ticketAt('2026-11-23T09:00');
    const p = moved(t, 'awaiting_customer', at('2026-11-23T10:00')).ticket;
    const long = at('2026-12-10T10:00');
    expect(dueSlaSignals(p, long)).toEqual([]);
    expect(nextSlaCheckAt(p)).toBeNull();
    expect(slaState(p, long)).toBe('ok');
    expect(queueDeadlines(p).nextDueAt).toEqual(NO_DEADLINE);
    // The first response still counts while the resolution clock is paused.
    const unanswered = { ...p, firstRespondedAt: null };
    expect(dueSlaSignals(unanswered, long)).toEqual([{ target: 'first_response', level: 'breach', at: t.firstResponseDueAt }]);
  });

  it('resumes whatever status it leaves for (resolved too) and whatever the brand says now', () => {
    const p = moved(ticketAt('2026-11-23T09:00'), 'awaiting_customer', at('2026-11-23T10:00')).ticket;
    expect(moved(p, 'resolved', at('2026-11-23T11:00'), running).event?.type).toBe('sla_resumed');
    expect(moved(p, 'awaiting_customer', at('2026-11-23T11:00')).event).toBeNull(); // already paused
  });

  it('does not pause a breached target', () => {
    const t = { ...ticketAt('2026-11-23T09:00'), resolutionBreachedAt: at('2026-11-25T18:00') };
    expect(paused(t, calendar, at('2026-11-26T10:00')).event).toBeNull();
  });

  it('counts no business minute over a public holiday (11 November)', () => {
    const t = ticketAt('2026-11-09T09:00'); // Monday; Wednesday 11 is closed: due Thu 12 18:00
    expect(local(t.resolutionDueAt)).toBe('Thu 12 18:00');
    const p = moved(t, 'awaiting_customer', at('2026-11-10T17:00')).ticket; // Tue 17:00: 60 + 450 left
    expect(p.resolutionMinutesLeft).toBe(510);
    const r = moved(p, 'in_progress', at('2026-11-12T10:00')); // Thu 10:00 (the holiday skipped)
    expect(r.event?.data).toMatchObject({ pausedMinutes: 60 + 60 });
    expect(local(r.ticket.resolutionDueAt)).toBe('Fri 13 11:00'); // Thu 10–18: 390, Fri 09–11: 120
  });

  it('counts no business minute over Christmas either', () => {
    const t = ticketAt('2026-12-23T09:00'); // Wednesday; Friday 25 closed: due Mon 28 18:00
    expect(local(t.resolutionDueAt)).toBe('Mon 28 18:00');
    const p = moved(t, 'awaiting_customer', at('2026-12-24T18:30')).ticket; // after hours: Mon 450 left
    expect(p.resolutionMinutesLeft).toBe(450);
    const r = moved(p, 'in_progress', at('2026-12-28T09:00')); // nothing was open in between
    expect(r.ticket.resolutionDueAt).toEqual(t.resolutionDueAt);
    expect(r.event?.data).toMatchObject({ pausedMinutes: 0 });
  });

  it('keeps the local hours across the change to winter time (last Sunday of October)', () => {
    const t = ticketAt('2026-10-23T09:00'); // Friday, CEST: due Tue 27 18:00 CET
    expect(local(t.resolutionDueAt)).toBe('Tue 27 18:00');
    const p = moved(t, 'awaiting_customer', at('2026-10-23T17:00')).ticket; // 60 + 900 left
    expect(p.resolutionMinutesLeft).toBe(960);
    const r = moved(p, 'in_progress', at('2026-10-26T09:00')); // Monday, CET
    expect(local(r.ticket.resolutionDueAt)).toBe('Wed 28 10:00');
    expect(r.ticket.resolutionDueAt.toISOString()).toBe('2026-10-28T09:00:00.000Z');
  });

  it('keeps the local hours across the change to summer time (last Sunday of March)', () => {
    const t = ticketAt('2026-03-27T09:00'); // Friday, CET: due Tue 31 18:00 CEST
    expect(local(t.resolutionDueAt)).toBe('Tue 31 18:00');
    const p = moved(t, 'awaiting_customer', at('2026-03-27T12:00')).ticket; // 30 + 240 + 900 left
    expect(p.resolutionMinutesLeft).toBe(1170);
    const r = moved(p, 'in_progress', at('2026-03-30T09:00')); // Monday, CEST
    expect(local(r.ticket.resolutionDueAt)).toBe('Wed 01 15:00'); // Mon 450, Tue 450, Wed 210 + 60
    expect(r.ticket.resolutionDueAt.toISOString()).toBe('2026-04-01T13:00:00.000Z');
  });
});

describe('pause properties', () => {
  const base = at('2026-11-02T00:00').getTime();
  const instant = (maxDays: number) => fc.integer({ min: 0, max: maxDays * 86_400_000 }).map((ms) => new Date(base + ms));

  it('a pause never makes a deadline earlier', () => {
    fc.assert(
      fc.property(instant(20), fc.integer({ min: 0, max: 5 * 86_400_000 }), fc.integer({ min: 0, max: 10 * 86_400_000 }), (start, untilPause, pauseLength) => {
        const t = ticketAt(start);
        const pausedAt = new Date(start.getTime() + untilPause);
        const p = moved(t, 'awaiting_customer', pausedAt).ticket;
        const r = moved(p, 'in_progress', new Date(pausedAt.getTime() + pauseLength)).ticket;
        expect(r.resolutionDueAt.getTime()).toBeGreaterThanOrEqual(t.resolutionDueAt.getTime());
        expect(r.resolutionWarnAt.getTime()).toBeGreaterThanOrEqual(t.resolutionWarnAt.getTime());
      }),
    );
  });

  it('a pause and a resume in the same minute change nothing', () => {
    fc.assert(
      fc.property(instant(20), fc.integer({ min: 0, max: 5 * 86_400_000 }), fc.integer({ min: 0, max: 59_999 }), (start, untilPause, withinMinute) => {
        const t = ticketAt(start);
        const pausedAt = new Date(start.getTime() + untilPause);
        const minute = Math.floor(pausedAt.getTime() / 60_000) * 60_000;
        const resumeAt = new Date(Math.max(pausedAt.getTime(), minute + withinMinute));
        const p = moved(t, 'awaiting_customer', pausedAt).ticket;
        const r = moved(p, 'in_progress', resumeAt).ticket;
        expect(r.resolutionDueAt).toEqual(t.resolutionDueAt);
        expect(r.resolutionWarnAt).toEqual(t.resolutionWarnAt);
        expect(r.slaPausedAt).toBeNull();
      }),
    );
  });

  it('resuming a ticket that is not paused does nothing', () => {
    const t = ticketAt('2026-11-23T09:00');
    expect(resumed(t, calendar, at('2026-11-24T09:00'))).toEqual({ changes: {}, event: null });
  });
});

describe('priorities', () => {
  const policy = slaPolicySchema.parse({
    ...defaultBrand.policy.sla,
    pauseWhileAwaitingCustomer: true,
    byPriority: { urgent: { firstResponseMinutes: 60, resolutionMinutes: 450 }, low: { firstResponseMinutes: 900, resolutionMinutes: 2250 } },
  });

  it('the brand rules give the highest priority any of them gives', () => {
    const rules = [
      { when: 'amount_at_least' as const, amountCents: 50_000, priority: 'high' as const },
      { when: 'open_dispute' as const, priority: 'urgent' as const },
      { when: 'type' as const, type: 'cancellation_request' as const, priority: 'low' as const },
    ];
    expect(rulePriority(rules, { type: 'double_charge', amountCents: 1_000, openDispute: false })).toBeNull();
    expect(rulePriority(rules, { type: 'double_charge', amountCents: 50_000, openDispute: false })).toBe('high');
    expect(rulePriority(rules, { type: 'double_charge', amountCents: 50_000, openDispute: true })).toBe('urgent');
    expect(rulePriority(rules, { type: 'cancellation_request', amountCents: null, openDispute: false })).toBe('low');
    expect(rulePriority(rules, { type: 'cancellation_request', amountCents: 90_000, openDispute: false })).toBe('high');
    expect(higherPriority('normal', 'low')).toBe('normal');
  });

  it('a new priority counts its targets from the ticket start, as if it had had it from the start', () => {
    const t = { ...ticketAt('2026-11-23T09:00', policy), firstRespondedAt: null };
    const urgent = withPriority(t, 'urgent', policy, calendar, at('2026-11-23T09:30'));
    const fromStart = slaDeadlines(calendar, policy, 'double_charge', t.createdAt, 'urgent');
    expect(urgent).toMatchObject({ priority: 'urgent', ...fromStart });
    expect(local(urgent.firstResponseDueAt)).toBe('Mon 23 10:00');
    expect(local(urgent.resolutionDueAt)).toBe('Mon 23 18:00');
    // Back to normal: the deadlines it had.
    const back = withPriority({ ...t, ...urgent }, 'normal', policy, calendar, at('2026-11-23T09:45'));
    expect(back).toMatchObject({ firstResponseDueAt: t.firstResponseDueAt, resolutionDueAt: t.resolutionDueAt, resolutionWarnAt: t.resolutionWarnAt });
  });

  it('a warning or breach already signalled is forgotten when the new threshold is still ahead', () => {
    const t = { ...ticketAt('2026-11-23T09:00', policy, 'urgent'), resolutionWarnedAt: at('2026-11-23T16:30') };
    const low = withPriority(t, 'low', policy, calendar, at('2026-11-23T17:00'));
    expect(low.resolutionWarnedAt).toBeNull();
    const again = withPriority({ ...t, resolutionWarnedAt: at('2026-11-23T16:30') }, 'normal', policy, calendar, at('2026-11-26T10:00'));
    expect(again.resolutionWarnedAt).toEqual(at('2026-11-23T16:30')); // the new warning has passed too
  });

  it('keeps the paused time credited, and moves the minutes left of a paused ticket', () => {
    const t = ticketAt('2026-11-23T09:00', policy);
    const p = moved(t, 'awaiting_customer', at('2026-11-24T10:00'), policy).ticket; // 840 left
    const urgent = withPriority(p, 'urgent', policy, calendar, at('2026-11-25T10:00'));
    expect(urgent.resolutionMinutesLeft).toBe(0); // overdue: breached as soon as it resumes
    const low = withPriority(p, 'low', policy, calendar, at('2026-11-25T10:00'));
    expect(low.resolutionMinutesLeft).toBe(840 + 900);
    const r = moved({ ...p, ...low }, 'in_progress', at('2026-11-26T09:00'), policy).ticket;
    expect(calendar.businessMinutesBetween(at('2026-11-26T09:00'), r.resolutionDueAt)).toBe(1740);
  });

  it('a reopened ticket gets a whole resolution target for its priority, from the reopening', () => {
    const resolvedTicket = { status: 'resolved' as const, type: 'double_charge' as const, priority: 'urgent' as const, reopenCount: 0 };
    const reopened = reopenedTicket(resolvedTicket, calendar, policy, at('2026-11-27T17:00'));
    expect(reopened.ok && local(reopened.value.resolutionDueAt)).toBe('Mon 30 17:00'); // Fri 60 + Mon 390
    expect(reopened.ok && reopened.value.slaPausedAt).toBeNull();
  });
});
