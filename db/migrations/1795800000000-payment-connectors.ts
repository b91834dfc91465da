import { type MigrationInterface, type QueryRunner, Table, TableColumn, TableIndex } from 'typeorm';

/** Brands' Stripe connections (sealed secrets), the webhook events applied, and when the ledger last saw each transaction. */
export class PaymentConnectors1795800000000 implements MigrationInterface {
  name = 'PaymentConnectors1795800000000';

  async up(q: QueryRunner): Promise<void> {
    const text = (name: string, length: number) => ({ name, type: 'varchar', length: String(length) });
    await q.createTable(
      new Table({
        name: 'payment_connectors',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          text('brandId', 36),
          text('provider', 16),
          { name: 'sealedSecretKey', type: 'text' },
          { name: 'sealedWebhookSecret', type: 'text' },
          text('keyHint', 40),
          text('updatedBy', 36),
          { name: 'updatedAt', type: 'bigint' },
        ],
      }),
    );
    await q.createIndex('payment_connectors', new TableIndex({ name: 'idx_payment_connectors_brand_provider', columnNames: ['brandId', 'provider'], isUnique: true }));
    await q.createTable(
      new Table({
        name: 'webhook_events',
        columns: [{ name: 'id', type: 'varchar', length: '36', isPrimary: true }, text('provider', 16), text('eventId', 64), text('brandId', 36), text('type', 64), { name: 'receivedAt', type: 'bigint' }],
      }),
    );
    await q.createIndex('webhook_events', new TableIndex({ name: 'idx_webhook_events_provider_event', columnNames: ['provider', 'eventId'], isUnique: true }));
    // A provider's older snapshot of a transaction (a webhook delivered late) never overwrites a newer one.
    await q.addColumn('payment_transactions', new TableColumn({ name: 'observedAt', type: 'bigint', isNullable: true }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('payment_transactions', 'observedAt');
    await q.dropTable('webhook_events');
    await q.dropTable('payment_connectors');
  }
}
