import { alertMailQueue } from './alert-mail.queue';
import { rollupQueue } from './rollup.queue';
import { mailQueue } from './mail.queue';
import { mailboxQueue } from './mailbox.queue';
import { paymentCheckQueue } from './payment-check.queue';
import { refusalMailQueue } from './refusal-mail.queue';
import { triageQueue } from './triage.queue';
import { webhookDeliveryQueue } from './webhook-delivery.queue';

export const queueDefinitions = { [triageQueue.name]: triageQueue, [mailQueue.name]: mailQueue, [rollupQueue.name]: rollupQueue, [paymentCheckQueue.name]: paymentCheckQueue, [mailboxQueue.name]: mailboxQueue, [alertMailQueue.name]: alertMailQueue, [refusalMailQueue.name]: refusalMailQueue, [webhookDeliveryQueue.name]: webhookDeliveryQueue } as const;
export { webhookDeliveryQueue };
export { alertMailQueue, mailboxQueue, mailQueue, paymentCheckQueue, refusalMailQueue, rollupQueue, triageQueue };
