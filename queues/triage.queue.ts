import { z } from 'zod';
import { defineQueue, retention } from './queue-definition';

/** Triage a new report: checklist, SLA deadlines, duplicates, acknowledgement. */
export const triageQueue = defineQueue({
  name: 'triage',
  payload: z.object({ ticketId: z.uuid() }),
  jobId: ({ ticketId }) => `triage-${ticketId}`,
  options: { attempts: 5, backoff: { type: 'exponential', delay: 1000 }, ...retention },
});
