import { loadConfig, type Config } from './config';
import { logger } from './logger';

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
      const stop = (signal: string) => {
        logger.info({ signal }, `${name} stopping`);
        running.close().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    })
    .catch((err: Error) => {
      console.error(`${name}: ${err.message}`);
      process.exit(1);
    });
}
