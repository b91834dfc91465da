import { loadConfig, type Config } from './config';
import { logger } from './logger';

/** Requests in flight get 8 s to finish, jobs the rest. */
const STOP_TIMEOUT_MS = 15_000;

/**
 * Runs an entry point: a configuration or start-up error is printed as a plain message
 * (no stack trace) and exits 1; SIGINT/SIGTERM close everything before exiting.
 */
export function runProcess(name: string, start: (config: Config) => Promise<{ close(): Promise<void> }>) {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    console.error(`${name}: ${(err as Error).message}`);
    process.exit(1);
  }
  start(config)
    .then((running) => {
      let stopping = false;
      const stop = (signal: string) => {
        if (stopping) {
          logger.warn({ signal }, `${name}: second signal, exiting now`);
          process.exit(1);
        }
        stopping = true;
        logger.info({ signal }, `${name} stopping`);
        // Whatever hangs (a job that never ends, a peer that never answers), the process exits.
        setTimeout(() => {
          logger.error(`${name} did not stop within ${STOP_TIMEOUT_MS / 1000} s; exiting`);
          process.exit(1);
        }, STOP_TIMEOUT_MS).unref();
        running.close().then(
          () => {
            logger.info(`${name} stopped`);
            process.exit(0);
          },
          (err: Error) => {
            logger.error({ err: err.message }, `${name} stopped with an error`);
            process.exit(1);
          },
        );
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    })
    .catch((err: Error) => {
      console.error(`${name}: ${err.message}`);
      process.exit(1);
    });
}
