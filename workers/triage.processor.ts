import type { Job } from 'bullmq';
import type { AppContext } from '../core/context';
import { agentTicketSummary } from '../core/ticket-views';
import { missingEvidence } from '../domain/evidence-checklist';
import { mailQueue, triageQueue } from './queues';

/**
 * Triage re-reads the ticket and returns early when it is already triaged, so a job run
 * twice (a retry, a sweep) does nothing the second time. In one transaction: the checklist
 * from the stored evidence, the status, a link to an open possible duplicate, the
 * acknowledgement e-mail, and the job marked done.
 */
export async function triageTicket(ctx: AppContext, ticketId: string, jobId: string): Promise<'triaged' | 'skipped'> {
  const now = ctx.now();
  const outcome = await ctx.db.transaction(async (repos) => {
    const ticket = await repos.tickets.findById(ticketId);
    if (!ticket || ticket.triagedAt) {
      await repos.outbox.markProcessed(jobId, now);
      return null;
    }
    const proofCount = await repos.files.countForTicket(ticket.id);
    const missing = missingEvidence({ ...ticket, proofCount });
    const duplicate = await repos.tickets.findOpenDuplicate(ticket);
    const status = missing.length ? 'awaiting_customer' : 'triaged';
    await repos.tickets.update(ticket, {
      status,
      proofCount,
      missingEvidence: missing,
      possibleDuplicateOfId: duplicate?.id ?? null,
      triagedAt: now,
      updatedAt: now,
    });
    await repos.events.append(
      {
        ticketId,
        type: 'triaged',
        actor: 'system',
        isPublic: true,
        createdAt: now,
        data: {
          status,
          missingEvidence: missing,
          firstResponseDueAt: ticket.firstResponseDueAt.toISOString(),
          resolutionDueAt: ticket.resolutionDueAt.toISOString(),
        },
      },
      ...(duplicate
        ? [
            { ticketId, type: 'possible_duplicate', actor: 'system', createdAt: now, data: { ticketId: duplicate.id, reference: duplicate.reference } },
            { ticketId: duplicate.id, type: 'possible_duplicate', actor: 'system', createdAt: now, data: { ticketId, reference: ticket.reference } },
          ]
        : []),
    );
    const mail = await mailQueue.enqueue(repos.outbox, { ticketId, template: 'acknowledgement' });
    await repos.outbox.markProcessed(jobId, now);
    return { ticket, mail };
  });
  if (!outcome) return 'skipped';
  await ctx.dispatcher.dispatch([outcome.mail]);
  ctx.notifier.toAgents('ticket.updated', { ticket: agentTicketSummary(outcome.ticket, now) });
  return 'triaged';
}

export const triageProcessor = (ctx: AppContext) => async (job: Job) => {
  const { ticketId } = triageQueue.payload.parse(job.data);
  return triageTicket(ctx, ticketId, job.id!);
};
