import type { MigrationInterface, QueryRunner } from 'typeorm';
import { rebuildSearchDocuments } from '../repositories/ticket-search.repository';

/**
 * A part mixing letters and digits ("dubois12" of an address, "t0sp" of a reference) is now
 * indexed marked as an identifier's, its runs of letters as words (domain/search-text.ts
 * partForms), and every token of the reference is marked so (its parts of letters, "PEQX",
 * are not words), so that a name being typed no longer reads the thousand addresses, nor a
 * short prefix the thousand references, that start with it: every document is written again,
 * on both databases.
 */
export class SearchMixedParts1797500000000 implements MigrationInterface {
  name = 'SearchMixedParts1797500000000';

  async up(q: QueryRunner): Promise<void> {
    await rebuildSearchDocuments(q, q.connection.options.type === 'postgres' ? 'postgres' : 'sqlite');
  }

  /** The previous code finds these parts by their marked tokens, or by the runs of letters: nothing to undo. */
  async down(): Promise<void> {}
}
