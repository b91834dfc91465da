import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The tickets' full-text index (issue 16, search; db/repositories/ticket-search.repository.ts
 * says what each database keeps). The tokens are written by the application
 * (domain/search-text.ts); the index's later shapes rebuild it from each ticket and its messages.
 */
export class TicketSearch1796800000000 implements MigrationInterface {
  name = 'TicketSearch1796800000000';

  async up(q: QueryRunner): Promise<void> {
    const kind = q.connection.options.type === 'postgres' ? 'postgres' : 'sqlite';
    if (kind === 'postgres') {
      await q.query(`CREATE TABLE ticket_search ("ticketId" varchar(36) PRIMARY KEY, document tsvector NOT NULL)`);
      await q.query(`CREATE INDEX idx_ticket_search_document ON ticket_search USING GIN (document)`);
    } else {
      await q.query(`CREATE TABLE ticket_search_docs ("docId" INTEGER PRIMARY KEY, "ticketId" varchar(36) NOT NULL UNIQUE)`);
      await q.query(
        `CREATE VIRTUAL TABLE ticket_search USING fts5(fields, messages, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2', prefix='2 3')`,
      );
      // What is deleted or replaced leaves the index's pages too (PRAGMA secure_delete does the rest of the file).
      await q.query(`INSERT INTO ticket_search (ticket_search, rank) VALUES ('secure-delete', 1)`);
      // The index's words: a prefix longer than the prefix indexes is read as the words it starts.
      await q.query(`CREATE VIRTUAL TABLE ticket_search_vocab USING fts5vocab(ticket_search, 'row')`);
    }
    // The documents are written by the next shape of each index (SQLite 1797200000000, PostgreSQL 1797300000000), which fills them.
  }

  async down(q: QueryRunner): Promise<void> {
    if (q.connection.options.type === 'postgres') {
      await q.query('DROP TABLE ticket_search');
    } else {
      await q.query('DROP TABLE ticket_search_vocab');
      await q.query('DROP TABLE ticket_search');
      await q.query('DROP TABLE ticket_search_docs');
    }
  }
}
