import type { DataSource } from 'typeorm';
import { migratedDatabase } from '../support/migrated-database';
import { MergeSatisfaction1797000000000 } from '../../db/migrations/1797000000000-merge-satisfaction';

/* Migration 1797000000000 is reversible on both databases: down removes what up added, up again restores it. */

let db: Awaited<ReturnType<typeof migratedDatabase>>;
let ds: DataSource;

beforeAll(async () => {
  db = await migratedDatabase('guichet_migration');
  ds = db.ds;
});
afterAll(async () => {
  await db?.close();
});

async function shape() {
  const runner = ds.createQueryRunner();
  try {
    const tickets = await runner.getTable('tickets');
    const ratings = await runner.getTable('satisfaction_ratings');
    return {
      mergedIntoId: !!tickets?.findColumnByName('mergedIntoId'),
      mergedAt: !!tickets?.findColumnByName('mergedAt'),
      mergedIndex: !!tickets?.indices.some((i) => i.name === 'idx_tickets_merged_into'),
      ratings: ratings ? ratings.columns.map((c) => c.name).sort() : null,
    };
  } finally {
    await runner.release();
  }
}

it('goes down and up again', async () => {
  const up = await shape();
  expect(up).toEqual({
    mergedIntoId: true,
    mergedAt: true,
    mergedIndex: true,
    ratings: ['agentId', 'comment', 'createdAt', 'brandId', 'id', 'resolutionEventId', 'score', 'ticketCreatedDay', 'ticketId', 'type', 'via'].sort(),
  });
  // The later migrations are undone first, as a real downgrade would.
  const target = new MergeSatisfaction1797000000000().name;
  for (;;) {
    const [last] = (await ds.query(`SELECT name FROM migrations ORDER BY id DESC LIMIT 1`)) as Array<{ name: string }>;
    await ds.undoLastMigration({ transaction: 'each' });
    if (last.name === target) break;
  }
  expect(await shape()).toEqual({ mergedIntoId: false, mergedAt: false, mergedIndex: false, ratings: null });
  await ds.runMigrations({ transaction: 'each' });
  expect(await shape()).toEqual(up);
});
