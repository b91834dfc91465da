import { type MigrationInterface, type QueryRunner, Table, TableColumn, TableIndex } from 'typeorm';

/**
 * Merge and satisfaction (issue 16): the ticket a merged ticket was folded into, and the
 * customers' ratings of a resolution (one per resolution: the `resolved` event it rates).
 */
export class MergeSatisfaction1797000000000 implements MigrationInterface {
  name = 'MergeSatisfaction1797000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('tickets', new TableColumn({ name: 'mergedIntoId', type: 'varchar', length: '36', isNullable: true }));
    await q.addColumn('tickets', new TableColumn({ name: 'mergedAt', type: 'bigint', isNullable: true }));
    await q.createIndex('tickets', new TableIndex({ name: 'idx_tickets_merged_into', columnNames: ['mergedIntoId'] }));
    await q.createTable(
      new Table({
        name: 'satisfaction_ratings',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'ticketId', type: 'varchar', length: '36' },
          { name: 'resolutionEventId', type: 'integer', isUnique: true },
          { name: 'brandId', type: 'varchar', length: '36' },
          { name: 'type', type: 'varchar', length: '32' },
          { name: 'agentId', type: 'varchar', length: '36', isNullable: true },
          { name: 'ticketCreatedDay', type: 'varchar', length: '10' },
          { name: 'score', type: 'integer' },
          { name: 'comment', type: 'varchar', length: '1000', isNullable: true },
          { name: 'via', type: 'varchar', length: '16' },
          { name: 'createdAt', type: 'bigint' },
        ],
        indices: [
          { name: 'idx_satisfaction_ratings_ticket', columnNames: ['ticketId'] },
          { name: 'idx_satisfaction_ratings_day', columnNames: ['ticketCreatedDay', 'brandId'] },
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('satisfaction_ratings');
    await q.dropIndex('tickets', 'idx_tickets_merged_into');
    await q.dropColumn('tickets', 'mergedAt');
    await q.dropColumn('tickets', 'mergedIntoId');
  }
}
