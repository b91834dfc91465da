import type { AppContext } from '../core/context';
import { agentTicketSummary } from '../core/ticket-views';
import type { Ticket } from '../db/entities/ticket.entity';
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
  const recorded = await ctx.db.transaction(async (repos) => {
    if (!(await repos.tickets.updateIf(ticket, { slaNextCheckAt: ticket.slaNextCheckAt }, changes))) return false;
    await repos.events.append(
        ...signals.map((s) => ({
          ticketId: ticket.id,
          type: s.level === 'breach' ? 'sla_breached' : 'sla_warning',
          actor: 'system',
          createdAt: now,
          data: { target: s.target, threshold: s.at.toISOString(), dueAt: ticket[columns[s.target].due].toISOString() },
        })),
    );
    return true;
  });
  if (!recorded) return []; // another worker, or an agent's change, got there first: the next run looks again
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
