import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../db/data-source';
import { MergeSatisfaction1797000000000 } from '../../db/migrations/1797000000000-merge-satisfaction';
import { freshPostgresDatabase } from '../../scripts/fresh-database';

/* Migration 1797000000000 is reversible on both databases: down removes what up added, up again restores it. */

const PG_URL = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
let ds: DataSource;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  if (process.env.TEST_DATABASE === 'postgres') {
    const db = await freshPostgresDatabase(PG_URL, 'guichet_migration');
    ds = createDataSource({ databaseUrl: db.url, sqlitePath: '' });
    cleanup = db.drop;
  } else {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'guichet-migration-'));
    ds = createDataSource({ sqlitePath: path.join(dir, 'guichet.sqlite') });
    cleanup = async () => fs.rmSync(dir, { recursive: true, force: true });
  }
  await ds.initialize();
  await ds.runMigrations({ transaction: 'each' });
});
afterAll(async () => {
  await ds?.destroy();
  await cleanup?.();
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
  const migration = new MergeSatisfaction1797000000000();
  const runner = ds.createQueryRunner();
  try {
    await migration.down(runner);
    expect(await shape()).toEqual({ mergedIntoId: false, mergedAt: false, mergedIndex: false, ratings: null });
    await migration.up(runner);
  } finally {
    await runner.release();
  }
  expect(await shape()).toEqual(up);
});
