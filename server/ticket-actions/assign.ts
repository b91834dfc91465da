import { enqueueAlerts } from '../../core/alerts';
import type { AppContext } from '../../core/context';
import type { User } from '../../db/entities/user.entity';
import { hasRole } from '../../domain/roles';
import { AppError } from '../errors';
import { actor, runAction, type ActionWork } from './run-action';

/** Gives the ticket to an active agent, or to nobody (`null`); the new assignee is e-mailed unless they took it themselves. */
export function assign(ctx: AppContext, user: User, id: string, version: number, assigneeId: string | null) {
  return runAction(ctx, id, version, assignment(user, assigneeId));
}

/** The assignment itself, for `assign` and for a macro. */
export function assignment(user: User, assigneeId: string | null): ActionWork {
  return async (ticket, repos, now) => {
    const assignee = assigneeId ? await repos.users.findById(assigneeId) : null;
    if (assigneeId && (!assignee || assignee.disabledAt || !hasRole(assignee.role, 'agent'))) {
      throw new AppError(400, 'validation_failed', 'Some fields are invalid.', [{ field: 'assigneeId', code: 'unknown_user', message: 'no active agent with this id' }]);
    }
    const previousAssigneeId = ticket.assigneeId; // read before the update changes `ticket` in place
    const changed = previousAssigneeId !== assigneeId;
    await repos.tickets.update(ticket, { assigneeId, updatedAt: now });
    const event = await repos.events.appendOne({
      ticketId: ticket.id,
      type: assigneeId ? 'assigned' : 'unassigned',
      actor: actor(user),
      createdAt: now,
      data: { assigneeId, assigneeName: assignee?.name ?? null, previousAssigneeId },
    });
    // Given again to the one who has it: they were told already.
    const alerts = assigneeId && changed ? await enqueueAlerts(repos, { kind: 'assigned', ticket, eventId: event.id, actorId: user.id }) : [];
    return { ticket, mails: alerts };
  };
}
