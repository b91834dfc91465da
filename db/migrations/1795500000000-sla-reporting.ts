import { DateTime } from 'luxon';
import { type MigrationInterface, type QueryRunner, Table, TableColumn, TableIndex } from 'typeorm';

export class SlaReporting1795500000000 implements MigrationInterface {
  name = 'SlaReporting1795500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('tickets', new TableColumn({ name: 'createdDay', type: 'varchar', length: '10', default: "''" }));
    const param = (i: number) => (q.connection.driver.options.type === 'postgres' ? `$${i}` : '?');
    // Existing tickets: their creation day in their brand's time zone.
    const brands: Array<{ id: string; policy: string }> = await q.query('SELECT id, policy FROM brands');
    for (const brand of brands) {
      const zone = (JSON.parse(brand.policy) as { calendar: { timeZone: string } }).calendar.timeZone;
      const rows: Array<{ id: string; createdAt: string | number }> = await q.query(`SELECT id, "createdAt" FROM tickets WHERE "brandId" = ${param(1)}`, [brand.id]);
      // One UPDATE per day (and per 500 tickets), not one per ticket.
      const byDay = new Map<string, string[]>();
      for (const row of rows) {
        const day = DateTime.fromMillis(Number(row.createdAt), { zone }).toISODate()!;
        const ids = byDay.get(day) ?? [];
        ids.push(row.id);
        byDay.set(day, ids);
      }
      for (const [day, ids] of byDay) {
        for (let i = 0; i < ids.length; i += 500) {
          const chunk = ids.slice(i, i + 500);
          await q.query(`UPDATE tickets SET "createdDay" = ${param(1)} WHERE id IN (${chunk.map((_, j) => param(j + 2)).join(', ')})`, [day, ...chunk]);
        }
      }
    }
    // One at a time: TypeORM's createIndices races its own table cache on SQLite.
    for (const index of [
      // Reports counted straight from tickets, and the roll-up rebuild of one day.
      new TableIndex({ name: 'idx_tickets_created_day', columnNames: ['brandId', 'createdDay'] }),
      // The roll-up job: which days changed since it last ran.
      new TableIndex({ name: 'idx_tickets_updated_at', columnNames: ['updatedAt'] }),
    ]) await q.createIndex('tickets', index);
    await q.createTable(
      new Table({
        name: 'sla_rollups',
        columns: [
          // 'day' rows (periodStart yyyy-MM-dd) and 'month' rows (yyyy-MM) summing them.
          { name: 'grain', type: 'varchar', length: '5', isPrimary: true },
          { name: 'periodStart', type: 'varchar', length: '10', isPrimary: true },
          { name: 'brandId', type: 'varchar', length: '36', isPrimary: true },
          // 'all' (key ''), 'type' (key: the type) or 'agent' (key: the assignee, '' for none).
          { name: 'dimension', type: 'varchar', length: '5', isPrimary: true },
          { name: 'dimKey', type: 'varchar', length: '36', isPrimary: true },
          ...['created', 'resolved', 'reopened', 'frMet', 'frBreached', 'frPending', 'frAtRisk', 'resMet', 'resBreached', 'resPending', 'resAtRisk'].map((name) => ({
            name,
            type: 'integer',
            default: 0,
          })),
          { name: 'frMinutes', type: 'text' },
          { name: 'resMinutes', type: 'text' },
          { name: 'outcomes', type: 'text' },
          { name: 'updatedAt', type: 'bigint' },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'job_state',
        columns: [
          { name: 'name', type: 'varchar', length: '64', isPrimary: true },
          { name: 'value', type: 'text' },
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('job_state');
    await q.dropTable('sla_rollups');
    await q.dropIndex('tickets', 'idx_tickets_updated_at');
    await q.dropIndex('tickets', 'idx_tickets_created_day');
    await q.dropColumn('tickets', 'createdDay');
  }
}
