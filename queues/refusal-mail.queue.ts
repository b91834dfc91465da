import { z } from 'zod';
import { defineQueue, retention } from './queue-definition';

/**
 * The polite answer to a message the mailbox could not take (too large to import): it has
 * no ticket, so it is told by its inbound_messages row, written in the same transaction.
 */
export const refusalMailQueue = defineQueue({
  name: 'refusal-mail',
  payload: z.object({ inboundId: z.uuid() }),
  jobId: ({ inboundId }) => `refusal-${inboundId}`,
  options: { attempts: 10, backoff: { type: 'exponential', delay: 2000 }, ...retention },
});
