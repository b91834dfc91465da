import type { CancellationStanding } from '../domain/cancellation';
import type { Brand } from '../db/entities/brand.entity';
import type { EvidenceFile } from '../db/entities/evidence-file.entity';
import type { Ticket } from '../db/entities/ticket.entity';
import type { TicketEvent } from '../db/entities/ticket-event.entity';
import type { User } from '../db/entities/user.entity';
import { requiredEvidence } from '../domain/evidence-checklist';
import { NO_DEADLINE, slaState } from '../domain/sla';
import type { Viewer } from './presence';

/*
 * What the API answers about tickets, built here once: the server's routes and sockets send
 * these, and the web client imports their types (client/src/api.ts), so the two cannot drift.
 */

function iso(d: Date): string;
function iso(d: Date | null): string | null;
function iso(d: Date | null) {
  return d ? d.toISOString() : null;
}

/** What agents see of a ticket in the queue and in live events. Text was redacted at intake. */
export function agentTicketSummary(t: Ticket, now = new Date()) {
  return {
    id: t.id,
    reference: t.reference,
    brandId: t.brandId,
    type: t.type,
    status: t.status,
    language: t.language,
    customerName: t.customerName,
    amountCents: t.amountCents,
    currency: t.currency,
    cardType: t.cardType,
    cardLast4: t.cardLast4,
    missingEvidence: t.missingEvidence,
    missingEvidenceCount: t.missingEvidence.length,
    possibleDuplicateOfId: t.possibleDuplicateOfId,
    assigneeId: t.assigneeId,
    priority: t.priority,
    /** While the brand's resolution clock is paused (awaiting the customer): since when, and the business minutes left then. */
    slaPausedAt: iso(t.slaPausedAt),
    resolutionMinutesLeft: t.resolutionMinutesLeft,
    firstResponseDueAt: iso(t.firstResponseDueAt),
    resolutionDueAt: iso(t.resolutionDueAt),
    nextDueAt: t.nextDueAt.getTime() >= NO_DEADLINE.getTime() ? null : iso(t.nextDueAt),
    slaState: slaState(t, now),
    outcome: t.outcome,
    /** `chargeback`: opened by a dispute the cardholder never wrote to the shop about. */
    source: t.source,
    /** An open chargeback's evidence deadline: shown first in the queue. */
    disputeDueAt: iso(t.disputeDueAt),
    moneyExpectedBy: iso(t.moneyExpectedBy),
    version: t.version,
    createdAt: iso(t.createdAt),
    updatedAt: iso(t.updatedAt),
  };
}
export type AgentTicketSummary = ReturnType<typeof agentTicketSummary>;

/** A row of the agents' queue: the summary, who has it, who is looking, and the business time left. */
export function queueRow(t: Ticket, live: { assigneeName: string | null; viewers: Viewer[]; businessMinutesLeft: number | null }, now: Date) {
  return {
    ...agentTicketSummary(t, now),
    assignee: t.assigneeId ? { id: t.assigneeId, name: live.assigneeName } : null,
    viewers: live.viewers,
    businessMinutesLeft: live.businessMinutesLeft,
  };
}
export type QueueRow = ReturnType<typeof queueRow>;

/** Everything an agent needs on one ticket's screen. */
export function agentTicketView(
  ticket: Ticket,
  parts: { files: EvidenceFile[]; timeline: TicketEvent[]; duplicates: Ticket[]; assignee: Pick<User, 'id' | 'name'> | null; viewers: Viewer[]; businessMinutesLeft: number | null; cancellation: CancellationStanding | null },
  now: Date,
) {
  return {
    ...agentTicketSummary(ticket, now),
    customerEmail: ticket.customerEmail,
    orderNumber: ticket.orderNumber,
    paymentTime: iso(ticket.paymentTime),
    debited: ticket.debited,
    refundDate: iso(ticket.refundDate),
    orderTime: iso(ticket.orderTime),
    secondDebitTime: iso(ticket.secondDebitTime),
    secondDebitAmountCents: ticket.secondDebitAmountCents,
    errorMessage: ticket.errorMessage,
    description: ticket.description,
    checklist: { required: requiredEvidence(ticket), missing: ticket.missingEvidence, requested: ticket.requestedEvidence ?? [] },
    outcomeDetails: ticket.outcomeDetails,
    firstRespondedAt: iso(ticket.firstRespondedAt),
    firstResponseBusinessMinutes: ticket.firstResponseBusinessMinutes,
    resolvedAt: iso(ticket.resolvedAt),
    resolutionBusinessMinutes: ticket.resolutionBusinessMinutes,
    assignee: parts.assignee ? { id: parts.assignee.id, name: parts.assignee.name } : null,
    viewers: parts.viewers,
    businessMinutesLeft: parts.businessMinutesLeft,
    files: parts.files.map((f) => ({
      id: f.id,
      name: f.originalName,
      mimeType: f.mimeType,
      sizeBytes: f.sizeBytes,
      /** The customer's proof, or an agent's attachment to a reply. */
      addedBy: f.addedBy,
      url: `/api/tickets/${ticket.id}/files/${f.id}`,
      createdAt: f.createdAt.toISOString(),
    })),
    duplicates: parts.duplicates.map((d) => ({ id: d.id, reference: d.reference, status: d.status, createdAt: d.createdAt.toISOString() })),
    timeline: parts.timeline.map(timelineEntry),
    /** A cancellation request: inside the shop's window when the customer asked, and the outcome it implies. */
    cancellation: parts.cancellation && { ...parts.cancellation, windowEndsAt: iso(parts.cancellation.windowEndsAt) },
  };
}
export type AgentTicketView = ReturnType<typeof agentTicketView>;

/** One event of a ticket's full timeline, as agents see it (the detail view, live notes, /api/events). */
export function timelineEntry(e: TicketEvent) {
  return { id: e.id, type: e.type, actor: e.actor, isPublic: e.isPublic, data: e.data, at: e.createdAt.toISOString() };
}
export type TimelineEntry = ReturnType<typeof timelineEntry>;

/** What the customer sees with their private token: no internal notes, ids or agent details. */
export function customerTicketView(t: Ticket, publicEvents: TicketEvent[]) {
  return {
    reference: t.reference,
    type: t.type,
    status: t.status,
    language: t.language,
    missingEvidence: t.missingEvidence,
    orderNumber: t.orderNumber,
    amountCents: t.amountCents,
    currency: t.currency,
    cardType: t.cardType,
    proofCount: t.proofCount,
    outcome: t.outcome,
    outcomeDetails: t.outcomeDetails,
    /** When the refund or the released hold should be on the customer's account. */
    moneyExpectedBy: iso(t.moneyExpectedBy),
    firstResponseDueAt: iso(t.firstResponseDueAt),
    resolutionDueAt: iso(t.resolutionDueAt),
    createdAt: iso(t.createdAt),
    timeline: publicEvents.map((e) => ({ type: e.type, at: e.createdAt.toISOString(), data: e.data })),
  };
}
export type CustomerTicketView = ReturnType<typeof customerTicketView>;

/** The customer's status page: their ticket and what they need to know of the shop. */
export function customerStatusView(t: Ticket, publicEvents: TicketEvent[], brand: Brand) {
  return {
    ...customerTicketView(t, publicEvents),
    brand: { name: brand.name, supportEmail: brand.policy.supportEmail, refundPostingDays: brand.policy.refundPostingDays },
  };
}
export type CustomerStatusView = ReturnType<typeof customerStatusView>;
