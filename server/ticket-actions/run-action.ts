import { calendarFor } from '../../core/calendars';
import type { AppContext } from '../../core/context';
import { agentTicketSummary } from '../../core/ticket-views';
import type { Repositories } from '../../db/database';
import type { Ticket } from '../../db/entities/ticket.entity';
import type { User } from '../../db/entities/user.entity';
import type { PendingJob } from '../../db/repositories/outbox.repository';
import { StaleTicketError } from '../../db/repositories/ticket.repository';
import { withSchedule as scheduled } from '../../domain/sla';
import type { Ruling } from '../../domain/ticket-rules';
import { refused } from '../errors';
import { findTicket } from '../services/find-ticket';
import { reindexTickets } from '../../core/search-index';

/** What an action did: the ticket as written, and the e-mails to send once committed. */
export interface ActionOutcome {
  ticket: Ticket;
  mails?: PendingJob[];
}

export type ActionWork = (ticket: Ticket, repos: Repositories, now: Date) => Promise<ActionOutcome>;

/**
 * Runs an agent's change in one transaction against the version the agent saw: a stale
 * version answers 409 instead of overwriting. Mails are queued with the change and sent
 * after commit; agents hear about it at once. Every action of tickets/ goes through here.
 */
export async function runAction(ctx: AppContext, idOrReference: string, version: number | null, work: ActionWork) {
  const now = ctx.now();
  const outcome = await ctx.db.transaction(async (repos) => {
    const ticket = await findTicket(repos, idOrReference);
    if (version !== null && ticket.version !== version) throw new StaleTicketError(ticket.id);
    const done = await work(ticket, repos, now);
    // A reply's, a request's or a resolution's words, corrected facts: the search finds what the ticket says now.
    await reindexTickets(repos, [done.ticket.id]);
    return done;
  });
  if (outcome.mails?.length) await ctx.dispatcher.dispatch(outcome.mails);
  const summary = agentTicketSummary(outcome.ticket, now);
  ctx.notifier.toAgents('ticket.updated', { ticket: summary });
  return summary;
}

/** Several changes as one: each works on the ticket the previous wrote, in the same transaction; their mails go together. */
export function inSequence(...works: ActionWork[]): ActionWork {
  return async (ticket, repos, now) => {
    let current = ticket;
    const mails: PendingJob[] = [];
    for (const work of works) {
      const done = await work(current, repos, now);
      current = done.ticket;
      mails.push(...(done.mails ?? []));
    }
    return { ticket: current, mails };
  };
}

/** The value a domain rule allows, or the 409/422 it refuses with. */
export function allowed<T>(ruling: Ruling<T>): T {
  if (!ruling.ok) throw refused(ruling.refusal);
  return ruling.value;
}

/** How an agent appears on the timeline. */
export const actor = (user: User) => `agent:${user.id}`;

/** Business minutes from the ticket's creation to now, on its brand's calendar (as the transaction reads the brand). */
export async function businessMinutesSinceOpened(repos: Repositories, ticket: Ticket, now: Date): Promise<number> {
  const brand = (await repos.brands.findById(ticket.brandId))!;
  return Math.round(calendarFor(brand).businessMinutesBetween(ticket.createdAt, now));
}

/** A public message to the customer meets the first-response target the first time. */
export async function firstResponse(repos: Repositories, ticket: Ticket, now: Date): Promise<Partial<Ticket>> {
  if (ticket.firstRespondedAt) return {};
  return { firstRespondedAt: now, firstResponseBusinessMinutes: await businessMinutesSinceOpened(repos, ticket, now) };
}

/** Keeps the queue order and the SLA watch in step with what changed (domain/sla.ts `withSchedule`). */
export const withSchedule = (ticket: Ticket, changes: Partial<Ticket>): Partial<Ticket> => scheduled(ticket, changes);
