import type { MigrationInterface, QueryRunner } from 'typeorm';
import { eventText, SEARCHED_EVENT_TYPES, searchDocument, type SearchableText, type SearchableTicket } from '../../domain/search-text';
import { writeSearchDocuments } from '../repositories/ticket-search.repository';

const FILL_BATCH = 500;

/**
 * The tickets' full-text index (issue 16, search; db/repositories/ticket-search.repository.ts
 * says what each database keeps), filled for the tickets that exist. The tokens are written
 * by the application (domain/search-text.ts), so the fill reads each ticket and its messages.
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
    await fill(q, kind);
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

async function fill(q: QueryRunner, kind: 'sqlite' | 'postgres'): Promise<void> {
  const p = (n: number) => (kind === 'postgres' ? `$${n}` : '?');
  let after = '';
  for (;;) {
    const tickets = (await q.query(
      `SELECT id, reference, "customerName", "customerEmail", "orderNumber", "amountCents", "secondDebitAmountCents", description, "errorMessage"
         FROM tickets WHERE id > ${p(1)} ORDER BY id LIMIT ${FILL_BATCH}`,
      [after],
    )) as Array<SearchableTicket & { id: string }>;
    if (!tickets.length) return;
    const ids = tickets.map((t) => t.id);
    const events = (await q.query(
      `SELECT "ticketId", type, actor, data FROM ticket_events WHERE "ticketId" IN (${ids.map((_, i) => p(i + 1)).join(', ')})
         AND type IN (${SEARCHED_EVENT_TYPES.map((_, i) => p(ids.length + i + 1)).join(', ')}) ORDER BY id`,
      [...ids, ...SEARCHED_EVENT_TYPES],
    )) as Array<{ ticketId: string; type: string; actor: string; data: string }>;
    const messages = new Map<string, SearchableText[]>();
    for (const e of events) {
      const text = eventText(e.type, e.actor, JSON.parse(e.data) as Record<string, unknown>);
      if (text) messages.set(e.ticketId, [...(messages.get(e.ticketId) ?? []), text]);
    }
    await writeSearchDocuments(
      q,
      kind,
      tickets.map((t) => ({ ticketId: t.id, ...searchDocument({ ...t, amountCents: num(t.amountCents), secondDebitAmountCents: num(t.secondDebitAmountCents) }, messages.get(t.id) ?? []) })),
    );
    after = ids[ids.length - 1];
  }
}

const num = (v: unknown) => (v == null ? null : Number(v));
