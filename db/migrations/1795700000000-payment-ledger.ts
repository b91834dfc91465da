import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';

/** The shops' payment ledger, for payment verification. */
export class PaymentLedger1795700000000 implements MigrationInterface {
  name = 'PaymentLedger1795700000000';

  async up(q: QueryRunner): Promise<void> {
    const instant = (name: string, isNullable = false) => ({ name, type: 'bigint', isNullable });
    const text = (name: string, length: number, isNullable = true) => ({ name, type: 'varchar', length: String(length), isNullable });
    await q.createTable(
      new Table({
        name: 'payment_transactions',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          text('brandId', 36, false),
          text('provider', 16, false),
          text('providerId', 64, false),
          text('kind', 16, false),
          text('status', 32, false),
          { name: 'amountCents', type: 'integer' },
          text('currency', 3, false),
          instant('occurredAt'),
          { name: 'captured', type: 'boolean', isNullable: true },
          { name: 'released', type: 'boolean', default: false },
          instant('captureBefore', true),
          { name: 'refundedCents', type: 'integer', default: 0 },
          text('declineCode', 64),
          text('cardBrand', 32),
          text('cardLast4', 4),
          text('cardFingerprint', 64),
          text('customerEmail', 254),
          text('orderReference', 128),
          text('chargeId', 64),
          text('arn', 64),
          instant('dueBy', true),
          instant('updatedAt'),
        ],
      }),
    );
    // One at a time: TypeORM's createIndices races its own table cache on SQLite.
    for (const index of [
      new TableIndex({ name: 'idx_payment_transactions_provider_id', columnNames: ['brandId', 'provider', 'providerId'], isUnique: true }),
      new TableIndex({ name: 'idx_payment_transactions_match', columnNames: ['brandId', 'currency', 'amountCents', 'occurredAt'] }),
      new TableIndex({ name: 'idx_payment_transactions_charge', columnNames: ['brandId', 'chargeId'] }),
    ]) await q.createIndex('payment_transactions', index);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('payment_transactions');
  }
}
