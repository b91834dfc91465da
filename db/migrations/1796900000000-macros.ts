import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';

/**
 * Macros (issue 16): a shop's canned replies per language, and which shops had theirs seeded
 * (once: the service seeds a shop the first time its macros are read, existing shops and new ones alike).
 */
export class Macros1796900000000 implements MigrationInterface {
  name = 'Macros1796900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'macros',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'brandId', type: 'varchar', length: '36' },
          { name: 'language', type: 'varchar', length: '2' },
          { name: 'name', type: 'varchar', length: '120' },
          { name: 'body', type: 'text' },
          { name: 'status', type: 'varchar', length: '24', isNullable: true },
          { name: 'outcome', type: 'varchar', length: '32', isNullable: true },
          { name: 'assignment', type: 'text', isNullable: true },
          { name: 'seedKey', type: 'varchar', length: '32', isNullable: true },
          { name: 'version', type: 'integer', default: 1 },
          { name: 'createdAt', type: 'bigint' },
          { name: 'updatedAt', type: 'bigint' },
          { name: 'updatedBy', type: 'varchar', length: '36', isNullable: true },
        ],
        indices: [{ name: 'idx_macros_brand_language_name', columnNames: ['brandId', 'language', 'name'], isUnique: true }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'macro_seedings',
        columns: [
          { name: 'brandId', type: 'varchar', length: '36', isPrimary: true },
          { name: 'seededAt', type: 'bigint' },
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('macro_seedings');
    await q.dropTable('macros');
  }
}
