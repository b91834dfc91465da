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
import { assign } from './assign';
import { changeStatus } from './change-status';
import { reply } from './reply';
import { resolve } from './resolve';
import { allowed } from './run-action';

export type MacroStep = 'reply' | 'assign' | 'status' | 'resolve';

/**
 * Applies a macro to a ticket at the version the agent saw: one reply through the reply
 * action (the customer's e-mail, the timeline, the first-response clock as for a reply typed
 * by hand), then the macro's assignment, status or outcome, each through its own action with
 * its own event and the version the previous step left. Everything that could refuse is
 * checked before the reply goes: a variable without a value, the lifecycle, the assignee.
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

  const steps: MacroStep[] = ['reply'];
  let summary = await reply(ctx, user, ticket.id, version, rendered.text);
  if (assigneeId !== undefined && summary.assigneeId !== assigneeId) {
    summary = await assign(ctx, user, ticket.id, summary.version, assigneeId);
    steps.push('assign');
  }
  if (macro.outcome) {
    const outcome = { version: summary.version, outcome: macro.outcome } as ResolveInput;
    if (outcome.outcome === 'refunded') {
      outcome.refundAmountCents = refundCents!;
      if (rendered.facts.refundedAt) outcome.refundedAt = rendered.facts.refundedAt.toISOString();
    }
    summary = await resolve(ctx, user, ticket.id, outcome);
    steps.push('resolve');
  } else if (macro.status && summary.status !== macro.status) {
    summary = await changeStatus(ctx, user, ticket.id, summary.version, macro.status);
    steps.push('status');
  }
  return { ticket: summary, steps };
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
