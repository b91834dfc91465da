import { calendarFor } from '../../core/calendars';
import type { AppContext } from '../../core/context';
import { clockOnStatusChange } from '../../core/ticket-clock';
import type { User } from '../../db/entities/user.entity';
import type { EvidenceItem } from '../../domain/evidence-checklist';
import { reminderDueAt } from '../../domain/reminders';
import { statusChange } from '../../domain/ticket-rules';
import { mailQueue } from '../../queues';
import { AppError } from '../errors';
import { actor, allowed, firstResponse, runAction, withSchedule } from './run-action';

/** E-mails the customer what is missing (by default the checklist's gaps); reminders follow (see domain/reminders.ts). */
export function requestInformation(ctx: AppContext, user: User, id: string, version: number, input: { items?: EvidenceItem[]; message?: string }) {
  return runAction(ctx, id, version, async (ticket, repos, now) => {
    const items = input.items ?? ticket.missingEvidence;
    if (!items.length) throw new AppError(409, 'nothing_missing', 'Nothing is missing on this ticket; name the items to ask for.');
    const brand = (await repos.brands.findById(ticket.brandId))!;
    const calendar = calendarFor(brand);
    const status = allowed(statusChange(ticket.status, 'awaiting_customer'));
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
        ...(await clockOnStatusChange(repos, brand, ticket, status, now)),
        status,
        requestedEvidence: items,
        informationRequestedAt: now,
        remindersSent: 0,
        nextReminderAt: reminderDueAt(calendar, now, 1),
        ...(await firstResponse(repos, ticket, now)),
        updatedAt: now,
      }),
    );
    const mail = await mailQueue.enqueue(repos.outbox, { ticketId: ticket.id, template: 'information_request', key: `e${event.id}`, eventId: event.id });
    return { ticket, mails: [mail] };
  });
}
