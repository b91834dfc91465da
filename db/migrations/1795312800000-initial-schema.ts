import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';
import type { TableColumnOptions } from 'typeorm/schema-builder/options/TableColumnOptions';

/* Column shorthands in types that SQLite and PostgreSQL both accept. */
const id = (name = 'id'): TableColumnOptions => ({ name, type: 'varchar', length: '36', isPrimary: true });
const serial = (): TableColumnOptions => ({ name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' });
const str = (name: string, length: number, nullable = false): TableColumnOptions => ({ name, type: 'varchar', length: String(length), isNullable: nullable });
const text = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'text', isNullable: nullable });
const int = (name: string, nullable = false, dflt?: number): TableColumnOptions => ({ name, type: 'integer', isNullable: nullable, default: dflt });
const bool = (name: string, nullable = false, dflt?: boolean): TableColumnOptions => ({ name, type: 'boolean', isNullable: nullable, default: dflt });
const instant = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'bigint', isNullable: nullable });

export class InitialSchema1795312800000 implements MigrationInterface {
  name = 'InitialSchema1795312800000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'brands',
        columns: [id(), { ...str('slug', 64), isUnique: true }, str('name', 120), bool('isDefault', false, false), text('policy'), instant('createdAt')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'tickets',
        columns: [
          id(),
          { ...str('reference', 20), isUnique: true },
          str('brandId', 36),
          str('type', 32),
          str('status', 24),
          str('language', 2),
          str('customerName', 120),
          str('customerEmail', 254),
          str('customerEmailNormalized', 254),
          str('orderNumber', 64, true),
          instant('paymentTime', true),
          int('amountCents', true),
          str('currency', 3),
          str('cardType', 16, true),
          str('cardLast4', 4, true),
          bool('debited', true),
          instant('refundDate', true),
          instant('orderTime', true),
          instant('secondDebitTime', true),
          int('secondDebitAmountCents', true),
          str('errorMessage', 500, true),
          text('description', true),
          text('missingEvidence'),
          int('proofCount', false, 0),
          str('possibleDuplicateOfId', 36, true),
          instant('firstResponseWarnAt'),
          instant('firstResponseDueAt'),
          instant('resolutionWarnAt'),
          instant('resolutionDueAt'),
          instant('firstRespondedAt', true),
          instant('resolvedAt', true),
          instant('firstResponseWarnedAt', true),
          instant('firstResponseBreachedAt', true),
          instant('resolutionWarnedAt', true),
          instant('resolutionBreachedAt', true),
          instant('slaNextCheckAt', true),
          instant('triagedAt', true),
          int('version', false, 1),
          instant('createdAt'),
          instant('updatedAt'),
        ],
        foreignKeys: [{ columnNames: ['brandId'], referencedTableName: 'brands', referencedColumnNames: ['id'] }],
      }),
    );
    // One at a time: TypeORM's createIndices races its own table cache on SQLite.
    for (const index of [
      // The SLA watch: "tickets whose next check is due", a range scan on this index.
      new TableIndex({ name: 'idx_tickets_sla_next_check', columnNames: ['slaNextCheckAt'] }),
      // Possible duplicates: same e-mail and order number, the oldest first.
      new TableIndex({ name: 'idx_tickets_duplicate_lookup', columnNames: ['customerEmailNormalized', 'orderNumber', 'createdAt'] }),
    ]) await q.createIndex('tickets', index);
    await q.createTable(
      new Table({
        name: 'ticket_events',
        columns: [serial(), str('ticketId', 36), str('type', 40), str('actor', 64), bool('isPublic', false, false), text('data'), instant('createdAt')],
        foreignKeys: [{ columnNames: ['ticketId'], referencedTableName: 'tickets', referencedColumnNames: ['id'] }],
        indices: [{ name: 'idx_ticket_events_ticket', columnNames: ['ticketId', 'id'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'evidence_files',
        columns: [id(), str('ticketId', 36), str('originalName', 255), str('mimeType', 64), int('sizeBytes'), str('sha256', 64), str('storagePath', 255), instant('createdAt')],
        foreignKeys: [{ columnNames: ['ticketId'], referencedTableName: 'tickets', referencedColumnNames: ['id'] }],
        indices: [{ name: 'idx_evidence_files_ticket', columnNames: ['ticketId'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'outbox_messages',
        columns: [serial(), str('queue', 32), { ...str('jobId', 120), isUnique: true }, text('payload'), instant('createdAt'), instant('processedAt', true)],
        indices: [{ name: 'idx_outbox_pending', columnNames: ['processedAt', 'id'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'idempotency_keys',
        columns: [{ ...str('keyHash', 64), isPrimary: true }, str('requestHash', 64), str('ticketId', 36), instant('createdAt')],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['idempotency_keys', 'outbox_messages', 'evidence_files', 'ticket_events', 'tickets', 'brands']) {
      await q.dropTable(table);
    }
  }
}
