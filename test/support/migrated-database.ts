import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../db/data-source';
import { freshPostgresDatabase } from '../../scripts/fresh-database';

const PG_URL = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * A database of the project under test (PostgreSQL when TEST_DATABASE says so, else SQLite in
 * a temporary folder) with every migration run, for a migration's own test: `close` drops it.
 */
export async function migratedDatabase(name: string): Promise<{ ds: DataSource; close(): Promise<void> }> {
  let ds: DataSource;
  let cleanup: () => Promise<void>;
  if (process.env.TEST_DATABASE === 'postgres') {
    const db = await freshPostgresDatabase(PG_URL, name);
    ds = createDataSource({ databaseUrl: db.url, sqlitePath: '' });
    cleanup = db.drop;
  } else {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'guichet-migration-'));
    ds = createDataSource({ sqlitePath: path.join(dir, 'guichet.sqlite') });
    cleanup = async () => fs.rmSync(dir, { recursive: true, force: true });
  }
  await ds.initialize();
  await ds.runMigrations({ transaction: 'each' });
  return {
    ds,
    async close() {
      await ds.destroy();
      await cleanup();
    },
  };
}
