import type { Job } from 'bullmq';
import type { AppContext } from '../core/context';
import { openTicketsForDisputes } from '../core/chargeback-tickets';
import { checkTicket, recordVerdict, ticketsConcernedBy } from '../core/payment-verification';
import { paymentCheckQueue } from '../queues';

const system = { actor: 'system' };

/**
 * A new ticket: checked live (its brand's Stripe, when connected) and its verdict recorded.
 * A change to a brand's ledger: every ticket it may concern checked again against the ledger,
 * and a ticket opened for a chargeback no ticket is about.
 */
export const paymentCheckProcessor = (ctx: AppContext) => async (job: Job) => {
  const payload = paymentCheckQueue.payload.parse(job.data);
  let recorded = 0;
  if (payload.kind === 'ticket') {
    const ticket = await ctx.db.repos.tickets.findById(payload.ticketId);
    if (ticket) recorded += Number(await recordVerdict(ctx, ticket, await checkTicket(ctx, ticket, { live: true }), system));
  } else {
    for (const ticket of await ticketsConcernedBy(ctx.db.repos, payload.brandId, payload.providerIds)) {
      recorded += Number(await recordVerdict(ctx, ticket, await checkTicket(ctx, ticket), system));
    }
    // Their triage then checks them like any new ticket.
    await openTicketsForDisputes(ctx, payload.brandId, payload.providerIds);
  }
  await ctx.db.repos.outbox.markProcessed(job.id!, ctx.now());
  return { recorded };
};
