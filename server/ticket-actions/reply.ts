import type { AppContext } from '../../core/context';
import type { User } from '../../db/entities/user.entity';
import { statusAfterReply } from '../../domain/ticket-rules';
import { mailQueue } from '../../queues';
import { actor, allowed, firstResponse, runAction, withSchedule } from './run-action';

/** A public reply, e-mailed in the customer's language; the first one meets the first-response target. */
export function reply(ctx: AppContext, user: User, id: string, version: number, body: string) {
  return runAction(ctx, id, version, async (ticket, repos, now) => {
    const status = allowed(statusAfterReply(ticket.status));
    const event = await repos.events.appendOne({ ticketId: ticket.id, type: 'reply', actor: actor(user), isPublic: true, createdAt: now, data: { body, authorName: user.name } });
    await repos.tickets.update(ticket, withSchedule(ticket, { status, ...(await firstResponse(repos, ticket, now)), updatedAt: now }));
    const mail = await mailQueue.enqueue(repos.outbox, { ticketId: ticket.id, template: 'agent_reply', key: `e${event.id}`, eventId: event.id });
    return { ticket, mails: [mail] };
  });
}
