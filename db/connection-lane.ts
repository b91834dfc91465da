import { AsyncLocalStorage } from 'node:async_hooks';

interface Turn {
  active: boolean;
}

/**
 * One lane for every statement on a connection that cannot run two units of work at once
 * (TypeORM's single SQLite connection): each unit — a transaction, or a statement outside
 * one — waits for the previous to finish, so nothing joins, commits or rolls back another's
 * transaction. Work started by the unit that holds the lane (its own nested reads, the
 * statements a batch issues together) runs at once, recognised by its async context. So a
 * unit must never wait for a read that someone else started (a shared cache's pending
 * promise): that read waits for the lane the unit holds.
 */
export class ConnectionLane {
  private tail: Promise<unknown> = Promise.resolve();
  private readonly current = new AsyncLocalStorage<Turn>();

  /** True while called from the unit of work that holds the lane. */
  get holding(): boolean {
    return this.current.getStore()?.active === true;
  }

  run<T>(work: () => Promise<T>): Promise<T> {
    if (this.holding) return work();
    const turn: Turn = { active: false };
    const start = () => {
      turn.active = true;
      return this.current.run(turn, work).finally(() => {
        turn.active = false;
      });
    };
    const result = this.tail.then(start, start);
    this.tail = result.catch(() => undefined);
    return result;
  }

  /** The same object whose every method runs in its own turn (or in the caller's, when it holds the lane). */
  wrap<T extends object>(target: T): T {
    return new Proxy(target, {
      get: (obj, key, receiver) => {
        const value = Reflect.get(obj, key, receiver);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => this.run(() => Promise.resolve(value.apply(obj, args)));
      },
    });
  }
}
