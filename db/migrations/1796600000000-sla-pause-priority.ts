import { type MigrationInterface, type QueryRunner, TableColumn } from 'typeorm';

/**
 * Ticket priorities, and the resolution clock's pause while a ticket awaits the customer
 * (issue 15): since when it is paused (epoch ms, as every instant) and the business minutes
 * that were left then.
 */
export class SlaPausePriority1796600000000 implements MigrationInterface {
  name = 'SlaPausePriority1796600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('tickets', new TableColumn({ name: 'priority', type: 'varchar', length: '16', default: "'normal'" }));
    await q.addColumn('tickets', new TableColumn({ name: 'slaPausedAt', type: 'bigint', isNullable: true }));
    await q.addColumn('tickets', new TableColumn({ name: 'resolutionMinutesLeft', type: 'integer', isNullable: true }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('tickets', 'resolutionMinutesLeft');
    await q.dropColumn('tickets', 'slaPausedAt');
    await q.dropColumn('tickets', 'priority');
  }
}
