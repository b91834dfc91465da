import type { MigrationInterface, QueryRunner } from 'typeorm';
import { rebuildSearchDocuments } from '../repositories/ticket-search.repository';

/**
 * PostgreSQL's full-text index as a narrow copy of the queue (issue 16, search at 1,000,000
 * tickets). A search page needs, for each matching document, the ticket's place in the queue
 * and its filters; read from `tickets` they cost a wide row each (or a walk of the queue's
 * index testing ids), so `ticket_search` now holds them beside the words:
 * - `fields` and `messages`, two tsvectors without positions under a GIN index each: the
 *   fields tier asks `fields` with no weight to recheck (a weighted query rechecked every
 *   candidate row, 100 ms for a word of 16,000 messages and no field), the messages tier
 *   `messages` for its candidates;
 * - the ticket's deadline order (`due`, `warnAt`), creation, status, type, shop and assignee,
 *   written with the document from its ticket and kept by a trigger on `tickets` whatever
 *   code path writes them, with an index on each order: a common word is found by walking
 *   the queue's order in this one table, a rare one by its matches, sorted there.
 * SQLite is unchanged (migration 1797200000000 gave it the same in FTS5's own terms).
 */
export class SearchQueuePostgres1797300000000 implements MigrationInterface {
  name = 'SearchQueuePostgres1797300000000';

  async up(q: QueryRunner): Promise<void> {
    if (q.connection.options.type !== 'postgres') return;
    await q.query('DROP TABLE ticket_search');
    await q.query(`CREATE TABLE ticket_search (
      "ticketId" varchar(36) PRIMARY KEY,
      fields tsvector NOT NULL,
      messages tsvector NOT NULL,
      due bigint NOT NULL,
      "warnAt" bigint,
      created bigint NOT NULL,
      status varchar(24) NOT NULL,
      type varchar(32) NOT NULL,
      "brandId" varchar(36) NOT NULL,
      "assigneeId" varchar(36)
    )`);
    await q.query('CREATE INDEX idx_ticket_search_fields ON ticket_search USING GIN (fields)');
    await q.query('CREATE INDEX idx_ticket_search_messages ON ticket_search USING GIN (messages)');
    await q.query('CREATE INDEX idx_ticket_search_due ON ticket_search (due, "ticketId")');
    await q.query('CREATE INDEX idx_ticket_search_created ON ticket_search (created, "ticketId")');
    await q.query(`CREATE FUNCTION ticket_search_follow() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE ticket_search SET due = NEW."nextDueAt", "warnAt" = NEW."nextWarnAt", created = NEW."createdAt", status = NEW.status,
          type = NEW.type, "brandId" = NEW."brandId", "assigneeId" = NEW."assigneeId"
         WHERE "ticketId" = NEW.id;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER tickets_search_follow AFTER UPDATE OF "nextDueAt", "nextWarnAt", "createdAt", status, type, "brandId", "assigneeId" ON tickets
      FOR EACH ROW WHEN ((OLD."nextDueAt", OLD."nextWarnAt", OLD."createdAt", OLD.status, OLD.type, OLD."brandId", OLD."assigneeId")
        IS DISTINCT FROM (NEW."nextDueAt", NEW."nextWarnAt", NEW."createdAt", NEW.status, NEW.type, NEW."brandId", NEW."assigneeId"))
      EXECUTE FUNCTION ticket_search_follow()`);
    await rebuildSearchDocuments(q, 'postgres');
  }

  /** Back to one weighted document (fields A, messages D) under one GIN index, rebuilt from the two. */
  async down(q: QueryRunner): Promise<void> {
    if (q.connection.options.type !== 'postgres') return;
    await q.query('DROP TRIGGER tickets_search_follow ON tickets');
    await q.query('DROP FUNCTION ticket_search_follow()');
    await q.query('ALTER TABLE ticket_search RENAME TO ticket_search_queue');
    await q.query(`CREATE TABLE ticket_search ("ticketId" varchar(36) PRIMARY KEY, document tsvector NOT NULL)`);
    await q.query(`INSERT INTO ticket_search ("ticketId", document) SELECT "ticketId", ${weighted('fields', 'A')} || ${weighted('messages', 'D')} FROM ticket_search_queue`);
    await q.query('DROP TABLE ticket_search_queue');
    await q.query(`CREATE INDEX idx_ticket_search_document ON ticket_search USING GIN (document)`);
  }
}

/** A tsvector without positions written again with them, so that it can carry a weight (a stripped lexeme matches any). */
const weighted = (column: string, weight: 'A' | 'D') => `setweight(to_tsvector('simple', array_to_string(tsvector_to_array(${column}), ' ')), '${weight}')`;
