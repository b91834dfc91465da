import { type MigrationInterface, type QueryRunner, Table, TableColumn, TableIndex } from 'typeorm';

/**
 * Personal data (issue 15): when a ticket's personal data was erased (the retention job's
 * "exactly once"), the record of each erasure (counts, who and when, an HMAC of the address,
 * never the data), and the customers' e-mailed export links (single use, expiring).
 */
export class PersonalData1796700000000 implements MigrationInterface {
  name = 'PersonalData1796700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('tickets', new TableColumn({ name: 'personalDataErasedAt', type: 'bigint', isNullable: true }));
    await q.createIndex('tickets', new TableIndex({ name: 'idx_tickets_retention', columnNames: ['brandId', 'status', 'updatedAt'] }));
    await q.createTable(
      new Table({
        name: 'personal_data_erasures',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'emailHash', type: 'varchar', length: '64', isNullable: true },
          { name: 'brandId', type: 'varchar', length: '36', isNullable: true },
          { name: 'requestedBy', type: 'varchar', length: '64' },
          { name: 'reason', type: 'varchar', length: '16' },
          { name: 'ticketsErased', type: 'integer', default: 0 },
          { name: 'ticketsHeld', type: 'integer', default: 0 },
          { name: 'counts', type: 'text' },
          { name: 'createdAt', type: 'bigint' },
        ],
        indices: [{ name: 'idx_personal_data_erasures_email', columnNames: ['emailHash'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'personal_data_exports',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'ticketId', type: 'varchar', length: '36' },
          { name: 'expiresAt', type: 'bigint' },
          { name: 'usedAt', type: 'bigint', isNullable: true },
          { name: 'createdAt', type: 'bigint' },
        ],
        indices: [{ name: 'idx_personal_data_exports_ticket', columnNames: ['ticketId'] }],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('personal_data_exports');
    await q.dropTable('personal_data_erasures');
    await q.dropIndex('tickets', 'idx_tickets_retention');
    await q.dropColumn('tickets', 'personalDataErasedAt');
  }
}
