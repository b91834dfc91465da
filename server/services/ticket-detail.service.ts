import type { AppContext } from '../../core/context';
import { agentTicketSummary } from '../../core/ticket-views';
import { requiredEvidence } from '../../domain/evidence-checklist';
import { findTicket } from './find-ticket';
import { businessMinutesLeft } from './ticket-queue.service';

/** Everything an agent needs on one screen. */
export async function agentTicketDetail(ctx: AppContext, idOrReference: string) {
  const repos = ctx.db.repos;
  const ticket = await findTicket(repos, idOrReference);
  const now = ctx.now();
  const [files, timeline, duplicates, assignee, viewers, left] = await Promise.all([
    repos.files.listForTicket(ticket.id),
    repos.events.list(ticket.id),
    repos.tickets.findLinkedDuplicates(ticket),
    ticket.assigneeId ? repos.users.findById(ticket.assigneeId) : null,
    ctx.presence.viewers([ticket.id]),
    businessMinutesLeft(ctx.db, [ticket], now),
  ]);
  return {
    ...agentTicketSummary(ticket, now),
    customerEmail: ticket.customerEmail,
    orderNumber: ticket.orderNumber,
    paymentTime: ticket.paymentTime?.toISOString() ?? null,
    debited: ticket.debited,
    refundDate: ticket.refundDate?.toISOString() ?? null,
    orderTime: ticket.orderTime?.toISOString() ?? null,
    secondDebitTime: ticket.secondDebitTime?.toISOString() ?? null,
    secondDebitAmountCents: ticket.secondDebitAmountCents,
    errorMessage: ticket.errorMessage,
    description: ticket.description,
    checklist: { required: requiredEvidence(ticket), missing: ticket.missingEvidence, requested: ticket.requestedEvidence ?? [] },
    outcomeDetails: ticket.outcomeDetails,
    firstRespondedAt: ticket.firstRespondedAt?.toISOString() ?? null,
    firstResponseBusinessMinutes: ticket.firstResponseBusinessMinutes,
    resolvedAt: ticket.resolvedAt?.toISOString() ?? null,
    resolutionBusinessMinutes: ticket.resolutionBusinessMinutes,
    assignee: assignee ? { id: assignee.id, name: assignee.name } : null,
    viewers: viewers.get(ticket.id) ?? [],
    businessMinutesLeft: left.get(ticket.id) ?? null,
    files: files.map((f) => ({
      id: f.id,
      name: f.originalName,
      mimeType: f.mimeType,
      sizeBytes: f.sizeBytes,
      url: `/api/tickets/${ticket.id}/files/${f.id}`,
      createdAt: f.createdAt.toISOString(),
    })),
    duplicates: duplicates.map((d) => ({ id: d.id, reference: d.reference, status: d.status, createdAt: d.createdAt.toISOString() })),
    timeline: timeline.map((e) => ({ id: e.id, type: e.type, actor: e.actor, isPublic: e.isPublic, data: e.data, at: e.createdAt.toISOString() })),
  };
}
