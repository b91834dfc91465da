import type { AppContext } from '../../core/context';
import { agentTicketSummary } from '../../core/ticket-views';
import type { User } from '../../db/entities/user.entity';
import { StaleTicketError } from '../../db/repositories/ticket.repository';
import type { BulkRequest, BulkResult } from '../../domain/macro.schemas';
import type { ErrorCode } from '../../domain/error-codes';
import { hasRole } from '../../domain/roles';
import { AppError, notFound } from '../errors';
import { findMacro } from '../services/macro.service';
import { applyMacroTo } from './apply-macro';
import { assign } from './assign';
import { changeStatus } from './change-status';

type Failure = { code: ErrorCode; message: string; details: unknown };

/** An action's refusal as one ticket's result; anything else (a bug, the database down) stops the batch. */
function asFailure(err: unknown): Failure | null {
  if (err instanceof StaleTicketError) return { code: 'stale_write', message: 'The ticket was changed meanwhile; reload it and try again.', details: null };
  if (err instanceof AppError && err.status < 500) return { code: err.code, message: err.message, details: err.details ?? null };
  return null;
}

/**
 * `POST /api/tickets/bulk`: one action on up to 100 tickets, each through the same ticket
 * action as one at a time (its own transaction, event, version check, e-mail and live update).
 * One after another: an action is a few milliseconds, and the tickets of a batch then never
 * compete for the same connection. A ticket refused says why, with its version now, and the
 * others go on; a failure of ours (database unavailable) stops the batch and answers it.
 */
export async function bulkAction(ctx: AppContext, user: User, request: BulkRequest): Promise<BulkResult> {
  const { action } = request;
  const macro = action.type === 'macro' ? await findMacro(ctx.db.repos, action.macroId) : null;
  const assigneeId = action.type === 'assign' ? (action.assignment.to === 'me' ? user.id : action.assignment.to === 'user' ? action.assignment.userId : null) : null;
  // A colleague who is no active agent is the request's mistake, not each ticket's: refused whole, before any ticket.
  if (action.type === 'assign' && action.assignment.to === 'user') {
    const assignee = await ctx.db.repos.users.findById(action.assignment.userId);
    if (!assignee || assignee.disabledAt || !hasRole(assignee.role, 'agent')) {
      throw new AppError(400, 'validation_failed', 'Some fields are invalid.', [{ field: 'action.assignment.userId', code: 'unknown_user', message: 'no active agent with this id' }]);
    }
  }
  const results: BulkResult['results'] = [];
  for (const { id, version } of request.tickets) {
    try {
      const found = await ctx.db.repos.tickets.findById(id);
      if (!found) throw notFound();
      if (found.version !== version) throw new StaleTicketError(id);
      // Already so (given to whom it is given, in the status asked): nothing to write, no event.
      const already = (action.type === 'assign' && found.assigneeId === assigneeId) || (action.type === 'status' && found.status === action.status);
      let ticket;
      if (already) ticket = agentTicketSummary(found, ctx.now());
      else if (action.type === 'assign') ticket = await assign(ctx, user, id, version, assigneeId);
      else if (action.type === 'status') ticket = await changeStatus(ctx, user, id, version, action.status);
      else ticket = (await applyMacroTo(ctx, user, macro!, found, version)).ticket;
      results.push({ id, ok: true, changed: !already, ticket });
    } catch (err) {
      const failure = asFailure(err);
      if (!failure) throw err;
      const current = await ctx.db.repos.tickets.findById(id);
      results.push({ id, ok: false, error: failure, version: current?.version ?? null });
    }
  }
  const succeeded = results.filter((r) => r.ok).length;
  return { results, succeeded, failed: results.length - succeeded };
}
