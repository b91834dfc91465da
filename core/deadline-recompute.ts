import { calendarFor } from './calendars';
import type { AppContext } from './context';
import { agentTicketSummary } from './ticket-views';
import type { Brand } from '../db/entities/brand.entity';
import type { Ticket } from '../db/entities/ticket.entity';
import type { BrandChange } from '../domain/brand-admin.schemas';
import { slaTargets } from '../domain/sla';
import { pauseSpansOf } from '../domain/sla-report';
import { recomputedDeadlines, type PauseSpan } from '../domain/sla-recompute';

/*
 * A brand's open tickets get the deadlines its changed calendar or targets give them (issue
 * 15): in the admin's request, and by the workers' watch when that request's process died
 * before the end (the brand row says a recompute is owed until it is done).
 */

/** Tickets recomputed per transaction: short enough that agents' writes never wait long on them. */
export const RECOMPUTE_BATCH = 200;

/** Each ticket's pause spans (domain/sla-report.ts), from the events of many tickets. */
function pauseSpans(events: Array<{ ticketId: string; type: string; createdAt: Date }>): Map<string, PauseSpan[]> {
  const byTicket = new Map<string, typeof events>();
  for (const e of events) byTicket.set(e.ticketId, [...(byTicket.get(e.ticketId) ?? []), e]);
  return new Map([...byTicket].map(([id, list]) => [id, pauseSpansOf(list)]));
}

/**
 * Every open ticket of the brand (new, triaged, awaiting the customer, in progress) gets the
 * deadlines the brand's calendar and targets now give it (domain/sla-recompute.ts), one batch
 * per transaction; each changed ticket gets a `deadlines_recomputed` event with before/after,
 * and agents hear of it. Returns how many tickets changed. Running it again changes nothing.
 */
export async function recomputeOpenDeadlines(ctx: AppContext, brand: Brand, actor: string, brandChangesMade: BrandChange[] = [], batchSize = RECOMPUTE_BATCH): Promise<number> {
  const calendar = calendarFor(brand);
  const sla = brand.policy.sla;
  const paths = brandChangesMade.map((c) => c.path).filter((p) => p.startsWith('policy.calendar') || p.startsWith('policy.sla'));
  let afterId = '';
  let changed = 0;
  for (;;) {
    const now = ctx.now();
    const batch = await ctx.db.transaction(async (repos) => {
      const tickets = await repos.tickets.findOpenOfBrandForUpdate(brand.id, afterId, batchSize);
      const history = await repos.events.findOfTypes(tickets.map((t) => t.id), ['reopened', 'sla_paused', 'sla_resumed']);
      const reopenedAt = new Map(history.filter((e) => e.type === 'reopened').map((e) => [e.ticketId, e.createdAt]));
      const spans = pauseSpans(history.filter((e) => e.type !== 'reopened'));
      const written: Ticket[] = [];
      for (const ticket of tickets) {
        const recompute = recomputedDeadlines(
          { ...ticket, reopenedAt: reopenedAt.get(ticket.id) ?? null },
          calendar,
          slaTargets(sla, ticket.type, ticket.priority),
          sla.warningRatio,
          now,
          spans.get(ticket.id) ?? [],
        );
        if (!recompute) continue;
        await repos.tickets.update(ticket, { ...recompute.changes, updatedAt: now });
        written.push(ticket);
        await repos.events.append({ ticketId: ticket.id, type: 'deadlines_recomputed', actor, createdAt: now, data: { reason: 'brand_changed', paths, before: recompute.before, after: recompute.after } });
      }
      return { last: tickets.at(-1)?.id ?? null, size: tickets.length, written };
    });
    changed += batch.written.length;
    for (const ticket of batch.written) ctx.notifier.toAgents('ticket.updated', { ticket: agentTicketSummary(ticket, now) });
    if (!batch.last || batch.size < batchSize) return changed;
    afterId = batch.last;
  }
}

/** How long after a brand change the workers recompute its tickets once more: longer than any request, and than a brand cache lives. */
export const RECOMPUTE_GRACE_MS = 5 * 60_000;

/**
 * The workers' watch: a brand change's recompute is run once more here, a few minutes after
 * the change: it finishes one whose process died mid-way, and catches a ticket opened meanwhile
 * by a process that still had the old policy cached. Recomputing is idempotent, so two
 * workers doing it at once only cost time.
 */
export async function runOwedRecomputes(ctx: AppContext): Promise<number> {
  let changed = 0;
  for (const brand of await ctx.db.repos.brands.findRecomputeDue(new Date(ctx.now().getTime() - RECOMPUTE_GRACE_MS))) {
    changed += await recomputeOpenDeadlines(ctx, brand, 'system');
    await ctx.db.repos.brands.recomputeDone(brand.id, brand.recomputeRequestedAt!);
    ctx.logger.info({ brand: brand.slug, changed }, 'an interrupted deadline recompute finished');
  }
  return changed;
}
