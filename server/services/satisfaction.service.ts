import { randomUUID } from 'node:crypto';
import type { AppContext } from '../../core/context';
import { agentTicketSummary, timelineEntry } from '../../core/ticket-views';
import type { Repositories } from '../../db/database';
import type { Ticket } from '../../db/entities/ticket.entity';
import type { TicketEvent } from '../../db/entities/ticket-event.entity';
import { isUniqueViolation } from '../../db/errors';
import { redactFields } from '../../domain/redaction';
import { ratingRefusal, resolverOf } from '../../domain/satisfaction';
import { ratingSchema, type SatisfactionView } from '../../domain/satisfaction.schemas';
import { AppError, invalidBody, validationError } from '../errors';

/** The resolution a rating is of now: the ticket's latest `resolved` event, while it is resolved or closed. */
async function currentResolution(repos: Repositories, ticket: Ticket): Promise<TicketEvent | null> {
  if (ticket.status !== 'resolved' && ticket.status !== 'closed') return null;
  return repos.events.lastOfType(ticket.id, 'resolved');
}

/** What the customer's page shows: whether the current resolution can be rated, and how it was. */
export async function satisfactionView(ctx: AppContext, ticket: Ticket): Promise<SatisfactionView> {
  const repos = ctx.db.repos;
  const resolution = await currentResolution(repos, ticket);
  const refusal = ratingRefusal(ticket, resolution?.id ?? null);
  const rating = resolution && !refusal ? await repos.satisfaction.findForResolution(resolution.id) : null;
  return {
    reference: ticket.reference,
    rateable: !refusal && !rating,
    reason: refusal ?? (rating ? 'already_rated' : null),
    rating: rating && { score: rating.score, comment: rating.comment, at: rating.createdAt.toISOString() },
  };
}

/**
 * The customer rates the answer: 1 to 5 and an optional comment (card numbers redacted first,
 * the redaction recorded without them), once per resolution — a second rating is 409
 * `already_rated`, whether it comes after the first or at the same time (the unique
 * resolution id). Recorded as a `satisfaction_rated` event; agents' screens hear of it.
 */
export async function rate(ctx: AppContext, ticket: Ticket, body: unknown): Promise<SatisfactionView> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalidBody();
  const { clean, redactions } = redactFields(body as Record<string, unknown>);
  const parsed = ratingSchema.safeParse(clean);
  if (!parsed.success) throw validationError(parsed.error);
  const input = parsed.data;
  const now = ctx.now();
  let done: { current: Ticket; events: TicketEvent[] };
  try {
    done = await ctx.db.transaction(async (repos) => {
      const current = (await repos.tickets.findById(ticket.id))!;
      const resolution = await currentResolution(repos, current);
      const refusal = ratingRefusal(current, resolution?.id ?? null);
      if (refusal || !resolution) throw new AppError(409, 'not_rateable', 'This request cannot be rated now: it is not resolved.', { reason: refusal });
      if (await repos.satisfaction.findForResolution(resolution.id)) throw alreadyRated();
      await repos.satisfaction.insert({
        id: randomUUID(),
        ticketId: current.id,
        resolutionEventId: resolution.id,
        brandId: current.brandId,
        type: current.type,
        agentId: resolverOf(resolution.actor),
        ticketCreatedDay: current.createdDay,
        score: input.score,
        comment: input.comment ?? null,
        via: input.via,
        createdAt: now,
      });
      const events = [
        await repos.events.appendOne({
          ticketId: current.id,
          type: 'satisfaction_rated',
          actor: 'customer',
          isPublic: true,
          createdAt: now,
          data: { score: input.score, comment: input.comment ?? null, via: input.via, resolutionEventId: resolution.id },
        }),
      ];
      if (redactions.length) events.push(await repos.events.appendOne({ ticketId: current.id, type: 'redacted', actor: 'system', createdAt: now, data: { fields: redactions } }));
      return { current, events };
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw alreadyRated();
    throw err;
  }
  for (const event of done.events) ctx.notifier.toTicket(done.current.id, 'ticket.event', { ticketId: done.current.id, event: timelineEntry(event) });
  ctx.notifier.toAgents('ticket.updated', { ticket: agentTicketSummary(done.current, now) });
  return satisfactionView(ctx, done.current);
}

const alreadyRated = () => new AppError(409, 'already_rated', 'This answer has already been rated. Thank you!');
