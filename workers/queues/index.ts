import { mailQueue } from './mail.queue';
import { triageQueue } from './triage.queue';

export const queueDefinitions = { [triageQueue.name]: triageQueue, [mailQueue.name]: mailQueue } as const;
export { mailQueue, triageQueue };
