import type { EntityManager } from 'typeorm';
import type { SearchTerm } from '../../domain/search-query';
import type { SearchDocument } from '../../domain/search-text';

/*
 * The full-text index of tickets (migration 1796800000000). Both databases index the tokens
 * domain/search-text.ts writes, so they agree on what matches:
 * - SQLite: an FTS5 table without content (`ticket_search`, columns `fields` and `messages`,
 *   prefix indexes for 2 and 3 characters, secure-delete so an erased word leaves the file)
 *   whose rowid is `ticket_search_docs.docId`, the integer that stands for a ticket there;
 * - PostgreSQL: `ticket_search.document`, a tsvector of the 'simple' configuration (the
 *   tokens as they are), the ticket's own fields weighted A and its messages D, under a GIN index.
 */

export interface TicketSearchDocument extends SearchDocument {
  ticketId: string;
}

/** Either an EntityManager or a migration's QueryRunner. */
interface Executor {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

const SQLITE_BATCH = 300;
const POSTGRES_BATCH = 500;

/** Writes (or rewrites) the documents of these tickets. */
export async function writeSearchDocuments(db: Executor, kind: 'sqlite' | 'postgres', docs: TicketSearchDocument[]): Promise<void> {
  if (kind === 'postgres') {
    for (let i = 0; i < docs.length; i += POSTGRES_BATCH) {
      const batch = docs.slice(i, i + POSTGRES_BATCH);
      const params: string[] = [];
      const values = batch.map((d) => {
        params.push(d.ticketId, d.fields, d.messages);
        const n = params.length;
        return `($${n - 2}, setweight(to_tsvector('simple', $${n - 1}), 'A') || setweight(to_tsvector('simple', $${n}), 'D'))`;
      });
      await db.query(
        `INSERT INTO ticket_search ("ticketId", document) VALUES ${values.join(', ')} ON CONFLICT ("ticketId") DO UPDATE SET document = EXCLUDED.document`,
        params,
      );
    }
    return;
  }
  for (let i = 0; i < docs.length; i += SQLITE_BATCH) {
    const batch = docs.slice(i, i + SQLITE_BATCH);
    const ids = batch.map((d) => d.ticketId);
    const marks = ids.map(() => '?').join(', ');
    await db.query(`INSERT INTO ticket_search_docs ("ticketId") VALUES ${ids.map(() => '(?)').join(', ')} ON CONFLICT ("ticketId") DO NOTHING`, ids);
    const rows = (await db.query(`SELECT "docId", "ticketId" FROM ticket_search_docs WHERE "ticketId" IN (${marks})`, ids)) as Array<{ docId: number; ticketId: string }>;
    const docIds = new Map(rows.map((r) => [r.ticketId, r.docId]));
    const params: unknown[] = [];
    for (const d of batch) params.push(docIds.get(d.ticketId), d.fields, d.messages);
    await db.query(`INSERT OR REPLACE INTO ticket_search (rowid, fields, messages) VALUES ${batch.map(() => '(?, ?, ?)').join(', ')}`, params);
  }
}

/** Which part of a ticket the words must be found in: its own fields, or anywhere (its messages too). */
export type SearchScope = 'fields' | 'anywhere';

/** The FTS5 query of these terms: each term any of its forms (or its prefix), every term required. */
export function fts5Query(terms: SearchTerm[], scope: SearchScope): string {
  const expr = terms.map((t) => `(${[...t.forms.map((f) => `"${f}"`), ...(t.prefix ? [`"${t.prefix}"*`] : [])].join(' OR ')})`).join(' AND ');
  const inFields = `{fields} : (${expr})`;
  return scope === 'fields' ? inFields : `(${expr}) NOT (${inFields})`;
}

/** The PostgreSQL tsquery of these terms (the tokens are letters and digits only: nothing to escape). */
export function tsQuery(terms: SearchTerm[], weight: '' | 'A'): string {
  return terms.map((t) => `(${[...t.forms.map((f) => `${f}${weight ? `:${weight}` : ''}`), ...(t.prefix ? [`${t.prefix}:*${weight}`] : [])].join(' | ')})`).join(' & ');
}

export class TicketSearchRepository {
  constructor(private readonly manager: EntityManager) {}

  private get kind(): 'sqlite' | 'postgres' {
    return this.manager.connection.options.type === 'postgres' ? 'postgres' : 'sqlite';
  }

  /** Writes these tickets' documents in the caller's transaction. */
  write(docs: TicketSearchDocument[]): Promise<void> {
    return writeSearchDocuments(this.manager, this.kind, docs);
  }

}

/**
 * SQL selecting the ids of the tickets whose words match in this scope (`fields`: the
 * ticket's own; `anywhere`: found only once its messages are counted), with its parameters:
 * what the queue's query builder puts in `t.id IN (…)`.
 */
export function matchingTicketIds(kind: 'sqlite' | 'postgres', terms: SearchTerm[], scope: SearchScope, param: string): { sql: string; probe: string; params: Record<string, string> } {
  if (kind === 'postgres') {
    const fields = { [`${param}f`]: tsQuery(terms, 'A') };
    const query = scope === 'fields' ? `to_tsquery('simple', :${param}f)` : `(to_tsquery('simple', :${param}a) && !!to_tsquery('simple', :${param}f))`;
    return {
      sql: `SELECT s."ticketId" FROM ticket_search s WHERE s.document @@ ${query}`,
      probe: `SELECT 1 FROM ticket_search s WHERE s."ticketId" = t.id AND s.document @@ ${query}`,
      params: scope === 'fields' ? fields : { ...fields, [`${param}a`]: tsQuery(terms, '') },
    };
  }
  return {
    sql: `SELECT d."ticketId" FROM ticket_search s JOIN ticket_search_docs d ON d."docId" = s.rowid WHERE ticket_search MATCH :${param}`,
    // One ticket's document: its docId, then the FTS5 row of that rowid tested against the query.
    probe: `SELECT 1 FROM ticket_search_docs d JOIN ticket_search s ON s.rowid = d."docId" WHERE d."ticketId" = t.id AND ticket_search MATCH :${param}`,
    params: { [param]: fts5Query(terms, scope) },
  };
}
