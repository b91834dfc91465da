import { type MigrationInterface, type QueryRunner, Table, TableColumn, TableIndex } from 'typeorm';

const NO_DEADLINE = 8.64e15;

export class AgentWorkspace1795400000000 implements MigrationInterface {
  name = 'AgentWorkspace1795400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'users',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'email', type: 'varchar', length: '254', isUnique: true },
          { name: 'name', type: 'varchar', length: '120' },
          { name: 'role', type: 'varchar', length: '16' },
          { name: 'passwordHash', type: 'varchar', length: '255' },
          { name: 'failedLoginCount', type: 'integer', default: 0 },
          { name: 'lockedUntil', type: 'bigint', isNullable: true },
          { name: 'lastLoginAt', type: 'bigint', isNullable: true },
          { name: 'disabledAt', type: 'bigint', isNullable: true },
          { name: 'createdAt', type: 'bigint' },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'sessions',
        columns: [
          { name: 'tokenHash', type: 'varchar', length: '64', isPrimary: true },
          { name: 'userId', type: 'varchar', length: '36' },
          { name: 'csrfToken', type: 'varchar', length: '64' },
          { name: 'createdAt', type: 'bigint' },
          { name: 'expiresAt', type: 'bigint' },
        ],
        foreignKeys: [{ columnNames: ['userId'], referencedTableName: 'users', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
        indices: [{ name: 'idx_sessions_user', columnNames: ['userId'] }],
      }),
    );
    await q.addColumns('tickets', [
      new TableColumn({ name: 'nextDueAt', type: 'bigint', default: NO_DEADLINE }),
      new TableColumn({ name: 'nextWarnAt', type: 'bigint', isNullable: true }),
      new TableColumn({ name: 'assigneeId', type: 'varchar', length: '36', isNullable: true }),
      new TableColumn({ name: 'firstResponseBusinessMinutes', type: 'integer', isNullable: true }),
      new TableColumn({ name: 'resolutionBusinessMinutes', type: 'integer', isNullable: true }),
      new TableColumn({ name: 'outcome', type: 'varchar', length: '32', isNullable: true }),
      new TableColumn({ name: 'outcomeDetails', type: 'text', isNullable: true }),
      new TableColumn({ name: 'requestedEvidence', type: 'text', isNullable: true }),
      new TableColumn({ name: 'informationRequestedAt', type: 'bigint', isNullable: true }),
      new TableColumn({ name: 'remindersSent', type: 'integer', default: 0 }),
      new TableColumn({ name: 'nextReminderAt', type: 'bigint', isNullable: true }),
      new TableColumn({ name: 'reopenCount', type: 'integer', default: 0 }),
    ]);
    // Tickets taken before this migration: their queue deadline is their first open target.
    await q.query(
      `UPDATE tickets SET "nextDueAt" = CASE WHEN "firstRespondedAt" IS NULL THEN "firstResponseDueAt" WHEN "resolvedAt" IS NULL THEN "resolutionDueAt" ELSE ${NO_DEADLINE} END,
                          "nextWarnAt" = CASE WHEN "firstRespondedAt" IS NULL THEN "firstResponseWarnAt" WHEN "resolvedAt" IS NULL THEN "resolutionWarnAt" ELSE NULL END`,
    );
    // One at a time: TypeORM's createIndices races its own table cache on SQLite.
    for (const index of [
      // Default queue order (nearest open deadline) and its keyset cursor; the SLA filter's range.
      new TableIndex({ name: 'idx_tickets_queue_due', columnNames: ['nextDueAt', 'id'] }),
      // "Newest first" order and its cursor.
      new TableIndex({ name: 'idx_tickets_queue_created', columnNames: ['createdAt', 'id'] }),
      // "Mine" and "unassigned" views.
      new TableIndex({ name: 'idx_tickets_assignee', columnNames: ['assigneeId'] }),
      // Search by order number (reference is unique, e-mail leads idx_tickets_duplicate_lookup).
      new TableIndex({ name: 'idx_tickets_order_number', columnNames: ['orderNumber'] }),
      // The reminder watch: tickets whose next reminder is due.
      new TableIndex({ name: 'idx_tickets_next_reminder', columnNames: ['nextReminderAt'] }),
      // A ticket's view: the tickets linked to it as possible duplicates.
      new TableIndex({ name: 'idx_tickets_possible_duplicate', columnNames: ['possibleDuplicateOfId'] }),
    ]) await q.createIndex('tickets', index);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const index of ['idx_tickets_possible_duplicate', 'idx_tickets_queue_due', 'idx_tickets_queue_created', 'idx_tickets_assignee', 'idx_tickets_order_number', 'idx_tickets_next_reminder']) {
      await q.dropIndex('tickets', index);
    }
    for (const column of ['nextDueAt', 'nextWarnAt', 'assigneeId', 'firstResponseBusinessMinutes', 'resolutionBusinessMinutes', 'outcome', 'outcomeDetails', 'requestedEvidence', 'informationRequestedAt', 'remindersSent', 'nextReminderAt', 'reopenCount']) {
      await q.dropColumn('tickets', column);
    }
    await q.dropTable('sessions');
    await q.dropTable('users');
  }
}
