import type { MigrationInterface, QueryRunner } from 'typeorm';
import { rebuildSearchDocuments } from '../repositories/ticket-search.repository';

/**
 * The joins of an identifier (a run with a digit, or an e-mail address) are now indexed
 * marked apart from the words (domain/search-text.ts JOIN_MARK), so that a word being typed
 * no longer reads the thousands of joins that e-mail addresses start with it: every document
 * is written again, on both databases (the index's tables and triggers are unchanged).
 */
export class SearchIdentifierJoins1797400000000 implements MigrationInterface {
  name = 'SearchIdentifierJoins1797400000000';

  async up(q: QueryRunner): Promise<void> {
    await rebuildSearchDocuments(q, q.connection.options.type === 'postgres' ? 'postgres' : 'sqlite');
  }

  /** The previous code reads these documents as they are: its typed identifiers no longer find their joins until it rebuilds them. */
  async down(): Promise<void> {}
}
