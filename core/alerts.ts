import type { Repositories } from '../db/database';
import type { Ticket } from '../db/entities/ticket.entity';
import type { PendingJob } from '../db/repositories/outbox.repository';
import { alertRecipients, type AlertKind } from '../domain/alerts';
import { alertMailQueue } from '../queues';

export interface AlertRequest {
  kind: AlertKind;
  /** The ticket as it stands after the change (its assignee and shop decide who hears). */
  ticket: Pick<Ticket, 'id' | 'assigneeId' | 'brandId'>;
  /** The timeline event the alert tells about, appended in the same transaction. */
  eventId: number;
  /** The staff user who acted, never alerted about their own action; null: the customer or the system. */
  actorId: string | null;
}

/**
 * Decides who is alerted about a ticket's event and records their e-mails in the caller's
 * transaction (the outbox), so an alert decided is never lost. The jobs are returned for the
 * caller to dispatch after commit (else the outbox sweeper does). Deciding the same alert
 * again records nothing more: each user gets it once.
 */
export async function enqueueAlerts(repos: Repositories, { kind, ticket, eventId, actorId }: AlertRequest): Promise<PendingJob[]> {
  const candidates = await repos.users.findAlertCandidates(ticket.assigneeId);
  const recipients = alertRecipients({ kind, assigneeId: ticket.assigneeId, brandId: ticket.brandId, actorId }, candidates);
  if (!recipients.length) return [];
  return repos.outbox.addOnce(...recipients.map((userId) => alertMailQueue.job({ userId, kind, ticketId: ticket.id, eventId })));
}
