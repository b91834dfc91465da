import { type MigrationInterface, type QueryRunner, TableColumn } from 'typeorm';

/**
 * E-mail alerts to agents and managers (issue 14): each user's language, the alert kinds
 * they turned off (null: all on), and the shops a manager watches (null: all of them).
 */
export class AgentAlerts1796400000000 implements MigrationInterface {
  name = 'AgentAlerts1796400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('users', new TableColumn({ name: 'language', type: 'varchar', length: '2', default: "'fr'" }));
    await q.addColumn('users', new TableColumn({ name: 'alertPreferences', type: 'text', isNullable: true }));
    await q.addColumn('users', new TableColumn({ name: 'watchedBrandIds', type: 'text', isNullable: true }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('users', 'watchedBrandIds');
    await q.dropColumn('users', 'alertPreferences');
    await q.dropColumn('users', 'language');
  }
}
