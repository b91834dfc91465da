import { type MigrationInterface, type QueryRunner, TableColumn } from 'typeorm';

/**
 * The e-mail channel's choices per mailbox (a reply to a closed ticket; per-ticket reply
 * addresses), the ticket an e-mail on a closed one was opened from, and who added a file
 * (an agent's reply may carry attachments, which are no proof of the customer's), and how
 * the mailbox's last read went and who is reading it (issue 14).
 */
export class EmailChannel1796300000000 implements MigrationInterface {
  name = 'EmailChannel1796300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('mailboxes', new TableColumn({ name: 'closedReplies', type: 'varchar', length: '16', default: "'new_ticket'" }));
    await q.addColumn('mailboxes', new TableColumn({ name: 'plusAddressing', type: 'boolean', default: false }));
    await q.addColumn('tickets', new TableColumn({ name: 'followUpOfId', type: 'varchar', length: '36', isNullable: true }));
    await q.addColumn('evidence_files', new TableColumn({ name: 'addedBy', type: 'varchar', length: '16', default: "'customer'" }));
    await q.addColumn('mailboxes', new TableColumn({ name: 'lastFetchedAt', type: 'bigint', isNullable: true }));
    await q.addColumn('mailboxes', new TableColumn({ name: 'lastError', type: 'varchar', length: '500', isNullable: true }));
    await q.addColumn('mailboxes', new TableColumn({ name: 'leaseToken', type: 'varchar', length: '36', isNullable: true }));
    await q.addColumn('mailboxes', new TableColumn({ name: 'leaseUntil', type: 'bigint', isNullable: true }));
    await q.addColumn('mailboxes', new TableColumn({ name: 'failingUid', type: 'integer', isNullable: true }));
    await q.addColumn('mailboxes', new TableColumn({ name: 'failures', type: 'integer', default: 0 }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('mailboxes', 'failures');
    await q.dropColumn('mailboxes', 'failingUid');
    await q.dropColumn('mailboxes', 'leaseUntil');
    await q.dropColumn('mailboxes', 'leaseToken');
    await q.dropColumn('mailboxes', 'lastError');
    await q.dropColumn('mailboxes', 'lastFetchedAt');
    await q.dropColumn('evidence_files', 'addedBy');
    await q.dropColumn('tickets', 'followUpOfId');
    await q.dropColumn('mailboxes', 'plusAddressing');
    await q.dropColumn('mailboxes', 'closedReplies');
  }
}
