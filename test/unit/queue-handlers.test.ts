import { queueDefinitions } from '../../queues';
import { assertEveryQueueHandled } from '../../workers/runtime';

describe('a worker process at start', () => {
  it('refuses to run when a queue that jobs are recorded for has no processor', () => {
    expect(() => assertEveryQueueHandled({ triage: {}, mail: {} }, ['triage', 'mail', 'rollups'])).toThrow('no worker for the queue(s) rollups');
  });

  it('refuses a processor for a queue nobody defines', () => {
    expect(() => assertEveryQueueHandled({ triage: {}, mial: {} }, ['triage'])).toThrow('a worker for unknown queue(s) mial');
  });

  it('knows every queue of the product', () => {
    expect(Object.keys(queueDefinitions).sort()).toEqual(['alert-mail', 'mail', 'mailbox-fetch', 'payment-checks', 'refusal-mail', 'rollups', 'triage', 'webhook-delivery'].sort());
  });
});
