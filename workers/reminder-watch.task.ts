import { calendarFor } from '../core/calendars';
import type { AppContext } from '../core/context';
import { reminderDueAt, stillAwaitingCustomer } from '../domain/reminders';
import { mailQueue } from '../queues';

/**
 * Reminds customers who were asked for information and have not sent it (the schedule is
 * domain/reminders.ts), on the same
 * principle as the SLA watch: the ticket keeps the instant of its next reminder (indexed),
 * and the e-mail is queued through the outbox in the same transaction that records it.
 */
export async function runReminderWatch(ctx: AppContext): Promise<number> {
  const now = ctx.now();
  let sent = 0;
  for (const ticket of await ctx.db.repos.tickets.findRemindersDue(now, 500)) {
    const guard = { nextReminderAt: ticket.nextReminderAt };
    const mail = await ctx.db.transaction(async (repos) => {
        if (!stillAwaitingCustomer(ticket)) {
          await repos.tickets.updateIf(ticket, guard, { nextReminderAt: null, updatedAt: now });
          return null;
        }
        const n = ticket.remindersSent + 1;
        const calendar = calendarFor((await repos.brands.findById(ticket.brandId))!);
        const next = reminderDueAt(calendar, ticket.informationRequestedAt, n + 1);
        // Another worker, or the customer's answer, got there first: nothing to send.
        if (!(await repos.tickets.updateIf(ticket, guard, { remindersSent: n, nextReminderAt: next, updatedAt: now }))) return null;
        await repos.events.append({ ticketId: ticket.id, type: 'reminder_sent', actor: 'system', isPublic: true, createdAt: now, data: { reminder: n, missingEvidence: ticket.missingEvidence } });
        return mailQueue.enqueue(repos.outbox, { ticketId: ticket.id, template: 'evidence_reminder', key: `r${n}-${ticket.informationRequestedAt.getTime()}` });
    });
    if (mail) {
      await ctx.dispatcher.dispatch([mail]);
      sent++;
    }
  }
  return sent;
}
