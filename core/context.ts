import type { Database } from '../db/database';
import type { JobDispatcher } from '../queues/job-dispatcher';
import type { Config } from './config';
import type { Logger } from './logger';
import type { Notifier } from './notifier';
import type { Presence } from './presence';

/** What services and processors work with; built once per process by its entry point. */
export interface AppContext {
  config: Config;
  db: Database;
  dispatcher: JobDispatcher;
  notifier: Notifier;
  presence: Presence;
  logger: Logger;
  /** The clock; tests replace it to move through business days. */
  now: () => Date;
}
