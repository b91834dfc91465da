import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/** Both SQLite (32,766) and PostgreSQL (65,535) take this many bound parameters in a statement. */
const MAX_PARAMETERS = 30_000;

/**
 * Inserts whole rows in multi-row statements built from the entity metadata, each value
 * through its column's transformer and the driver's conversions. Generated columns are left
 * to the database and nothing is read back: one statement where TypeORM's `insert` runs one
 * and then a SELECT for the defaults. Rows must carry every other column.
 */
export async function insertRows<T extends ObjectLiteral>(manager: EntityManager, entity: EntityTarget<T>, rows: T[]): Promise<void> {
  if (!rows.length) return;
  const meta = manager.connection.getMetadata(entity);
  const driver = manager.connection.driver;
  const postgres = driver.options.type === 'postgres';
  const columns = meta.columns.filter((c) => !c.isGenerated);
  const names = columns.map((c) => driver.escape(c.databaseName)).join(', ');
  const perStatement = Math.max(1, Math.floor(MAX_PARAMETERS / columns.length));
  for (let start = 0; start < rows.length; start += perStatement) {
    const params: unknown[] = [];
    const values = rows.slice(start, start + perStatement).map((row) => {
      const placeholders = columns.map((c) => {
        const value = driver.preparePersistentValue(c.getEntityValue(row), c);
        if (value === undefined) throw new Error(`${meta.tableName}.${c.propertyName} is missing`);
        params.push(value);
        return postgres ? `$${params.length}` : '?';
      });
      return `(${placeholders.join(', ')})`;
    });
    await manager.query(`INSERT INTO ${driver.escape(meta.tableName)} (${names}) VALUES ${values.join(', ')}`, params);
  }
}
