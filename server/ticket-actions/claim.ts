import type { AppContext } from '../../core/context';
import type { User } from '../../db/entities/user.entity';
import { AppError } from '../errors';
import { actor, runAction } from './run-action';

/** An agent takes an unassigned ticket (or one already theirs). */
export function claim(ctx: AppContext, user: User, id: string, version: number) {
  return runAction(ctx, id, version, async (ticket, repos, now) => {
    if (ticket.assigneeId && ticket.assigneeId !== user.id) {
      throw new AppError(409, 'already_assigned', 'Someone else has this ticket; ask them or a manager to reassign it.');
    }
    await repos.tickets.update(ticket, { assigneeId: user.id, updatedAt: now });
    await repos.events.append({ ticketId: ticket.id, type: 'assigned', actor: actor(user), createdAt: now, data: { assigneeId: user.id, assigneeName: user.name } });
    return { ticket };
  });
}
