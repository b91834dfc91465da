import type { Config } from '../core/config';
import type { AppContext } from '../core/context';
import { createContext } from '../core/bootstrap';
import { startWorkers, type WorkerRuntime } from '../workers/runtime';
import type { MailAdapter } from '../workers/mail/mail.adapter';
import { startApi } from './api';

/** Everything on one machine (API, sockets, workers): `npm start`, the tests and the benchmarks. */
export async function startStack(config: Config, options: { overrides?: Partial<AppContext>; workers?: boolean; port?: number; mailer?: MailAdapter } = {}) {
  const ctx = await createContext(config, options.overrides);
  const api = await startApi(ctx, options.port ?? config.PORT);
  let workers: WorkerRuntime | null = options.workers === false ? null : startWorkers(ctx, { mailer: options.mailer });
  return {
    ctx,
    api,
    url: api.url,
    startWorkers() {
      workers ??= startWorkers(ctx, { mailer: options.mailer });
    },
    /** The API stops taking requests and drains first, then the workers finish their jobs, then connections close. */
    async close() {
      await api.close();
      await workers?.close();
      await ctx.close();
    },
  };
}
export type Stack = Awaited<ReturnType<typeof startStack>>;
