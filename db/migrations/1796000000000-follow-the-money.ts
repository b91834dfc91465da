import { type MigrationInterface, type QueryRunner, TableColumn, TableIndex } from 'typeorm';

/** A chargeback's evidence deadline on its ticket, who opened a ticket (a customer, a chargeback), and when the money a customer awaits should be back. */
export class FollowTheMoney1796000000000 implements MigrationInterface {
  name = 'FollowTheMoney1796000000000';

  async up(q: QueryRunner): Promise<void> {
    for (const name of ['disputeDueAt', 'moneyExpectedBy', 'moneyCheckAt']) {
      await q.addColumn('tickets', new TableColumn({ name, type: 'bigint', isNullable: true }));
    }
    await q.createIndex('tickets', new TableIndex({ name: 'idx_tickets_money_check', columnNames: ['moneyCheckAt'] }));
    await q.addColumn('tickets', new TableColumn({ name: 'source', type: 'varchar', length: '16', default: "'customer'" }));
    // A refund's or a dispute's charge by its id alone (the unique index starts with the provider).
    await q.createIndex('payment_transactions', new TableIndex({ name: 'idx_payment_transactions_provider', columnNames: ['brandId', 'providerId'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('payment_transactions', 'idx_payment_transactions_provider');
    await q.dropColumn('tickets', 'source');
    await q.dropIndex('tickets', 'idx_tickets_money_check');
    for (const name of ['moneyCheckAt', 'moneyExpectedBy', 'disputeDueAt']) await q.dropColumn('tickets', name);
  }
}
