import type { AppContext } from '../../core/context';
import { priorityChange } from '../../core/ticket-clock';
import type { User } from '../../db/entities/user.entity';
import type { Priority } from '../../domain/brand-policy';
import { actor, runAction, withSchedule } from './run-action';

/** Sets the ticket's priority; its deadlines follow the brand's targets for it. The same priority again changes nothing. */
export function changePriority(ctx: AppContext, user: User, id: string, version: number, priority: Priority) {
  return runAction(ctx, id, version, async (ticket, repos, now) => {
    const brand = (await repos.brands.findById(ticket.brandId))!;
    const change = priorityChange(brand, ticket, priority, { kind: 'agent', actor: actor(user) }, now);
    if (!change) return { ticket };
    await repos.tickets.update(ticket, withSchedule(ticket, { ...change.changes, updatedAt: now }));
    await repos.events.append(change.event);
    return { ticket };
  });
}
