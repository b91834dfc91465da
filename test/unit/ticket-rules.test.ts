import { DateTime } from 'luxon';
import { defaultBrand } from '../../domain/brand-presets';
import { BusinessCalendar } from '../../domain/business-calendar';
import { MAX_REMINDERS, reminderDueAt, stillAwaitingCustomer } from '../../domain/reminders';
import { refund, reopenedResolutionDeadlines, reopening, resolution, statusAfterReply, statusChange } from '../../domain/ticket-rules';
import { ticketStatuses } from '../../domain/ticket-status';

const paris = new BusinessCalendar(defaultBrand.policy.calendar);
const at = (local: string) => DateTime.fromISO(local, { zone: 'Europe/Paris' }).toJSDate();

describe('status changes', () => {
  it('follow the lifecycle, and staying put is allowed', () => {
    expect(statusChange('triaged', 'in_progress')).toEqual({ ok: true, value: 'in_progress' });
    expect(statusChange('in_progress', 'in_progress')).toEqual({ ok: true, value: 'in_progress' });
    expect(statusChange('awaiting_customer', 'closed')).toEqual({ ok: false, refusal: { reason: 'invalid_transition', from: 'awaiting_customer', to: 'closed' } });
    expect(statusChange('closed', 'in_progress').ok).toBe(false);
  });
});

describe('a public reply', () => {
  it('puts a triaged ticket to work, leaves one at work or awaiting the customer as it is, and needs a resolved one reopened', () => {
    expect(statusAfterReply('triaged')).toEqual({ ok: true, value: 'in_progress' });
    expect(statusAfterReply('awaiting_customer')).toEqual({ ok: true, value: 'awaiting_customer' });
    expect(statusAfterReply('in_progress')).toEqual({ ok: true, value: 'in_progress' });
    expect(statusAfterReply('resolved')).toEqual({ ok: false, refusal: { reason: 'reopen_first', status: 'resolved' } });
    expect(statusAfterReply('closed').ok).toBe(false);
    expect(statusAfterReply('new')).toEqual({ ok: false, refusal: { reason: 'invalid_transition', from: 'new', to: 'in_progress' } });
  });
});

describe('resolving', () => {
  it('happens once: a resolved or closed ticket must be reopened first', () => {
    for (const s of ticketStatuses) {
      const r = resolution(s);
      if (s === 'resolved' || s === 'closed') expect(r).toEqual({ ok: false, refusal: { reason: 'already_resolved', status: s } });
      else if (s === 'new') expect(r.ok).toBe(false);
      else expect(r).toEqual({ ok: true, value: 'resolved' });
    }
  });

  it('refunds at most what was paid, and only a known payment', () => {
    expect(refund(5990, 5990)).toEqual({ ok: true, value: 5990 });
    expect(refund(5990, 1000)).toEqual({ ok: true, value: 1000 });
    expect(refund(5990, 5991)).toEqual({ ok: false, refusal: { reason: 'refund_exceeds_payment', paidCents: 5990 } });
    expect(refund(null, 100)).toEqual({ ok: false, refusal: { reason: 'amount_unknown' } });
  });
});

describe('reopening', () => {
  it('takes a resolved ticket back to work, and nothing else', () => {
    expect(reopening('resolved')).toEqual({ ok: true, value: 'in_progress' });
    expect(reopening('in_progress')).toEqual({ ok: false, refusal: { reason: 'only_resolved_reopens', status: 'in_progress' } });
    expect(reopening('closed').ok).toBe(false);
  });

  it('takes a closed ticket back to work only for its customer’s e-mail in a shop that reopens closed tickets', () => {
    expect(reopening('closed', true)).toEqual({ ok: true, value: 'in_progress' });
    for (const status of ['new', 'triaged', 'awaiting_customer', 'in_progress'] as const) expect(reopening(status, true).ok).toBe(false);
  });

  it('gives the whole resolution target again from the moment it reopens (Friday 17:00 → Wednesday 17:00, warning at 80 %)', () => {
    const d = reopenedResolutionDeadlines(paris, defaultBrand.policy.sla, 'double_charge', at('2026-11-20T17:00'), 'normal');
    // 1350 business minutes: 60 on Friday, then 450 a day on Monday and Tuesday, 390 on Wednesday.
    expect(d.resolutionDueAt).toEqual(at('2026-11-25T17:00'));
    // 1080 minutes: Friday 60, Monday 450, Tuesday 450, 120 on Wednesday from 09:00.
    expect(d.resolutionWarnAt).toEqual(at('2026-11-25T11:00'));
  });
});

describe('reminders of an information request', () => {
  it('are due one and two business days after the request, and no more', () => {
    const requested = at('2026-11-20T17:00'); // a Friday, one hour before closing
    expect(MAX_REMINDERS).toBe(2);
    expect(reminderDueAt(paris, requested, 1)).toEqual(at('2026-11-23T17:00'));
    expect(reminderDueAt(paris, requested, 2)).toEqual(at('2026-11-24T17:00'));
    expect(reminderDueAt(paris, requested, 3)).toBeNull();
    expect(reminderDueAt(paris, requested, 0)).toBeNull();
  });

  it('are sent only while the customer still owes something they were asked for', () => {
    const asked = { status: 'awaiting_customer' as const, missingEvidence: ['proof'], informationRequestedAt: new Date() };
    expect(stillAwaitingCustomer(asked)).toBe(true);
    expect(stillAwaitingCustomer({ ...asked, missingEvidence: [] })).toBe(false);
    expect(stillAwaitingCustomer({ ...asked, status: 'in_progress' })).toBe(false);
    expect(stillAwaitingCustomer({ ...asked, informationRequestedAt: null })).toBe(false);
  });
});
