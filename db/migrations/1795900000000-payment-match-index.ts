import { type MigrationInterface, type QueryRunner, TableIndex } from 'typeorm';

const MATCH = 'idx_payment_transactions_match';
const TIME = 'idx_payment_transactions_time';

/**
 * Matching a report against a large ledger (docs/benchmarks.md, "Payment verification").
 * The match index gets the card's last 4 digits as its last column: a common amount (19.90)
 * fits thousands of charges a week, and the ones of another card are then passed over in the
 * index instead of being read from the table. The time index serves a report without an
 * amount (a cancellation request), which otherwise reads the brand's whole ledger. Each query
 * shape has one index that fits it: SQLite plans without statistics, and two indexes that
 * both fit one query let it pick the slow one.
 */
export class PaymentMatchIndex1795900000000 implements MigrationInterface {
  name = 'PaymentMatchIndex1795900000000';

  async up(q: QueryRunner): Promise<void> {
    // One at a time: TypeORM's createIndices races its own table cache on SQLite.
    await q.dropIndex('payment_transactions', MATCH);
    await q.createIndex('payment_transactions', new TableIndex({ name: MATCH, columnNames: ['brandId', 'currency', 'amountCents', 'occurredAt', 'cardLast4'] }));
    await q.createIndex('payment_transactions', new TableIndex({ name: TIME, columnNames: ['brandId', 'currency', 'occurredAt', 'cardLast4'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('payment_transactions', TIME);
    await q.dropIndex('payment_transactions', MATCH);
    await q.createIndex('payment_transactions', new TableIndex({ name: MATCH, columnNames: ['brandId', 'currency', 'amountCents', 'occurredAt'] }));
  }
}
