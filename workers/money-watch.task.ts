import { calendarFor } from '../core/calendars';
import type { AppContext } from '../core/context';
import { checkTicket, recordVerdict } from '../core/payment-verification';
import { agentTicketSummary, timelineEntry } from '../core/ticket-views';
import { followUp } from '../domain/money-follow-up';
import { withSchedule } from '../domain/sla';
import { reopenedTicket } from '../domain/ticket-rules';
import { mailQueue } from '../queues';

const system = { actor: 'system' };

/**
 * Following the money: once the date a refund or a released hold should be back on the
 * customer's account has passed, checks the payment again (live from Stripe when connected)
 * and tells the customer the refund's trace reference, or puts the ticket back in the agents'
 * queue, flagged. Each ticket's date is taken once (guarded on moneyCheckAt), whatever the
 * number of workers.
 */
export async function runMoneyWatch(ctx: AppContext): Promise<number> {
  let handled = 0;
  for (const due of await ctx.db.repos.tickets.findMoneyCheckDue(ctx.now(), 200)) {
    const check = await checkTicket(ctx, due, { live: true });
    await recordVerdict(ctx, due, check, system);
    const now = ctx.now();
    const outcome = await ctx.db.transaction(async (repos) => {
      const ticket = await repos.tickets.findForUpdate(due.id);
      // A new expectation (a second refund…) moved the date: the watch comes back then.
      if (!ticket?.moneyCheckAt || ticket.moneyCheckAt > now) return null;
      const next = followUp(check.verdict);
      const refund = check.transactions.find((t) => t.kind === 'refund' && t.at === check.refundedAt?.toISOString());
      if (!(await repos.tickets.updateIf(ticket, { moneyCheckAt: ticket.moneyCheckAt }, { moneyCheckAt: null, updatedAt: now }))) return null;
      if (next === 'done') return { ticket, mails: [], event: null };
      if (next === 'tell_customer') {
        const event = await repos.events.appendOne({
          ticketId: ticket.id,
          type: 'money_traced',
          actor: 'system',
          isPublic: true,
          createdAt: now,
          data: { refundedAt: check.refundedAt?.toISOString() ?? null, arn: check.arn ?? null, amountCents: refund?.amountCents ?? null, currency: refund?.currency ?? ticket.currency },
        });
        return { ticket, event, mails: [await mailQueue.enqueue(repos.outbox, { ticketId: ticket.id, template: 'money_traced', key: `e${event.id}`, eventId: event.id })] };
      }
      const event = await repos.events.appendOne({
        ticketId: ticket.id,
        type: 'money_not_back',
        actor: 'system',
        createdAt: now,
        data: { expectedBy: ticket.moneyExpectedBy?.toISOString() ?? null, verdict: check.verdict },
      });
      const brand = (await repos.brands.findById(ticket.brandId))!;
      const reopened = reopenedTicket(ticket, calendarFor(brand), brand.policy.sla, now);
      if (reopened.ok) {
        await repos.events.append({ ticketId: ticket.id, type: 'reopened', actor: 'system', createdAt: now, data: { reason: 'money_not_back', previousOutcome: ticket.outcome } });
        await repos.tickets.update(ticket, withSchedule(ticket, { ...reopened.value, updatedAt: now }));
      }
      return { ticket, event, mails: [] };
    });
    if (!outcome) continue;
    handled++;
    if (outcome.mails.length) await ctx.dispatcher.dispatch(outcome.mails);
    if (outcome.event) ctx.notifier.toTicket(outcome.ticket.id, 'ticket.event', { ticketId: outcome.ticket.id, event: timelineEntry(outcome.event) });
    ctx.notifier.toAgents('ticket.updated', { ticket: agentTicketSummary(outcome.ticket, now) });
  }
  return handled;
}
