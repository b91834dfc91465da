import { z } from 'zod';
import { defineQueue, retention } from './queue-definition';

/**
 * Reads one brand's support mailbox. Run by a BullMQ job scheduler per mailbox, with a fixed
 * id (`mailboxScheduler`), and by a worker that takes one such job at a time: one fetcher per
 * mailbox, however many workers (and the import is exactly-once by Message-ID regardless).
 */
export const mailboxQueue = defineQueue({
  name: 'mailbox-fetch',
  payload: z.object({ brandId: z.uuid() }),
  jobId: ({ brandId }) => `mailbox-${brandId}`,
  options: { attempts: 1, ...retention },
});
export const mailboxScheduler = (brandId: string) => `mailbox-${brandId}`;
