import type { MigrationInterface, QueryRunner } from 'typeorm';
import { rebuildSearchDocuments } from '../repositories/ticket-search.repository';

/**
 * A part mixing letters and digits ("dubois12" of an address, "t0sp" of a reference) is now
 * indexed marked as an identifier's, its runs of letters as words (domain/search-text.ts
 * partForms), and every token of the reference is marked so (its parts of letters, "PEQX",
 * are not words), so that a name being typed no longer reads the thousand addresses, nor a
 * short prefix the thousand references, that start with it: every document is written again,
 * on both databases.
 *
 * PostgreSQL also gets SQLite's list of the words the documents hold (ticket_search_terms,
 * words of letters only): a prefix that starts at most 100 of them is asked as those words,
 * which GIN intersects with the other terms skipping through their lists, where a prefix
 * makes it read every match of every word it starts. The writer adds a batch's words; a
 * trigger forgets those no document holds any more (an erased name leaves the table).
 */
export class SearchMixedParts1797500000000 implements MigrationInterface {
  name = 'SearchMixedParts1797500000000';

  async up(q: QueryRunner): Promise<void> {
    const postgres = q.connection.options.type === 'postgres';
    if (postgres) await q.query(`CREATE TABLE ticket_search_terms (term text COLLATE "C" PRIMARY KEY)`);
    await rebuildSearchDocuments(q, postgres ? 'postgres' : 'sqlite');
    if (!postgres) return;
    await q.query(`CREATE FUNCTION ticket_search_forget_terms() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM ticket_search_terms x
         WHERE x.term IN (SELECT unnest(tsvector_to_array(OLD.fields || OLD.messages))
                          EXCEPT SELECT unnest(tsvector_to_array(coalesce(NEW.fields || NEW.messages, ''::tsvector))))
           AND NOT EXISTS (SELECT 1 FROM ticket_search s WHERE s.fields @@ to_tsquery('simple', x.term) OR s.messages @@ to_tsquery('simple', x.term));
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER ticket_search_forget_terms AFTER UPDATE OF fields, messages OR DELETE ON ticket_search
      FOR EACH ROW EXECUTE FUNCTION ticket_search_forget_terms()`);
  }

  /** The previous code finds these parts by their marked tokens, or by the runs of letters: only PostgreSQL's list of words goes. */
  async down(q: QueryRunner): Promise<void> {
    if (q.connection.options.type !== 'postgres') return;
    await q.query('DROP TRIGGER ticket_search_forget_terms ON ticket_search');
    await q.query('DROP FUNCTION ticket_search_forget_terms()');
    await q.query('DROP TABLE ticket_search_terms');
  }
}
