import { z } from 'zod';
import { alertKinds } from '../domain/alerts';
import { defineQueue, retention } from './queue-definition';

/**
 * One alert e-mail to a staff user about a ticket's event (domain/alerts.ts). The job id
 * names the user, the kind and the event: the same alert, decided twice (a watch run twice,
 * two workers, a retried import), is recorded once in the outbox and sent once.
 */
export const alertMailQueue = defineQueue({
  name: 'alert-mail',
  payload: z.object({
    userId: z.uuid(),
    kind: z.enum(alertKinds),
    ticketId: z.uuid(),
    /** The timeline event the alert tells about. */
    eventId: z.number().int().positive(),
  }),
  jobId: ({ userId, kind, ticketId, eventId }) => `alert-${userId}-${kind}-${ticketId}-${eventId}`,
  // Like a customer's mail: SMTP outages can last; then the outbox sweeper takes over.
  options: { attempts: 10, backoff: { type: 'exponential', delay: 2000 }, ...retention },
});
export type AlertMailJob = z.output<typeof alertMailQueue.payload>;
