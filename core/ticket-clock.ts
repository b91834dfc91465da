import type { Repositories } from '../db/database';
import type { Brand } from '../db/entities/brand.entity';
import type { Ticket } from '../db/entities/ticket.entity';
import type { NewTicketEvent } from '../db/repositories/ticket-event.repository';
import type { Priority } from '../domain/brand-policy';
import { slaOnStatusChange } from '../domain/sla-pause';
import { businessMinutesWithoutPauses, pausedSpans } from '../domain/sla-report';
import { higherPriority, priorityChangedEvent, rulePriority, withPriority } from '../domain/ticket-priority';
import type { TicketStatus } from '../domain/ticket-status';
import { calendarFor } from './calendars';

/*
 * The SLA clock's side of a ticket's changes (issue 15), for every writer of tickets (agents'
 * actions, the customer's evidence, e-mail replies, triage, payment checks): the pure rules
 * of domain/sla-pause.ts and domain/ticket-priority.ts, with their events on the timeline.
 */

/**
 * What a status change does to the resolution clock (a pause, a resume, or nothing): the
 * columns to spread into the ticket's write (before withSchedule), the event appended now.
 */
export async function clockOnStatusChange(repos: Repositories, brand: Brand, ticket: Ticket, to: TicketStatus, now: Date): Promise<Partial<Ticket>> {
  const { changes, event } = slaOnStatusChange(ticket, to, brand.policy.sla, calendarFor(brand), now);
  if (event) await repos.events.append({ ticketId: ticket.id, actor: 'system', createdAt: now, ...event });
  return changes;
}

/**
 * A new priority and the deadlines it implies, with its `priority_changed` event (returned,
 * for writers that append events in bulk); null when the priority stays.
 */
export function priorityChange(
  brand: Brand,
  ticket: Ticket,
  priority: Priority,
  by: { kind: 'rule' | 'agent'; actor: string },
  now: Date,
): { changes: Partial<Ticket>; event: NewTicketEvent } | null {
  if (ticket.priority === priority) return null;
  const changes = withPriority(ticket, priority, brand.policy.sla, calendarFor(brand), now);
  const { type, data } = priorityChangedEvent(ticket.priority, priority, by.kind, changes);
  return { changes, event: { ticketId: ticket.id, type, actor: by.actor, createdAt: now, data } };
}

/** The priority the brand's rules give once a chargeback is open on the ticket, when higher than its own (null otherwise). */
export function disputePriority(brand: Brand, ticket: Ticket, now: Date): ReturnType<typeof priorityChange> {
  const ruled = rulePriority(brand.policy.priorityRules, { type: ticket.type, amountCents: ticket.amountCents, openDispute: true });
  if (!ruled || higherPriority(ticket.priority, ruled) === ticket.priority) return null;
  return priorityChange(brand, ticket, ruled, { kind: 'rule', actor: 'system' }, now);
}

/** Business minutes from the ticket's creation to now, without the time its resolution clock was paused. */
export async function businessMinutesWorked(repos: Repositories, brand: Brand, ticket: Ticket, now: Date): Promise<number> {
  const calendar = calendarFor(brand);
  if (!ticket.slaPausedAt && !(await repos.events.lastOfType(ticket.id, 'sla_paused'))) return Math.round(calendar.businessMinutesBetween(ticket.createdAt, now));
  const events = [...(await repos.events.findOfType(ticket.id, 'sla_paused')), ...(await repos.events.findOfType(ticket.id, 'sla_resumed'))].sort((a, b) => a.id - b.id);
  return Math.round(businessMinutesWithoutPauses(calendar, ticket.createdAt, now, pausedSpans(events, now)));
}
