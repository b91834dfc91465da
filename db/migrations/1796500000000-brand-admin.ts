import { type MigrationInterface, type QueryRunner, Table, TableColumn } from 'typeorm';

/**
 * Brands an admin runs (issue 15): when each was last changed, whether its open tickets'
 * deadlines still await a recompute, and the audit trail of every creation and change
 * (`brand_events`, append-only).
 */
export class BrandAdmin1796500000000 implements MigrationInterface {
  name = 'BrandAdmin1796500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('brands', new TableColumn({ name: 'updatedAt', type: 'bigint', default: 0 }));
    await q.query('UPDATE brands SET "updatedAt" = "createdAt"');
    await q.addColumn('brands', new TableColumn({ name: 'recomputeRequestedAt', type: 'bigint', isNullable: true }));
    await q.createTable(
      new Table({
        name: 'brand_events',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'brandId', type: 'varchar', length: '36' },
          { name: 'actorId', type: 'varchar', length: '36', isNullable: true },
          { name: 'type', type: 'varchar', length: '16' },
          { name: 'data', type: 'text' },
          { name: 'createdAt', type: 'bigint' },
        ],
        foreignKeys: [{ columnNames: ['brandId'], referencedTableName: 'brands', referencedColumnNames: ['id'] }],
        indices: [{ name: 'idx_brand_events_brand', columnNames: ['brandId', 'id'] }],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('brand_events');
    await q.dropColumn('brands', 'recomputeRequestedAt');
    await q.dropColumn('brands', 'updatedAt');
  }
}
