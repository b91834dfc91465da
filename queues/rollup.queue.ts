import { z } from 'zod';
import { defineQueue, retention } from './queue-definition';

/** Keeps the SLA daily roll-ups up to date; run every ROLLUP_EVERY_MS by a BullMQ job scheduler. */
export const rollupQueue = defineQueue({
  name: 'rollups',
  payload: z.object({}),
  jobId: () => 'sla-rollups',
  options: { attempts: 1, ...retention },
});
export const ROLLUP_EVERY_MS = 30_000;
export const ROLLUP_SCHEDULER = 'sla-rollups';
