import { rollupQueue } from './rollup.queue';
import { mailQueue } from './mail.queue';
import { paymentCheckQueue } from './payment-check.queue';
import { triageQueue } from './triage.queue';

export const queueDefinitions = { [triageQueue.name]: triageQueue, [mailQueue.name]: mailQueue, [rollupQueue.name]: rollupQueue, [paymentCheckQueue.name]: paymentCheckQueue } as const;
export { mailQueue, paymentCheckQueue, rollupQueue, triageQueue };
