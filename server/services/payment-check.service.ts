import type { AppContext } from '../../core/context';
import { checkTicket, recordVerdict } from '../../core/payment-verification';
import type { User } from '../../db/entities/user.entity';
import { findTicket } from './find-ticket';

/** `GET /api/tickets/:id/payment-check`: the verdict of the shop's ledger as it is (no call to the provider: a page load stays fast). */
export async function paymentCheckFor(ctx: AppContext, idOrReference: string) {
  return checkTicket(ctx, await findTicket(ctx.db.repos, idOrReference));
}

/**
 * `POST /api/tickets/:id/payment-check`: asks the brand's Stripe again when connected, checks,
 * and records the verdict on the timeline when it changed (agents on the ticket are told).
 */
export async function recheckPayment(ctx: AppContext, user: User, idOrReference: string) {
  const ticket = await findTicket(ctx.db.repos, idOrReference);
  const check = await checkTicket(ctx, ticket, { live: true });
  const recorded = await recordVerdict(ctx, ticket, check, { actor: `agent:${user.id}`, authorName: user.name });
  return { ...check, recorded };
}
