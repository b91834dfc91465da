import type { AppContext } from '../../core/context';
import { reindexTickets } from '../../core/search-index';
import { businessMinutesWorked, clockOnStatusChange } from '../../core/ticket-clock';
import { agentTicketSummary, timelineEntry } from '../../core/ticket-views';
import type { Repositories } from '../../db/database';
import type { Ticket } from '../../db/entities/ticket.entity';
import type { TicketEvent } from '../../db/entities/ticket-event.entity';
import type { User } from '../../db/entities/user.entity';
import { StaleTicketError } from '../../db/repositories/ticket.repository';
import { mergePlan, mergeRefusal, type MergeRefusal } from '../../domain/merge';
import type { MergeInput, MergeResult } from '../../domain/merge.schemas';
import { mailQueue } from '../../queues';
import { AppError, notFound } from '../errors';
import { findTicket } from '../services/find-ticket';
import { actor, firstResponse, withSchedule } from './run-action';

/** The 409/422 a refused merge answers, with what the agent needs to act on it. */
function mergeRefused(r: MergeRefusal): AppError {
  switch (r.code) {
    case 'merge_into_itself':
      return new AppError(422, 'merge_into_itself', 'A ticket cannot be merged into itself.');
    case 'merge_across_brands':
      return new AppError(422, 'merge_across_brands', 'The two tickets belong to different shops: they cannot be merged.');
    case 'merge_other_customer':
      return new AppError(422, 'merge_other_customer', 'The two reports come from different e-mail addresses: merging them would show one customer the other one’s data.');
    case 'already_merged':
      return new AppError(409, 'already_merged', 'This ticket was already merged into another one.', { mergedIntoId: r.mergedIntoId });
    case 'merge_into_merged':
      return new AppError(409, 'merge_into_merged', 'That ticket was itself merged into another one: merge into that one.', { mergedIntoId: r.mergedIntoId });
    case 'merge_closed':
      return new AppError(409, 'merge_closed', 'A closed ticket is not merged.', { status: r.status });
    case 'merge_into_closed':
      return new AppError(409, 'merge_into_closed', 'The ticket to merge into is closed: reopen it, or merge the other way.', { status: r.status });
    case 'merge_not_triaged':
      return new AppError(409, 'merge_not_triaged', 'A report not triaged yet cannot be merged: try again in a few seconds.', { reference: r.reference });
    case 'personal_data_erased':
      return new AppError(409, 'personal_data_erased', 'The personal data of one of these tickets has been erased.');
  }
}

/** Both rows held until the transaction ends, always in the same order (no deadlock between two merges of the same pair). */
async function lockBoth(repos: Repositories, a: string, b: string): Promise<[Ticket, Ticket]> {
  const [first, second] = a < b ? [a, b] : [b, a];
  const one = await repos.tickets.findForUpdate(first);
  const two = await repos.tickets.findForUpdate(second);
  if (!one || !two) throw notFound();
  return a < b ? [one, two] : [two, one];
}

/**
 * Folds ticket `id` (a possible duplicate) into `input.into` (the survivor), both at the
 * versions the agent saw: its timeline (customer messages included), evidence files and
 * imported e-mails move to the survivor, whose facts fill their gaps with the merged
 * ticket's and whose checklist is recomputed; the merged ticket is closed as `duplicate_of`
 * and points to the survivor (its links, token and e-mail thread then lead there). The
 * customer is e-mailed once (the job id names the merged ticket), agents hear of both.
 */
export async function mergeTicket(ctx: AppContext, user: User, id: string, input: MergeInput): Promise<MergeResult> {
  const now = ctx.now();
  const result = await ctx.db.transaction(async (repos) => {
    const mergedSeen = await findTicket(repos, id);
    const survivorSeen = await findTicket(repos, input.into).catch((err: unknown) => {
      if (err instanceof AppError && err.status === 404) throw new AppError(422, 'unknown_ticket', 'There is no ticket to merge into by that id or reference.', { into: input.into });
      throw err;
    });
    const [merged, survivor] = mergedSeen.id === survivorSeen.id ? [mergedSeen, survivorSeen] : await lockBoth(repos, mergedSeen.id, survivorSeen.id);
    const refusal = mergeRefusal(merged, survivor);
    if (refusal) throw mergeRefused(refusal);
    if (merged.version !== input.version) throw new StaleTicketError(merged.id);
    if (survivor.version !== input.intoVersion) throw new StaleTicketError(survivor.id);

    const plan = mergePlan(merged, survivor);
    const brand = (await repos.brands.findById(survivor.brandId))!;
    // What closing the merged ticket counts, read before its timeline (its pauses) moves.
    const mergedMinutes = merged.resolvedAt ? merged.resolutionBusinessMinutes : await businessMinutesWorked(repos, brand, merged, now);
    const mergedFirstResponse = await firstResponse(repos, merged, now);

    const movedEvents = await repos.merges.moveEvents(merged, survivor.id);
    const movedFiles = await repos.merges.moveFiles(merged.id, survivor.id);
    await repos.merges.moveInboundRecords(merged.id, survivor.id);

    const author = { authorName: user.name };
    const survivorEvent = await repos.events.appendOne({
      ticketId: survivor.id,
      type: 'merged',
      actor: actor(user),
      isPublic: true,
      createdAt: now,
      data: {
        from: { id: merged.id, reference: merged.reference },
        previousStatus: merged.status,
        events: movedEvents,
        files: movedFiles,
        filled: Object.keys(plan.filled),
        conflicts: plan.conflicts,
        missingEvidence: plan.missingEvidence,
        ...author,
      },
    });

    // The survivor: the union of the facts and proofs, the checklist recomputed; complete, it goes back to work.
    const from = survivor.status;
    const status = from === 'awaiting_customer' && plan.missingEvidence.length === 0 ? 'in_progress' : from;
    const clock = await clockOnStatusChange(repos, brand, survivor, status, now);
    await repos.tickets.update(
      survivor,
      withSchedule(survivor, {
        ...plan.filled,
        ...clock,
        status,
        proofCount: plan.proofCount,
        missingEvidence: plan.missingEvidence,
        possibleDuplicateOfId: survivor.possibleDuplicateOfId === merged.id ? null : survivor.possibleDuplicateOfId,
        nextReminderAt: plan.missingEvidence.length ? survivor.nextReminderAt : null,
        updatedAt: now,
      }),
    );
    const survivorEvents: TicketEvent[] = [survivorEvent];
    if (status !== from) {
      survivorEvents.push(await repos.events.appendOne({ ticketId: survivor.id, type: 'status_changed', actor: actor(user), isPublic: true, createdAt: now, data: { from, to: status } }));
    }

    // The merged ticket: closed as the survivor's duplicate, pointing to it.
    const mergedClock = await clockOnStatusChange(repos, brand, merged, 'closed', now);
    const mergedEvent = await repos.events.appendOne({
      ticketId: merged.id,
      type: 'merged_into',
      actor: actor(user),
      isPublic: true,
      createdAt: now,
      data: { into: { id: survivor.id, reference: survivor.reference }, previousStatus: merged.status, events: movedEvents, files: movedFiles, ...author },
    });
    await repos.tickets.update(
      merged,
      withSchedule(merged, {
        ...mergedClock,
        ...mergedFirstResponse,
        status: 'closed' as const,
        outcome: 'duplicate_of',
        outcomeDetails: { duplicateOfId: survivor.id, duplicateOfReference: survivor.reference },
        resolvedAt: merged.resolvedAt ?? now,
        resolutionBusinessMinutes: mergedMinutes,
        mergedIntoId: survivor.id,
        mergedAt: now,
        missingEvidence: [],
        nextReminderAt: null,
        // The money watch must never reopen a merged ticket: the survivor follows the money.
        moneyCheckAt: null,
        proofCount: 0,
        updatedAt: now,
      }),
    );

    // The merged ticket's words (its description, its messages) are searched as the survivor's now.
    await reindexTickets(repos, [survivor.id, merged.id]);

    // One e-mail, to the customer both reports came from, about the survivor: the job id names the merged ticket, so never twice.
    const mails = survivor.source === 'chargeback' && merged.source === 'chargeback'
      ? []
      : [await mailQueue.enqueue(repos.outbox, { ticketId: survivor.id, template: 'merged', key: merged.id, eventId: survivorEvent.id })];
    return { survivor, merged, survivorEvents, mergedEvent, mails, plan, movedEvents, movedFiles };
  });
  if (result.mails.length) await ctx.dispatcher.dispatch(result.mails);
  for (const event of result.survivorEvents) ctx.notifier.toTicket(result.survivor.id, 'ticket.event', { ticketId: result.survivor.id, event: timelineEntry(event) });
  ctx.notifier.toTicket(result.merged.id, 'ticket.event', { ticketId: result.merged.id, event: timelineEntry(result.mergedEvent) });
  ctx.notifier.toAgents('ticket.updated', { ticket: agentTicketSummary(result.survivor, now) });
  ctx.notifier.toAgents('ticket.updated', { ticket: agentTicketSummary(result.merged, now) });
  return {
    survivor: { id: result.survivor.id, reference: result.survivor.reference, version: result.survivor.version, status: result.survivor.status },
    merged: { id: result.merged.id, reference: result.merged.reference, version: result.merged.version, status: 'closed' },
    moved: { events: result.movedEvents, files: result.movedFiles },
    filled: Object.keys(result.plan.filled),
    conflicts: result.plan.conflicts,
  };
}
