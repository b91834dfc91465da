import { rollupQueue } from './rollup.queue';
import { mailQueue } from './mail.queue';
import { mailboxQueue } from './mailbox.queue';
import { paymentCheckQueue } from './payment-check.queue';
import { triageQueue } from './triage.queue';

export const queueDefinitions = { [triageQueue.name]: triageQueue, [mailQueue.name]: mailQueue, [rollupQueue.name]: rollupQueue, [paymentCheckQueue.name]: paymentCheckQueue, [mailboxQueue.name]: mailboxQueue } as const;
export { mailboxQueue, mailQueue, paymentCheckQueue, rollupQueue, triageQueue };
