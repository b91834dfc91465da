import type { AppContext } from '../../core/context';
import type { Ticket } from '../../db/entities/ticket.entity';
import type { User } from '../../db/entities/user.entity';
import { StaleTicketError } from '../../db/repositories/ticket.repository';
import { missingEvidence } from '../../domain/evidence-checklist';
import { redactFields } from '../../domain/redaction';
import { paymentFactsSchema } from '../../domain/ticket.schemas';
import { AppError, invalidBody, validationError } from '../errors';
import { intakeContext } from '../services/brand-context';
import { paymentFactColumns } from '../services/payment-facts';
import { actor, runAction } from './run-action';

const shown = (v: unknown) => (v instanceof Date ? v.toISOString() : (v ?? null));

/**
 * An agent completes or corrects what the customer gave (the amount before a refund, a
 * mistyped order number…), with the brand's own rules for each field. The checklist is
 * recomputed, and the timeline keeps each field's value before and after.
 */
export function correctPaymentFacts(ctx: AppContext, user: User, id: string, body: unknown) {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalidBody();
  const { clean } = redactFields(body as Record<string, unknown>);
  return runAction(ctx, id, null, async (ticket, repos, now) => {
    // The rules (cards accepted, time zone, currency) are the ticket's brand's.
    const brand = (await repos.brands.findById(ticket.brandId))!;
    const parsed = paymentFactsSchema(intakeContext(brand, ctx.now)).safeParse(clean);
    if (!parsed.success) throw validationError(parsed.error);
    if (parsed.data.version !== ticket.version) throw new StaleTicketError(ticket.id);
    const given = paymentFactColumns(parsed.data);
    const changed = (Object.keys(given) as Array<keyof Ticket>).filter((field) => shown(given[field]) !== shown(ticket[field]));
    if (!changed.length) throw new AppError(400, 'nothing_to_change', 'These are already the ticket\u2019s payment facts.');
    const changes = Object.fromEntries(changed.map((field) => [field, given[field]])) as Partial<Ticket>;
    const audit = changed.map((field) => ({ field, from: shown(ticket[field]), to: shown(given[field]) }));
    await repos.tickets.update(ticket, { ...changes, missingEvidence: missingEvidence({ ...ticket, ...changes }), updatedAt: now });
    await repos.events.append({ ticketId: ticket.id, type: 'payment_facts_corrected', actor: actor(user), createdAt: now, data: { changes: audit, authorName: user.name } });
    return { ticket };
  });
}
