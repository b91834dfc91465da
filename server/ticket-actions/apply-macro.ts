import type { AppContext } from '../../core/context';
import type { Macro } from '../../db/entities/macro.entity';
import type { Ticket } from '../../db/entities/ticket.entity';
import type { User } from '../../db/entities/user.entity';
import { StaleTicketError } from '../../db/repositories/ticket.repository';
import type { ResolveInput } from '../../domain/agent-actions.schemas';
import { hasRole } from '../../domain/roles';
import { refund, resolution, statusAfterReply, statusChange } from '../../domain/ticket-rules';
import { AppError } from '../errors';
import { findTicket } from '../services/find-ticket';
import { findMacro, renderFor } from '../services/macro.service';
import { assignment } from './assign';
import { statusMove } from './change-status';
import { replyWork } from './reply';
import { resolution as resolutionWork } from './resolve';
import { allowed, inSequence, runAction, type ActionWork } from './run-action';

export type MacroStep = 'reply' | 'assign' | 'status' | 'resolve';

/**
 * Applies a macro to a ticket at the version the agent saw, in one transaction: its reply as
 * the reply action writes it (the customer's e-mail, the timeline naming the macro, the
 * first-response clock), then the macro's assignment, status or outcome as their actions
 * write them, each with its own event. What could refuse is checked before anything is
 * written (a variable without a value, the lifecycle, the assignee); whatever refuses later
 * undoes the whole macro.
 */
export async function applyMacro(ctx: AppContext, user: User, macroId: string, input: { ticketId: string; version: number; body?: string }) {
  const macro = await findMacro(ctx.db.repos, macroId);
  const ticket = await findTicket(ctx.db.repos, input.ticketId);
  return applyMacroTo(ctx, user, macro, ticket, input.version, input.body);
}

export async function applyMacroTo(ctx: AppContext, user: User, macro: Macro, ticket: Ticket, version: number, body?: string) {
  if (ticket.version !== version) throw new StaleTicketError(ticket.id);
  const rendered = await renderFor(ctx, macro, ticket, user, body);
  if (rendered.unknown.length) {
    throw new AppError(422, 'unknown_macro_variables', `Unknown variables: ${rendered.unknown.join(', ')}.`, { field: 'body', variables: rendered.unknown });
  }
  // A refund's outcome records its amount: the one the ledger shows refunded, else the amount paid.
  const refundCents = rendered.facts.refundAmount?.cents ?? rendered.facts.amount?.cents ?? null;
  const missing = [...rendered.missing];
  if (macro.outcome === 'refunded' && refundCents == null) missing.push('payment.refund_amount');
  if (missing.length) {
    throw new AppError(422, 'macro_variables_missing', `No value for: ${[...new Set(missing)].join(', ')}.`, { variables: [...new Set(missing)] });
  }

  const afterReply = allowed(statusAfterReply(ticket.status));
  if (macro.outcome) allowed(resolution(afterReply));
  // The resolve action's own refund rule, checked now rather than after the reply went.
  if (macro.outcome === 'refunded') allowed(refund(ticket.amountCents, refundCents!));
  else if (macro.status) allowed(statusChange(afterReply, macro.status));
  const assigneeId = macro.assignment ? await assigneeFor(ctx, user, macro) : undefined;

  // One transaction: the reply, then the assignment, status or outcome, each its own event,
  // each step on the ticket the previous wrote; a refusal of any undoes them all.
  const steps = new Set<MacroStep>(['reply']);
  const works: ActionWork[] = [replyWork(user, rendered.text, [], { id: macro.id, name: macro.name })];
  if (assigneeId !== undefined) {
    works.push(async (t, repos, now) => {
      if (t.assigneeId === assigneeId) return { ticket: t };
      steps.add('assign');
      return assignment(user, assigneeId)(t, repos, now);
    });
  }
  if (macro.outcome) {
    const outcome = { version: 0, outcome: macro.outcome } as ResolveInput;
    if (outcome.outcome === 'refunded') {
      outcome.refundAmountCents = refundCents!;
      if (rendered.facts.refundedAt) outcome.refundedAt = rendered.facts.refundedAt.toISOString();
    }
    works.push(async (t, repos, now) => {
      steps.add('resolve');
      return resolutionWork(user, outcome)(t, repos, now);
    });
  } else if (macro.status) {
    const status = macro.status;
    works.push(async (t, repos, now) => {
      if (t.status === status) return { ticket: t };
      steps.add('status');
      return statusMove(user, status)(t, repos, now);
    });
  }
  const summary = await runAction(ctx, ticket.id, version, inSequence(...works));
  return { ticket: summary, steps: [...steps] };
}

/** Who the macro gives the ticket to: the agent applying it, a colleague (still an active agent), or nobody. */
async function assigneeFor(ctx: AppContext, user: User, macro: Macro): Promise<string | null> {
  const a = macro.assignment!;
  if (a.to === 'me') return user.id;
  if (a.to === 'nobody') return null;
  const assignee = await ctx.db.repos.users.findById(a.userId);
  if (!assignee || assignee.disabledAt || !hasRole(assignee.role, 'agent')) {
    throw new AppError(400, 'validation_failed', 'Some fields are invalid.', [{ field: 'assignment.userId', code: 'unknown_user', message: 'the macro assigns to no active agent' }]);
  }
  return a.userId;
}
