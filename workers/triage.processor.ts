import type { Job } from 'bullmq';
import type { AppContext } from '../core/context';
import { agentTicketSummary } from '../core/ticket-views';
import type { Repositories } from '../db/database';
import type { Ticket } from '../db/entities/ticket.entity';
import type { PendingJob } from '../db/repositories/outbox.repository';
import type { NewTicketEvent } from '../db/repositories/ticket-event.repository';
import { missingEvidence } from '../domain/evidence-checklist';
import { brandsVerifyingPayments } from '../core/payment-verification';
import { calendarFor } from '../core/calendars';
import { priorityChange } from '../core/ticket-clock';
import { withSchedule } from '../domain/sla';
import { slaOnStatusChange } from '../domain/sla-pause';
import { rulePriority } from '../domain/ticket-priority';
import { mailQueue, paymentCheckQueue, triageQueue } from '../queues';

interface TriageJob {
  ticketId: string;
  jobId: string;
  now: Date;
}

/**
 * Triages the tickets of jobs that arrived together, in one transaction (Database.groupCommit):
 * the checklist from the stored evidence, the status, a link to an open possible duplicate,
 * the acknowledgement e-mail, a payment check when the brand has payments to check against,
 * and the jobs marked done. A ticket already triaged is skipped,
 * so a job run twice (a retry, a sweep) does nothing the second time.
 */
async function triageTickets(repos: Repositories, jobs: TriageJob[]): Promise<Array<{ ticket: Ticket; jobs: PendingJob[] } | null>> {
  const ids = [...new Set(jobs.map((j) => j.ticketId))];
  const tickets = new Map((await repos.tickets.findByIds(ids)).map((t) => [t.id, t]));
  const untriaged = ids.flatMap((id) => {
    const ticket = tickets.get(id);
    return ticket && !ticket.triagedAt ? [ticket] : [];
  });
  const proofCounts = await repos.files.countForTickets(untriaged.map((t) => t.id));
  const duplicates = await repos.tickets.findOpenDuplicates(untriaged);
  const brandIds = [...new Set(untriaged.map((t) => t.brandId))];
  const verifying = await brandsVerifyingPayments(repos, brandIds);
  const brands = new Map((await repos.all(brandIds.map((id) => () => repos.brands.findById(id)))).flatMap((b) => (b ? [[b.id, b] as const] : [])));
  const nowOf = new Map(jobs.map((j) => [j.ticketId, j.now]));
  const events: NewTicketEvent[] = [];
  const mails = new Map<string, PendingJob>();
  const checks = new Map<string, PendingJob>();
  const triaged = new Set<string>();
  const changes = untriaged.map((ticket): Partial<Ticket> => {
    const now = nowOf.get(ticket.id)!;
    const proofCount = proofCounts.get(ticket.id) ?? 0;
    // A chargeback's ticket waits for no evidence from a cardholder who never wrote to the shop.
    const fromCustomer = ticket.source !== 'chargeback';
    const missing = fromCustomer ? missingEvidence({ ...ticket, proofCount }) : [];
    const status = missing.length ? ('awaiting_customer' as const) : ('triaged' as const);
    const duplicate = duplicates.get(ticket.id);
    // The brand's rules set the priority (its targets with it); awaiting the customer may pause the clock.
    const brand = brands.get(ticket.brandId)!;
    const facts = { type: ticket.type, amountCents: ticket.amountCents, openDispute: ticket.source === 'chargeback' || ticket.disputeDueAt !== null };
    const prioritized = priorityChange(brand, ticket, rulePriority(brand.policy.priorityRules, facts) ?? ticket.priority, { kind: 'rule', actor: 'system' }, now);
    const clock = slaOnStatusChange({ ...ticket, ...prioritized?.changes }, status, brand.policy.sla, calendarFor(brand), now);
    const scheduled = withSchedule(ticket, { ...prioritized?.changes, ...clock.changes });
    const data = { status, missingEvidence: missing, firstResponseDueAt: scheduled.firstResponseDueAt?.toISOString() ?? ticket.firstResponseDueAt.toISOString(), resolutionDueAt: (scheduled.resolutionDueAt ?? ticket.resolutionDueAt).toISOString() };
    events.push({ ticketId: ticket.id, type: 'triaged', actor: 'system', isPublic: true, createdAt: now, data });
    if (prioritized) events.push(prioritized.event);
    if (clock.event) events.push({ ticketId: ticket.id, actor: 'system', createdAt: now, ...clock.event });
    if (duplicate) {
      events.push(
        { ticketId: ticket.id, type: 'possible_duplicate', actor: 'system', createdAt: now, data: { ticketId: duplicate.id, reference: duplicate.reference } },
        { ticketId: duplicate.id, type: 'possible_duplicate', actor: 'system', createdAt: now, data: { ticketId: ticket.id, reference: ticket.reference } },
      );
    }
    if (fromCustomer) mails.set(ticket.id, mailQueue.job({ ticketId: ticket.id, template: 'acknowledgement' }));
    triaged.add(ticket.id);
    if (verifying.has(ticket.brandId)) checks.set(ticket.id, paymentCheckQueue.job({ kind: 'ticket', ticketId: ticket.id }));
    return { ...scheduled, status, proofCount, missingEvidence: missing, possibleDuplicateOfId: duplicate?.id ?? null, triagedAt: now, updatedAt: now };
  });
  await repos.tickets.updateMany(untriaged.map((ticket, i) => ({ ticket, changes: changes[i] })));
  await repos.events.append(...events);
  await repos.outbox.add(...mails.values(), ...checks.values());
  await repos.outbox.markAllProcessed(jobs.map((j) => j.jobId), jobs[0].now);
  // Each ticket's outcome goes to the first of its jobs; a second job for it was a repeat.
  return jobs.map((job) => {
    if (!triaged.delete(job.ticketId)) return null;
    return { ticket: tickets.get(job.ticketId)!, jobs: [mails.get(job.ticketId), checks.get(job.ticketId)].filter((j): j is PendingJob => j !== undefined) };
  });
}

async function triageTicket(ctx: AppContext, ticketId: string, jobId: string): Promise<'triaged' | 'skipped'> {
  const now = ctx.now();
  const outcome = await ctx.db.groupCommit(triageTickets, { ticketId, jobId, now });
  if (!outcome) return 'skipped';
  await ctx.dispatcher.dispatch(outcome.jobs);
  ctx.notifier.toAgents('ticket.updated', { ticket: agentTicketSummary(outcome.ticket, now) });
  return 'triaged';
}

export const triageProcessor = (ctx: AppContext) => async (job: Job) => {
  const { ticketId } = triageQueue.payload.parse(job.data);
  return triageTicket(ctx, ticketId, job.id!);
};
