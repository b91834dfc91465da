import { type MigrationInterface, type QueryRunner, TableColumn } from 'typeorm';

/** The e-mail an outbox job sends, frozen before its first send so that a resend is the same message. */
export class MailExactlyOnce1795600000000 implements MigrationInterface {
  name = 'MailExactlyOnce1795600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('outbox_messages', new TableColumn({ name: 'rendered', type: 'text', isNullable: true }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('outbox_messages', 'rendered');
  }
}
