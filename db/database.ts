import type { DataSource, EntityManager } from 'typeorm';
import { createDataSource, type DatabaseOptions } from './data-source';
import { GroupCommit, type BatchWrite } from './group-commit';
import { BrandRepository } from './repositories/brand.repository';
import { EvidenceFileRepository } from './repositories/evidence-file.repository';
import { IdempotencyKeyRepository } from './repositories/idempotency-key.repository';
import { OutboxRepository } from './repositories/outbox.repository';
import { SessionRepository } from './repositories/session.repository';
import { SlaRollupRepository } from './repositories/sla-rollup.repository';
import { UserRepository } from './repositories/user.repository';
import { TicketEventRepository } from './repositories/ticket-event.repository';
import { TicketRepository } from './repositories/ticket.repository';

/**
 * Runs statements that do not depend on each other: all issued at once on SQLite, whose
 * connection then runs them back to back instead of waiting a round trip for each; one
 * after another on PostgreSQL, where a client takes one query at a time.
 */
function runAll(manager: EntityManager) {
  const sequential = manager.connection.options.type === 'postgres';
  return async <T>(tasks: Array<() => Promise<T>>): Promise<T[]> => {
    if (!sequential) return Promise.all(tasks.map((task) => task()));
    const results: T[] = [];
    for (const task of tasks) results.push(await task());
    return results;
  };
}

/** Every repository, bound to one EntityManager (the data source's, or a transaction's). */
export function repositories(manager: EntityManager) {
  return {
    all: runAll(manager),
    brands: new BrandRepository(manager),
    tickets: new TicketRepository(manager),
    events: new TicketEventRepository(manager),
    files: new EvidenceFileRepository(manager),
    outbox: new OutboxRepository(manager),
    idempotencyKeys: new IdempotencyKeyRepository(manager),
    users: new UserRepository(manager),
    sessions: new SessionRepository(manager),
    rollups: new SlaRollupRepository(manager),
  };
}
export type Repositories = ReturnType<typeof repositories>;

export class Database {
  /** TypeORM shares one SQLite connection, so its transactions must not interleave: they take turns. */
  private turn: Promise<unknown> = Promise.resolve();

  /** One GroupCommit per write function, whatever its item and result types. */
  private readonly groups = new Map<unknown, GroupCommit<any, any>>();

  private constructor(readonly dataSource: DataSource) {}

  /** Connects, runs pending migrations and makes sure a default brand exists. */
  static async open(options: DatabaseOptions): Promise<Database> {
    const dataSource = createDataSource(options);
    await dataSource.initialize();
    try {
      await dataSource.runMigrations({ transaction: 'each' });
      const db = new Database(dataSource);
      await db.repos.brands.ensureDefault();
      return db;
    } catch (err) {
      await dataSource.destroy();
      throw err;
    }
  }

  get kind(): 'sqlite' | 'postgres' {
    return this.dataSource.options.type === 'postgres' ? 'postgres' : 'sqlite';
  }

  get repos(): Repositories {
    return repositories(this.dataSource.manager);
  }

  transaction<T>(work: (repos: Repositories, manager: EntityManager) => Promise<T>): Promise<T> {
    const run = () => this.dataSource.transaction((manager) => work(repositories(manager), manager));
    if (this.kind === 'postgres') return run();
    const result = this.turn.then(run, run);
    this.turn = result.catch(() => undefined);
    return result;
  }

  /**
   * Runs `write` for this item in a transaction shared with the other items that arrive
   * meanwhile (see GroupCommit): one batch at a time on SQLite, a few at once on PostgreSQL.
   */
  grouped<I, O>(write: BatchWrite<I, O>, item: I): Promise<O> {
    let group = this.groups.get(write) as GroupCommit<I, O> | undefined;
    if (!group) {
      group = new GroupCommit(this.transaction.bind(this), write, { concurrency: this.kind === 'postgres' ? 4 : 1, maxBatch: 200 });
      this.groups.set(write, group);
    }
    return group.run(item);
  }

  async ping(): Promise<void> {
    await this.dataSource.query('SELECT 1');
  }

  async close(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}
