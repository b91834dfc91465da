import { z } from 'zod';
import { defineQueue, retention } from './queue-definition';

/**
 * Payment verification in the background: a new ticket (checked once triaged, live from
 * Stripe when its brand is connected), or a change to a brand's ledger (an import, a webhook),
 * which re-checks the tickets it may concern. Running a job twice records nothing twice: a
 * verdict is written only when it changed.
 */
export const paymentCheckQueue = defineQueue({
  name: 'payment-checks',
  payload: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('ticket'), ticketId: z.uuid() }),
    z.object({ kind: z.literal('ledger'), brandId: z.uuid(), providerIds: z.array(z.string().min(1).max(64)).min(1).max(1000), change: z.uuid() }),
  ]),
  jobId: (p) => (p.kind === 'ticket' ? `payment-check-${p.ticketId}` : `payment-ledger-${p.change}`),
  options: { attempts: 5, backoff: { type: 'exponential', delay: 2000 }, ...retention },
});
