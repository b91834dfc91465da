import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';

/** Inbound e-mail (issue 14): each message fetched from a brand's mailbox, once, and what became of it. */
export class InboundMail1796100000000 implements MigrationInterface {
  name = 'InboundMail1796100000000';

  async up(q: QueryRunner): Promise<void> {
    const text = (name: string, length: number, isNullable = false) => ({ name, type: 'varchar', length: String(length), isNullable });
    await q.createTable(
      new Table({
        name: 'inbound_messages',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          text('brandId', 36),
          text('messageId', 1000),
          text('kind', 16),
          text('ticketId', 36, true),
          text('fromAddress', 320),
          { name: 'subject', type: 'text' },
          { name: 'receivedAt', type: 'bigint' },
          { name: 'createdAt', type: 'bigint' },
        ],
      }),
    );
    await q.createIndex('inbound_messages', new TableIndex({ name: 'idx_inbound_messages_brand_message', columnNames: ['brandId', 'messageId'], isUnique: true }));
    await q.createIndex('inbound_messages', new TableIndex({ name: 'idx_inbound_messages_sender', columnNames: ['brandId', 'fromAddress', 'receivedAt'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('inbound_messages');
  }
}
