import type { MigrationInterface, QueryRunner } from 'typeorm';
import { NO_DEADLINE } from '../../domain/sla';
import { rebuildSearchDocuments } from '../repositories/ticket-search.repository';

/**
 * SQLite's full-text index in the queue's order (issue 16, search at 1,000,000 tickets).
 * A document's rowid now says when its ticket was created (domain/search-facets.ts), and
 * a third column holds the ticket's queue facets, so that a search page streams the index
 * in order, filtered by the index itself, and stops after a page's worth of rows instead of
 * reading every match. The documents' token strings are kept in ticket_search_docs, from
 * which triggers write the index: when a document is written, and when a ticket's status,
 * type, shop, assignee or place in the deadline order changes (whatever code path writes it),
 * and the list of the words the documents hold (ticket_search_terms).
 * PostgreSQL's tsvector index is unchanged.
 *
 * A later migration that rebuilds the `tickets` table on SQLite (TypeORM does so to drop or
 * change a column) loses the trigger on it and trips over those that read it: it must drop
 * the triggers first and create them again after, from this migration's statements.
 */
export class SearchOrder1797200000000 implements MigrationInterface {
  name = 'SearchOrder1797200000000';

  async up(q: QueryRunner): Promise<void> {
    if (q.connection.options.type === 'postgres') return;
    await q.query('DROP TABLE IF EXISTS ticket_search_vocab');
    await q.query('DROP TABLE IF EXISTS ticket_search');
    await q.query('DROP TABLE IF EXISTS ticket_search_docs');
    await q.query(`CREATE TABLE ticket_search_docs ("docId" INTEGER PRIMARY KEY, "ticketId" varchar(36) NOT NULL UNIQUE, fields text NOT NULL, messages text NOT NULL)`);
    await q.query(
      `CREATE VIRTUAL TABLE ticket_search USING fts5(fields, messages, facets, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2', prefix='2 3')`,
    );
    // What is deleted or replaced leaves the index's pages too (PRAGMA secure_delete does the rest of the file).
    await q.query(`INSERT INTO ticket_search (ticket_search, rank) VALUES ('secure-delete', 1)`);
    // Every word some document holds, once (a prefix longer than the prefix indexes is read as the
    // words it starts, found here in a few µs where fts5vocab reads each word's whole doclist): the
    // writer adds a batch's words in one statement, the triggers forget those no document holds.
    await q.query(`CREATE TABLE ticket_search_terms (term text PRIMARY KEY) WITHOUT ROWID`);
    await q.query(`CREATE TRIGGER ticket_search_docs_written AFTER INSERT ON ticket_search_docs BEGIN
      INSERT INTO ticket_search (rowid, fields, messages, facets) SELECT NEW."docId", NEW.fields, NEW.messages, ${facets('t')} FROM tickets t WHERE t.id = NEW."ticketId";
    END`);
    // A replaced row is deleted then written: an upsert's conflict policy would override a trigger's OR REPLACE.
    await q.query(`CREATE TRIGGER ticket_search_docs_rewritten AFTER UPDATE OF fields, messages ON ticket_search_docs BEGIN
      DELETE FROM ticket_search WHERE rowid = OLD."docId";
      INSERT INTO ticket_search (rowid, fields, messages, facets) SELECT NEW."docId", NEW.fields, NEW.messages, ${facets('t')} FROM tickets t WHERE t.id = NEW."ticketId";
      ${dropTerms(`SELECT value FROM json_each(${words('OLD')}) EXCEPT SELECT value FROM json_each(${words('NEW')})`)}
    END`);
    await q.query(`CREATE TRIGGER ticket_search_docs_deleted AFTER DELETE ON ticket_search_docs BEGIN
      DELETE FROM ticket_search WHERE rowid = OLD."docId";
      ${dropTerms(`SELECT value FROM json_each(${words('OLD')})`)}
    END`);
    await q.query(`CREATE TRIGGER tickets_search_facets AFTER UPDATE OF status, type, "brandId", "assigneeId", "nextDueAt", "createdAt" ON tickets
      WHEN ${facets('OLD')} IS NOT ${facets('NEW')} BEGIN
      DELETE FROM ticket_search WHERE rowid = (SELECT "docId" FROM ticket_search_docs WHERE "ticketId" = NEW.id);
      INSERT INTO ticket_search (rowid, fields, messages, facets) SELECT d."docId", d.fields, d.messages, ${facets('NEW')} FROM ticket_search_docs d WHERE d."ticketId" = NEW.id;
    END`);
    await rebuildSearchDocuments(q, 'sqlite');
  }

  /** Back to the previous tables, empty: the previous code's index is filled by running its migration again. */
  async down(q: QueryRunner): Promise<void> {
    if (q.connection.options.type === 'postgres') return;
    await q.query('DROP TRIGGER tickets_search_facets');
    await q.query('DROP TABLE ticket_search_terms');
    await q.query('DROP TABLE ticket_search');
    await q.query('DROP TABLE ticket_search_docs');
    await q.query(`CREATE TABLE ticket_search_docs ("docId" INTEGER PRIMARY KEY, "ticketId" varchar(36) NOT NULL UNIQUE)`);
    await q.query(
      `CREATE VIRTUAL TABLE ticket_search USING fts5(fields, messages, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2', prefix='2 3')`,
    );
    await q.query(`INSERT INTO ticket_search (ticket_search, rank) VALUES ('secure-delete', 1)`);
    await q.query(`CREATE VIRTUAL TABLE ticket_search_vocab USING fts5vocab(ticket_search, 'row')`);
  }
}

/** A document row's words (`NEW` or `OLD`) as a JSON array: its tokens are letters and digits, joined by spaces (domain/search-text.ts). */
const words = (row: string) => `('["' || replace(trim(${row}.fields || ' ' || ${row}.messages), ' ', '","') || '"]')`;

/** Forgets the words among `candidates` that no document holds any more (an erased name leaves the file). */
const dropTerms = (candidates: string) =>
  `DELETE FROM ticket_search_terms WHERE term IN (${candidates})
     AND NOT EXISTS (SELECT 1 FROM ticket_search WHERE ticket_search MATCH ('{fields messages} : "' || term || '"'));`;

/** The facet tokens of a tickets row (`t`, `OLD` or `NEW`), as domain/search-facets.ts's facetToken writes them. */
function facets(row: string): string {
  const hex = (column: string) => `replace(${row}."${column}", '-', '')`;
  return `('s' || replace(${row}.status, '_', '') || ' t' || replace(${row}.type, '_', '') || ' b' || ${hex('brandId')}
    || ' ' || coalesce('a' || ${hex('assigneeId')}, 'anone')
    || CASE WHEN ${row}."nextDueAt" >= ${NO_DEADLINE.getTime()} THEN ' nodue' WHEN ${row}."nextDueAt" < ${row}."createdAt" THEN ' early' ELSE ' due' END)`;
}
