import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';

/**
 * Integrations (issue 16): API tokens (their SHA-256 only), outgoing webhook endpoints per shop
 * (the signing secret sealed), and each delivery with its attempts (the delivery log).
 */
export class Integrations1797100000000 implements MigrationInterface {
  name = 'Integrations1797100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'api_tokens',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'name', type: 'varchar', length: '80' },
          { name: 'scope', type: 'varchar', length: '8' },
          { name: 'tokenHash', type: 'varchar', length: '64' },
          { name: 'prefix', type: 'varchar', length: '16' },
          { name: 'userId', type: 'varchar', length: '36' },
          { name: 'createdById', type: 'varchar', length: '36', isNullable: true },
          { name: 'createdAt', type: 'bigint' },
          { name: 'expiresAt', type: 'bigint', isNullable: true },
          { name: 'lastUsedAt', type: 'bigint', isNullable: true },
          { name: 'revokedAt', type: 'bigint', isNullable: true },
        ],
        indices: [{ name: 'idx_api_tokens_hash', columnNames: ['tokenHash'], isUnique: true }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'webhook_endpoints',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'brandId', type: 'varchar', length: '36' },
          { name: 'url', type: 'varchar', length: '2048' },
          { name: 'description', type: 'varchar', length: '200', isNullable: true },
          { name: 'events', type: 'text' },
          { name: 'format', type: 'varchar', length: '8' },
          { name: 'secretSealed', type: 'text' },
          { name: 'disabledAt', type: 'bigint', isNullable: true },
          { name: 'disabledReason', type: 'varchar', length: '16', isNullable: true },
          { name: 'failingSince', type: 'bigint', isNullable: true },
          { name: 'createdById', type: 'varchar', length: '36', isNullable: true },
          { name: 'createdAt', type: 'bigint' },
          { name: 'updatedAt', type: 'bigint' },
        ],
        indices: [{ name: 'idx_webhook_endpoints_brand', columnNames: ['brandId'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'webhook_deliveries',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'endpointId', type: 'varchar', length: '36' },
          { name: 'eventType', type: 'varchar', length: '32' },
          { name: 'ticketId', type: 'varchar', length: '36', isNullable: true },
          { name: 'data', type: 'text' },
          { name: 'status', type: 'varchar', length: '12' },
          { name: 'attempts', type: 'integer', default: 0 },
          { name: 'body', type: 'text', isNullable: true },
          { name: 'resends', type: 'integer', default: 0 },
          { name: 'createdAt', type: 'bigint' },
          { name: 'dispatchedAt', type: 'bigint', isNullable: true },
          { name: 'lastAttemptAt', type: 'bigint', isNullable: true },
          { name: 'lastStatusCode', type: 'integer', isNullable: true },
          { name: 'deliveredAt', type: 'bigint', isNullable: true },
        ],
        indices: [
          { name: 'idx_webhook_deliveries_endpoint', columnNames: ['endpointId', 'createdAt'] },
          { name: 'idx_webhook_deliveries_undispatched', columnNames: ['dispatchedAt', 'createdAt'] },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'webhook_attempts',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'deliveryId', type: 'varchar', length: '36' },
          { name: 'attempt', type: 'integer' },
          { name: 'at', type: 'bigint' },
          { name: 'durationMs', type: 'integer' },
          { name: 'statusCode', type: 'integer', isNullable: true },
          { name: 'responseSnippet', type: 'varchar', length: '500', isNullable: true },
          { name: 'error', type: 'varchar', length: '300', isNullable: true },
        ],
        indices: [{ name: 'idx_webhook_attempts_delivery', columnNames: ['deliveryId', 'id'] }],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('webhook_attempts');
    await q.dropTable('webhook_deliveries');
    await q.dropTable('webhook_endpoints');
    await q.dropTable('api_tokens');
  }
}
