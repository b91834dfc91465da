import type { Ticket } from '../db/entities/ticket.entity';
import type { TicketEvent } from '../db/entities/ticket-event.entity';
import { NO_DEADLINE, slaState } from '../domain/sla';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

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
    firstResponseDueAt: iso(t.firstResponseDueAt),
    resolutionDueAt: iso(t.resolutionDueAt),
    nextDueAt: t.nextDueAt.getTime() >= NO_DEADLINE.getTime() ? null : iso(t.nextDueAt),
    slaState: slaState(t, now),
    outcome: t.outcome,
    version: t.version,
    createdAt: iso(t.createdAt),
    updatedAt: iso(t.updatedAt),
  };
}
export type AgentTicketSummary = ReturnType<typeof agentTicketSummary>;

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
    firstResponseDueAt: iso(t.firstResponseDueAt),
    resolutionDueAt: iso(t.resolutionDueAt),
    createdAt: iso(t.createdAt),
    timeline: publicEvents.map((e) => ({ type: e.type, at: e.createdAt.toISOString(), data: e.data })),
  };
}
