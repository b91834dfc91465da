import { cachedBrand } from '../../core/brands';
import { calendarFor } from '../../core/calendars';
import { z } from 'zod';
import type { AppContext } from '../../core/context';
import { agentTicketSummary } from '../../core/ticket-views';
import type { Database, Repositories } from '../../db/database';
import type { PendingJob } from '../../db/repositories/outbox.repository';
import type { Ticket } from '../../db/entities/ticket.entity';
import type { User } from '../../db/entities/user.entity';
import { StaleTicketError } from '../../db/repositories/ticket.repository';
import { hasRole, type QueueQuery, type ResolveInput } from '../../domain/agent-actions.schemas';
import { requiredEvidence, type EvidenceItem } from '../../domain/evidence-checklist';
import { NO_DEADLINE, nextSlaCheckAt, queueDeadlines, slaTargets } from '../../domain/sla';
import { canTransition, type TicketStatus } from '../../domain/ticket-status';
import { ticketReference } from '../../domain/ticket.schemas';
import { mailQueue } from '../../queues';
import { AppError, notFound } from '../errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A ticket by id or reference, as an agent's URL names it; what can be neither is not looked up. */
export async function findTicket(repos: Repositories, idOrReference: string): Promise<Ticket> {
  const reference = ticketReference.safeParse(idOrReference);
  const ticket = UUID.test(idOrReference)
    ? await repos.tickets.findById(idOrReference)
    : reference.success
      ? await repos.tickets.findByReference(reference.data)
      : null;
  if (!ticket) throw notFound();
  return ticket;
}

/* ---------- the queue ---------- */

/** Business minutes until each ticket's next open deadline (negative once late), on its brand's calendar. */
async function businessMinutesLeft(db: Database, tickets: Ticket[], now: Date): Promise<Map<string, number | null>> {
  const calendars = new Map<string, ReturnType<typeof calendarFor>>();
  for (const brandId of new Set(tickets.map((t) => t.brandId))) calendars.set(brandId, calendarFor((await cachedBrand(db, { id: brandId }))!));
  return new Map(
    tickets.map((t) => [
      t.id,
      t.nextDueAt.getTime() >= NO_DEADLINE.getTime() ? null : Math.round(calendars.get(t.brandId)!.businessMinutesBetween(now, t.nextDueAt)),
    ]),
  );
}

const encodeCursor = (sort: string, key: number, id: string) => Buffer.from(JSON.stringify({ s: sort, k: key, id })).toString('base64url');
/** What encodeCursor wrote: an epoch-ms key a bigint column compares with, and a ticket id. */
const cursorSchema = z.strictObject({ s: z.string(), k: z.number().int(), id: z.uuid() });
function decodeCursor(sort: string, cursor: string | undefined) {
  if (!cursor) return undefined;
  try {
    const c = cursorSchema.safeParse(JSON.parse(Buffer.from(cursor, 'base64url').toString()));
    if (c.success && c.data.s === sort) return { key: c.data.k, id: c.data.id };
  } catch {
    /* falls through */
  }
  throw new AppError(400, 'invalid_cursor', 'This cursor does not belong to this listing; start from the first page.');
}

/** A page of the queue with each row's assignee and who is viewing it now. */
export async function listQueue(ctx: AppContext, user: User, query: QueueQuery) {
  const now = ctx.now();
  let brandId: string | undefined;
  if (query.brand) {
    const brand = await ctx.db.repos.brands.findBySlug(query.brand);
    if (!brand) throw new AppError(400, 'validation_failed', 'Some fields are invalid.', [{ field: 'brand', code: 'unknown_brand', message: 'no shop by that name' }]);
    brandId = brand.id;
  }
  const tickets = await ctx.db.repos.tickets.findQueuePage({
    statuses: query.status,
    type: query.type,
    brandId,
    assigneeId: query.assignee === 'me' ? user.id : query.assignee === 'unassigned' ? null : query.assignee,
    sla: query.sla,
    search: query.q,
    sort: query.sort,
    after: decodeCursor(query.sort, query.cursor),
    limit: query.limit,
    now,
  });
  const assignees = new Map((await ctx.db.repos.users.findByIds([...new Set(tickets.flatMap((t) => t.assigneeId ?? []))])).map((u) => [u.id, u]));
  const viewers = await ctx.presence.viewers(tickets.map((t) => t.id));
  const left = await businessMinutesLeft(ctx.db, tickets, now);
  const last = tickets.at(-1);
  return {
    items: tickets.map((t) => ({
      ...agentTicketSummary(t, now),
      assignee: t.assigneeId ? { id: t.assigneeId, name: assignees.get(t.assigneeId)?.name ?? null } : null,
      viewers: viewers.get(t.id) ?? [],
      businessMinutesLeft: left.get(t.id) ?? null,
    })),
    nextCursor:
      last && tickets.length === query.limit
        ? encodeCursor(query.sort, (query.sort === 'due' ? last.nextDueAt : last.createdAt).getTime(), last.id)
        : null,
  };
}

/* ---------- one ticket ---------- */

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

/* ---------- actions ---------- */

interface ActionOutcome {
  ticket: Ticket;
  mails?: PendingJob[];
}

const actor = (user: User) => `agent:${user.id}`;

/**
 * Runs an agent's change in one transaction against the version the agent saw: a stale
 * version answers 409 instead of overwriting. Mails are queued with the change and sent
 * after commit; agents hear about it at once.
 */
async function act(
  ctx: AppContext,
  idOrReference: string,
  version: number | null,
  work: (ticket: Ticket, repos: Repositories, now: Date) => Promise<ActionOutcome>,
) {
  const now = ctx.now();
  const outcome = await ctx.db.transaction(async (repos) => {
    const ticket = await findTicket(repos, idOrReference);
    if (version !== null && ticket.version !== version) throw new StaleTicketError(ticket.id);
    return work(ticket, repos, now);
  });
  if (outcome.mails?.length) await ctx.dispatcher.dispatch(outcome.mails);
  const summary = agentTicketSummary(outcome.ticket, now);
  ctx.notifier.toAgents('ticket.updated', { ticket: summary });
  return summary;
}

function transition(ticket: Ticket, to: TicketStatus): TicketStatus {
  if (ticket.status !== to && !canTransition(ticket.status, to)) {
    throw new AppError(409, 'invalid_transition', `A ${ticket.status} ticket cannot become ${to}.`, { from: ticket.status, to });
  }
  return to;
}

async function businessMinutesSinceOpened(repos: Repositories, ticket: Ticket, now: Date): Promise<number> {
  const brand = (await repos.brands.findById(ticket.brandId))!;
  return Math.round(calendarFor(brand).businessMinutesBetween(ticket.createdAt, now));
}

/** A public message to the customer meets the first-response target the first time. */
async function firstResponse(repos: Repositories, ticket: Ticket, now: Date): Promise<Partial<Ticket>> {
  if (ticket.firstRespondedAt) return {};
  return { firstRespondedAt: now, firstResponseBusinessMinutes: await businessMinutesSinceOpened(repos, ticket, now) };
}

/** Keeps the queue order and the SLA watch in step with what changed. */
function withSchedule(ticket: Ticket, changes: Partial<Ticket>): Partial<Ticket> {
  const next = { ...ticket, ...changes };
  return { ...changes, ...queueDeadlines(next), slaNextCheckAt: nextSlaCheckAt(next) };
}

// What staff type (notes, replies, messages, reasons) arrives with card numbers already masked
// by its zod schema (redactedText in domain/agent-actions.schemas.ts).

export function claim(ctx: AppContext, user: User, id: string, version: number) {
  return act(ctx, id, version, async (ticket, repos, now) => {
    if (ticket.assigneeId && ticket.assigneeId !== user.id) {
      throw new AppError(409, 'already_assigned', 'Someone else has this ticket; ask them or a manager to reassign it.');
    }
    await repos.tickets.update(ticket, { assigneeId: user.id, updatedAt: now });
    await repos.events.append({ ticketId: ticket.id, type: 'assigned', actor: actor(user), createdAt: now, data: { assigneeId: user.id, assigneeName: user.name } });
    return { ticket };
  });
}

export function assign(ctx: AppContext, user: User, id: string, version: number, assigneeId: string | null) {
  return act(ctx, id, version, async (ticket, repos, now) => {
    const assignee = assigneeId ? await repos.users.findById(assigneeId) : null;
    if (assigneeId && (!assignee || assignee.disabledAt || !hasRole(assignee.role, 'agent'))) {
      throw new AppError(400, 'validation_failed', 'Some fields are invalid.', [{ field: 'assigneeId', code: 'unknown_user', message: 'no active agent with this id' }]);
    }
    await repos.tickets.update(ticket, { assigneeId, updatedAt: now });
    await repos.events.append({
      ticketId: ticket.id,
      type: assigneeId ? 'assigned' : 'unassigned',
      actor: actor(user),
      createdAt: now,
      data: { assigneeId, assigneeName: assignee?.name ?? null, previousAssigneeId: ticket.assigneeId },
    });
    return { ticket };
  });
}

export function changeStatus(ctx: AppContext, user: User, id: string, version: number, status: TicketStatus) {
  return act(ctx, id, version, async (ticket, repos, now) => {
    const from = ticket.status;
    await repos.tickets.update(ticket, { status: transition(ticket, status), updatedAt: now });
    await repos.events.append({ ticketId: ticket.id, type: 'status_changed', actor: actor(user), isPublic: true, createdAt: now, data: { from, to: status } });
    return { ticket };
  });
}

export async function addNote(ctx: AppContext, user: User, id: string, body: string) {
  const { ticket, event } = await ctx.db.transaction(async (repos) => {
    const ticket = await findTicket(repos, id);
    const event = await repos.events.appendOne({ ticketId: ticket.id, type: 'note', actor: actor(user), createdAt: ctx.now(), data: { body, authorName: user.name } });
    return { ticket, event };
  });
  ctx.notifier.toTicket(ticket.id, 'ticket.event', { ticketId: ticket.id, event: { id: event.id, type: event.type, actor: event.actor, data: event.data, at: event.createdAt.toISOString() } });
  return { id: event.id };
}

export function reply(ctx: AppContext, user: User, id: string, version: number, body: string) {
  return act(ctx, id, version, async (ticket, repos, now) => {
    const status = ticket.status === 'new' || ticket.status === 'triaged' ? transition(ticket, 'in_progress') : ticket.status;
    if (ticket.status === 'resolved' || ticket.status === 'closed') {
      throw new AppError(409, 'invalid_transition', 'Reopen the ticket before replying.');
    }
    const event = await repos.events.appendOne({ ticketId: ticket.id, type: 'reply', actor: actor(user), isPublic: true, createdAt: now, data: { body, authorName: user.name } });
    await repos.tickets.update(ticket, withSchedule(ticket, { status, ...(await firstResponse(repos, ticket, now)), updatedAt: now }));
    const mail = await mailQueue.enqueue(repos.outbox, { ticketId: ticket.id, template: 'agent_reply', key: `e${event.id}`, eventId: event.id });
    return { ticket, mails: [mail] };
  });
}

export function requestInformation(ctx: AppContext, user: User, id: string, version: number, input: { items?: EvidenceItem[]; message?: string }) {
  return act(ctx, id, version, async (ticket, repos, now) => {
    const items = input.items ?? ticket.missingEvidence;
    if (!items.length) throw new AppError(409, 'nothing_missing', 'Nothing is missing on this ticket; name the items to ask for.');
    const calendar = calendarFor((await repos.brands.findById(ticket.brandId))!);
    const status = transition(ticket, 'awaiting_customer');
    const event = await repos.events.appendOne({
      ticketId: ticket.id,
      type: 'information_requested',
      actor: actor(user),
      isPublic: true,
      createdAt: now,
      data: { items, message: input.message ?? null, authorName: user.name },
    });
    await repos.tickets.update(
      ticket,
      withSchedule(ticket, {
        status,
        requestedEvidence: items,
        informationRequestedAt: now,
        remindersSent: 0,
        // Reminders after 1 and 2 business days (the reminder watch sends them).
        nextReminderAt: calendar.addBusinessMinutes(now, calendar.minutesPerDay),
        ...(await firstResponse(repos, ticket, now)),
        updatedAt: now,
      }),
    );
    const mail = await mailQueue.enqueue(repos.outbox, { ticketId: ticket.id, template: 'information_request', key: `e${event.id}`, eventId: event.id });
    return { ticket, mails: [mail] };
  });
}

export function resolve(ctx: AppContext, user: User, id: string, input: ResolveInput) {
  return act(ctx, id, input.version, async (ticket, repos, now) => {
    // Resolving again would overwrite the outcome and e-mail the customer a second, different one.
    if (ticket.status === 'resolved' || ticket.status === 'closed') {
      throw new AppError(409, 'already_resolved', 'This ticket is already resolved; reopen it first to change the outcome.', { status: ticket.status });
    }
    const status = transition(ticket, 'resolved');
    let details: Record<string, string | number | null> = {};
    if (input.outcome === 'refunded') {
      if (ticket.amountCents == null) throw new AppError(422, 'amount_unknown', 'Record the amount paid before refunding.');
      if (input.refundAmountCents > ticket.amountCents) {
        throw new AppError(422, 'refund_exceeds_payment', 'The refund cannot be more than what was paid.', { paidCents: ticket.amountCents });
      }
      details = { refundAmountCents: input.refundAmountCents, refundedAt: input.refundedAt ?? now.toISOString(), currency: ticket.currency };
    }
    if (input.outcome === 'duplicate_of') {
      const original = await repos.tickets.findByReference(input.duplicateOfReference.toUpperCase());
      if (!original || original.id === ticket.id) throw new AppError(422, 'unknown_ticket', 'duplicate_of needs another existing ticket.');
      details = { duplicateOfId: original.id, duplicateOfReference: original.reference };
    }
    const event = await repos.events.appendOne({
      ticketId: ticket.id,
      type: 'resolved',
      actor: actor(user),
      isPublic: true,
      createdAt: now,
      data: { outcome: input.outcome, details, message: input.message ?? null, authorName: user.name },
    });
    await repos.tickets.update(
      ticket,
      withSchedule(ticket, {
        status,
        outcome: input.outcome,
        outcomeDetails: details,
        resolvedAt: now,
        resolutionBusinessMinutes: await businessMinutesSinceOpened(repos, ticket, now),
        nextReminderAt: null,
        ...(await firstResponse(repos, ticket, now)),
        updatedAt: now,
      }),
    );
    const mail = await mailQueue.enqueue(repos.outbox, { ticketId: ticket.id, template: 'resolution', key: `e${event.id}`, eventId: event.id });
    return { ticket, mails: [mail] };
  });
}

/** Back to work, with a fresh resolution target counted from now. */
export function reopen(ctx: AppContext, user: User, id: string, version: number, reason?: string) {
  return act(ctx, id, version, async (ticket, repos, now) => {
    const status = transition(ticket, 'in_progress');
    if (ticket.status !== 'resolved') throw new AppError(409, 'invalid_transition', 'Only a resolved ticket can be reopened.');
    const brand = (await repos.brands.findById(ticket.brandId))!;
    const target = slaTargets(brand.policy.sla, ticket.type).resolutionMinutes;
    const calendar = calendarFor(brand);
    await repos.events.append({ ticketId: ticket.id, type: 'reopened', actor: actor(user), isPublic: true, createdAt: now, data: { reason: reason ?? null, previousOutcome: ticket.outcome } });
    await repos.tickets.update(
      ticket,
      withSchedule(ticket, {
        status,
        outcome: null,
        outcomeDetails: null,
        resolvedAt: null,
        resolutionBusinessMinutes: null,
        resolutionWarnAt: calendar.addBusinessMinutes(now, Math.floor(target * brand.policy.sla.warningRatio)),
        resolutionDueAt: calendar.addBusinessMinutes(now, target),
        resolutionWarnedAt: null,
        resolutionBreachedAt: null,
        reopenCount: ticket.reopenCount + 1,
        updatedAt: now,
      }),
    );
    return { ticket };
  });
}
