import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';

/** Brands' support mailboxes, read by IMAP (issue 14). */
export class Mailboxes1796200000000 implements MigrationInterface {
  name = 'Mailboxes1796200000000';

  async up(q: QueryRunner): Promise<void> {
    const text = (name: string, length: number, isNullable = false) => ({ name, type: 'varchar', length: String(length), isNullable });
    await q.createTable(
      new Table({
        name: 'mailboxes',
        columns: [
          { name: 'brandId', type: 'varchar', length: '36', isPrimary: true },
          text('host', 255),
          { name: 'port', type: 'integer' },
          { name: 'secure', type: 'boolean' },
          text('username', 255),
          { name: 'sealedPassword', type: 'text' },
          { name: 'folder', type: 'varchar', length: '255', default: "'INBOX'" },
          text('doneFolder', 255, true),
          { name: 'lastUid', type: 'integer', default: 0 },
          { name: 'uidValidity', type: 'bigint', isNullable: true },
          text('updatedBy', 36),
          { name: 'updatedAt', type: 'bigint' },
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('mailboxes');
  }
}
