import { setTimeout as sleep } from 'node:timers/promises';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { ConnectionLane } from './connection-lane';
import { createDataSource, type DatabaseOptions } from './data-source';
import { describeDatabaseUrl } from './errors';
import { GroupCommit, type BatchWrite } from './group-commit';
import { BrandRepository } from './repositories/brand.repository';
import { EvidenceFileRepository } from './repositories/evidence-file.repository';
import { InboundMessageRepository } from './repositories/inbound-message.repository';
import { MacroRepository } from './repositories/macro.repository';
import { MailboxRepository } from './repositories/mailbox.repository';
import { MergeRepository } from './repositories/merge.repository';
import { SatisfactionRepository } from './repositories/satisfaction.repository';
import { IdempotencyKeyRepository } from './repositories/idempotency-key.repository';
import { OutboxRepository } from './repositories/outbox.repository';
import { PaymentConnectorRepository } from './repositories/payment-connector.repository';
import { PaymentTransactionRepository } from './repositories/payment-transaction.repository';
import { PersonalDataRepository } from './repositories/personal-data.repository';
import { SessionRepository } from './repositories/session.repository';
import { SlaRollupRepository } from './repositories/sla-rollup.repository';
import { UserRepository } from './repositories/user.repository';
import { ApiTokenRepository } from './repositories/api-token.repository';
import { WebhookRepository } from './repositories/webhook.repository';
import { TicketEventRepository } from './repositories/ticket-event.repository';
import { TicketRepository } from './repositories/ticket.repository';
import { TicketSearchRepository } from './repositories/ticket-search.repository';

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
    apiTokens: new ApiTokenRepository(manager),
    webhooks: new WebhookRepository(manager),
    sessions: new SessionRepository(manager),
    rollups: new SlaRollupRepository(manager),
    payments: new PaymentTransactionRepository(manager),
    connectors: new PaymentConnectorRepository(manager),
    inbound: new InboundMessageRepository(manager),
    mailboxes: new MailboxRepository(manager),
    personalData: new PersonalDataRepository(manager),
    search: new TicketSearchRepository(manager),
    merges: new MergeRepository(manager),
    satisfaction: new SatisfactionRepository(manager),
    macros: new MacroRepository(manager),
  };
}
export type Repositories = ReturnType<typeof repositories>;

/** SQLite answers SQLITE_BUSY when another process held the write lock past the busy timeout. */
const isBusy = (err: unknown) => /SQLITE_BUSY/.test(String((err as { driverError?: unknown })?.driverError ?? err));

/** How often a unit of work is tried again, whole, when SQLite stays busy. */
const BUSY_ATTEMPTS = 5;

export class Database {
  /**
   * TypeORM shares one SQLite connection: every statement goes through this lane, so units
   * of work take turns instead of interleaving on it (see ConnectionLane).
   */
  private readonly lane = new ConnectionLane();

  /** One GroupCommit per write function, whatever its item and result types. */
  private readonly groups = new Map<unknown, GroupCommit<any, any>>();

  private laneRepos?: Repositories;

  private constructor(private readonly dataSource: DataSource) {}

  /** Connects, runs pending migrations and makes sure a default brand exists. */
  static async open(options: DatabaseOptions): Promise<Database> {
    const dataSource = createDataSource(options);
    await dataSource.initialize().catch((err: Error) => {
      throw new Error(
        options.databaseUrl
          ? `The PostgreSQL database cannot be reached at ${describeDatabaseUrl(options.databaseUrl)} (${err.message}). ` +
              'Start it (`docker compose up -d postgres`) or point DATABASE_URL at a running database.'
          : `The SQLite database at ${options.sqlitePath} cannot be opened (${err.message}). Check that DATA_DIR is writable.`,
      );
    });
    try {
      // What SQLite deletes or overwrites is zeroed, not left in free pages: an erased customer's data must be gone from the file too.
      if (dataSource.options.type === 'sqlite') await dataSource.query('PRAGMA secure_delete = ON');
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

  /**
   * Repositories for statements outside a transaction. On PostgreSQL each takes a pooled
   * connection; on SQLite each method call is a turn of the lane of its own.
   */
  get repos(): Repositories {
    if (this.kind === 'postgres') return repositories(this.dataSource.manager);
    if (!this.laneRepos) {
      const repos = repositories(this.dataSource.manager);
      this.laneRepos = Object.fromEntries(
        Object.entries(repos).map(([name, repo]) => [name, typeof repo === 'function' ? (...args: never[]) => this.lane.run(() => (repo as (...a: never[]) => Promise<unknown>)(...args)) : this.lane.wrap(repo)]),
      ) as Repositories;
    }
    return this.laneRepos;
  }

  /** A raw statement outside a transaction (benchmarks, maintenance), through the lane on SQLite. */
  query<T = unknown>(sql: string, parameters?: unknown[]): Promise<T> {
    return this.kind === 'postgres' ? this.dataSource.query(sql, parameters) : this.lane.run(() => this.dataSource.query(sql, parameters));
  }

  /**
   * Runs `work` in one transaction, committed when it resolves and rolled back when it
   * throws. On SQLite: in its turn of the lane, with the write lock taken up front (BEGIN
   * IMMEDIATE, so another process's commit can never make it fail half-way), and tried
   * again whole while another process keeps the database busy. `work` must therefore only
   * write through `repos` (it may run more than once).
   */
  transaction<T>(work: (repos: Repositories, manager: EntityManager) => Promise<T>): Promise<T> {
    if (this.kind === 'postgres') return this.dataSource.transaction((manager) => work(repositories(manager), manager));
    if (this.lane.holding) throw new Error('a transaction cannot start inside another unit of work on SQLite; pass its repositories down');
    return this.lane.run(async () => {
      for (let attempt = 1; ; attempt++) {
        try {
          return await this.sqliteTransaction(work);
        } catch (err) {
          if (!isBusy(err) || attempt >= BUSY_ATTEMPTS) throw err;
          await sleep(20 * attempt + Math.random() * 50);
        }
      }
    });
  }

  private async sqliteTransaction<T>(work: (repos: Repositories, manager: EntityManager) => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner(); // SQLite: the one shared runner
    await runner.query('BEGIN IMMEDIATE');
    // TypeORM must see the transaction as its own, so that save() joins it instead of opening one.
    setTransactionActive(runner, true);
    try {
      const result = await work(repositories(runner.manager), runner.manager);
      await runner.query('COMMIT');
      return result;
    } catch (err) {
      // Never leave the connection inside a transaction: all that follows would live in memory only.
      await runner.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      setTransactionActive(runner, false);
    }
  }

  /**
   * Runs `write` for this item in a transaction shared with the other items that arrive
   * meanwhile (see GroupCommit): one batch at a time on SQLite, a few at once on PostgreSQL.
   */
  groupCommit<I, O>(write: BatchWrite<I, O>, item: I): Promise<O> {
    let group = this.groups.get(write) as GroupCommit<I, O> | undefined;
    if (!group) {
      group = new GroupCommit(this.transaction.bind(this), write, { concurrency: this.kind === 'postgres' ? 4 : 1, maxBatch: 200 });
      this.groups.set(write, group);
    }
    return group.run(item);
  }

  async ping(): Promise<void> {
    await this.query('SELECT 1');
  }

  /** After the statements already queued (SQLite refuses to close under a running one). */
  async close(): Promise<void> {
    const destroy = async () => {
      if (this.dataSource.isInitialized) await this.dataSource.destroy();
    };
    await (this.kind === 'postgres' ? destroy() : this.lane.run(destroy));
  }
}

/** What TypeORM's own startTransaction/commitTransaction would set on the SQLite runner. */
function setTransactionActive(runner: QueryRunner, active: boolean) {
  const state = runner as unknown as { isTransactionActive: boolean; transactionDepth: number };
  state.isTransactionActive = active;
  state.transactionDepth = active ? 1 : 0;
}
