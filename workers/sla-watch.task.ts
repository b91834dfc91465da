import { enqueueAlerts } from '../core/alerts';
import type { AppContext } from '../core/context';
import { agentTicketSummary } from '../core/ticket-views';
import type { Ticket } from '../db/entities/ticket.entity';
import type { PendingJob } from '../db/repositories/outbox.repository';
import { dueSlaSignals, nextSlaCheckAt, type SlaSignal } from '../domain/sla';

const BATCH = 500;
const MAX_BATCHES_PER_RUN = 20;

const columns = {
  first_response: { warned: 'firstResponseWarnedAt', breached: 'firstResponseBreachedAt', due: 'firstResponseDueAt' },
  resolution: { warned: 'resolutionWarnedAt', breached: 'resolutionBreachedAt', due: 'resolutionDueAt' },
} as const;

/** Records the signals on the ticket, unless the ticket's schedule moved since it was read. */
async function signalTicket(ctx: AppContext, ticket: Ticket, now: Date): Promise<SlaSignal[]> {
  const signals = dueSlaSignals(ticket, now);
  const changes: Partial<Ticket> & { updatedAt: Date } = { updatedAt: now };
  for (const s of signals) {
    const c = columns[s.target];
    if (s.level === 'breach') changes[c.breached] = now;
    changes[c.warned] = ticket[c.warned] ?? now;
  }
  changes.slaNextCheckAt = nextSlaCheckAt({ ...ticket, ...changes });
  // The alerts are decided with the events they tell about, in the same transaction.
  const recorded = await ctx.db.transaction(async (repos): Promise<PendingJob[] | null> => {
    if (!(await repos.tickets.updateIf(ticket, { slaNextCheckAt: ticket.slaNextCheckAt }, changes))) return null;
    const alerts: PendingJob[] = [];
    for (const s of signals) {
      const event = await repos.events.appendOne({
        ticketId: ticket.id,
        type: s.level === 'breach' ? 'sla_breached' : 'sla_warning',
        actor: 'system',
        createdAt: now,
        data: { target: s.target, threshold: s.at.toISOString(), dueAt: ticket[columns[s.target].due].toISOString() },
      });
      alerts.push(...(await enqueueAlerts(repos, { kind: s.level === 'breach' ? 'sla_breach' : 'sla_warning', ticket, eventId: event.id, actorId: null })));
    }
    return alerts;
  });
  if (!recorded) return []; // another worker, or an agent's change, got there first: the next run looks again
  if (recorded.length) await ctx.dispatcher.dispatch(recorded);
  for (const s of signals) {
    ctx.notifier.toAgents(s.level === 'breach' ? 'ticket.sla_breached' : 'ticket.sla_warning', {
      ticket: agentTicketSummary(ticket, now),
      target: s.target,
      dueAt: ticket[columns[s.target].due].toISOString(),
    });
  }
  return signals;
}

/**
 * Warnings and breaches are scheduled in the database, not in Redis: each ticket keeps the
 * instant of its next threshold (slaNextCheckAt, indexed), and this watch reads only the
 * tickets whose instant has passed. Cost per run is the number of signals due, whatever the
 * number of open tickets; nothing is lost if Redis is flushed; deadlines that move need no
 * rescheduling. Several workers may run it: the write is guarded by the schedule it read, so one records each signal.
 */
export async function runSlaWatch(ctx: AppContext): Promise<SlaSignal[]> {
  const now = ctx.now();
  const all: SlaSignal[] = [];
  for (let i = 0; i < MAX_BATCHES_PER_RUN; i++) {
    const due = await ctx.db.repos.tickets.findSlaCheckDue(now, BATCH);
    for (const ticket of due) all.push(...(await signalTicket(ctx, ticket, now)));
    if (due.length < BATCH) break;
  }
  return all;
}
