import { rollupQueue } from './rollup.queue';
import { mailQueue } from './mail.queue';
import { triageQueue } from './triage.queue';

export const queueDefinitions = { [triageQueue.name]: triageQueue, [mailQueue.name]: mailQueue, [rollupQueue.name]: rollupQueue } as const;
export { mailQueue, rollupQueue, triageQueue };
