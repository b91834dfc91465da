import type { Repositories } from './database';
import { isDatabaseUnavailable } from './errors';

/** Writes many items in the caller's transaction; returns one result per item, in order. */
export type BatchWrite<I, O> = (repos: Repositories, items: I[]) => Promise<O[]>;

type Transact = <T>(work: (repos: Repositories) => Promise<T>) => Promise<T>;

interface Waiting<I, O> {
  item: I;
  resolve(result: O): void;
  reject(err: unknown): void;
}

/**
 * Group commit: writes that arrive while a transaction runs wait for it, and the next
 * transaction takes all of them, as many as have gathered (up to `maxBatch`). Alone, a write
 * commits at once; under load the cost of a transaction (its round trips, its fsync) is paid
 * once per batch instead of once per write. When a batch fails, each of its writes is tried
 * again in a transaction of its own, so a bad write fails only its own caller.
 */
export class GroupCommit<I, O> {
  private readonly waiting: Waiting<I, O>[] = [];
  private running = 0;

  constructor(
    private readonly transact: Transact,
    private readonly write: BatchWrite<I, O>,
    private readonly options: { concurrency: number; maxBatch: number },
  ) {}

  run(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      this.drain();
    });
  }

  private drain() {
    while (this.running < this.options.concurrency && this.waiting.length > this.running) {
      this.running++;
      void this.commitNext().finally(() => {
        this.running--;
        this.drain();
      });
    }
  }

  private async commitNext() {
    let batch: Waiting<I, O>[] = [];
    try {
      // The batch is taken when the transaction starts, so it holds all that came while waiting for it.
      // (Taken once: a transaction tried again whole writes the same batch.)
      let taken = false;
      const results = await this.transact((repos) => {
        if (!taken) batch = this.waiting.splice(0, this.options.maxBatch);
        taken = true;
        return batch.length ? this.write(repos, batch.map((w) => w.item)) : Promise.resolve([]);
      });
      batch.forEach((w, i) => w.resolve(results[i]));
    } catch (err) {
      if (!batch.length) batch = this.waiting.splice(0, this.options.maxBatch); // the transaction never started
      // Alone, or with the database unreachable, trying each write again would only fail again.
      if (batch.length === 1 || isDatabaseUnavailable(err)) return batch.forEach((w) => w.reject(err));
      for (const w of batch) {
        await this.transact((repos) => this.write(repos, [w.item])).then(([result]) => w.resolve(result), w.reject);
      }
    }
  }
}
