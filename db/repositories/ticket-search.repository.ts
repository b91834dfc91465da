import type { EntityManager } from 'typeorm';
import { asWritten, type SearchTerm } from '../../domain/search-query';
import { DOC_ID_SLOTS } from '../../domain/search-facets';
import { eventText, JOIN_MARK, SEARCHED_EVENT_TYPES, searchDocument, type SearchableText, type SearchableTicket, type SearchDocument } from '../../domain/search-text';

/*
 * The full-text index of tickets (migration 1796800000000). Both databases index the tokens
 * domain/search-text.ts writes, so they agree on what matches:
 * - SQLite: an FTS5 table without content (`ticket_search`, columns `fields`, `messages` and
 *   `facets`, prefix indexes for 2 and 3 characters, secure-delete so an erased word leaves the
 *   file) whose rowid is `ticket_search_docs.docId`, the integer that stands for a ticket there
 *   and says when it was created (domain/search-facets.ts); ticket_search_docs keeps each
 *   document's tokens, from which triggers write the index (migration 1797200000000);
 * - PostgreSQL: `ticket_search.fields` and `.messages`, tsvectors of the 'simple' configuration
 *   (the tokens as they are) under a GIN index each, beside the ticket's place in the queue and
 *   its filters (migration 1797300000000); ticket_search_terms lists the words of letters the
 *   documents hold (migration 1797500000000).
 */

export interface TicketSearchDocument extends SearchDocument {
  ticketId: string;
}

/** Either an EntityManager or a migration's QueryRunner. */
interface Executor {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

const POSTGRES_BATCH = 500;
const SQLITE_BATCH = 300;
const TERMS_BATCH = 2_000;

/** Writes (or rewrites) the documents of these tickets. */
export async function writeSearchDocuments(db: Executor, kind: 'sqlite' | 'postgres', docs: TicketSearchDocument[], options: { terms?: boolean } = {}): Promise<void> {
  if (kind === 'postgres') {
    const terms = options.terms ?? true;
    // The ticket's place in the queue is copied from its row (a trigger keeps it, migration 1797300000000).
    for (let i = 0; i < docs.length; i += POSTGRES_BATCH) {
      const batch = docs.slice(i, i + POSTGRES_BATCH);
      const params = batch.flatMap((d) => [d.ticketId, d.fields, d.messages]);
      const values = batch.map((_, k) => `($${3 * k + 1}, $${3 * k + 2}, $${3 * k + 3})`);
      const write = `INSERT INTO ticket_search ("ticketId", fields, messages, due, "warnAt", created, status, type, "brandId", "assigneeId")
         SELECT t.id, strip(to_tsvector('simple', v.fields)), strip(to_tsvector('simple', v.messages)), t."nextDueAt", t."nextWarnAt", t."createdAt", t.status, t.type, t."brandId", t."assigneeId"
           FROM (VALUES ${values.join(', ')}) v(id, fields, messages) JOIN tickets t ON t.id = v.id
         ON CONFLICT ("ticketId") DO UPDATE SET fields = EXCLUDED.fields, messages = EXCLUDED.messages`;
      // With the words of letters the batch holds (in their order: concurrent writers wait on each other's new words, never deadlock).
      await db.query(
        terms
          ? `WITH written AS (${write} RETURNING fields, messages)
             INSERT INTO ticket_search_terms (term)
             SELECT DISTINCT w FROM written, unnest(tsvector_to_array(written.fields || written.messages)) w WHERE w ~ '^[a-z]+$' ORDER BY 1
             ON CONFLICT (term) DO NOTHING`
          : write,
        params,
      );
    }
    return;
  }
  // A new document takes the next free rowid of its ticket's creation second (DOC_ID_SLOTS a
  // second); a rewritten one keeps its own. The triggers of migration 1797200000000 write the index.
  for (let i = 0; i < docs.length; i += SQLITE_BATCH) {
    const batch = docs.slice(i, i + SQLITE_BATCH);
    const marks = (n: number) => Array.from({ length: n }, () => '(?)').join(', ');
    const rows = (await db.query(
      `WITH v(id) AS (VALUES ${marks(batch.length)})
       SELECT t.id, (t."createdAt" / 1000) * ${DOC_ID_SLOTS} AS base, d."docId" FROM v JOIN tickets t ON t.id = v.id LEFT JOIN ticket_search_docs d ON d."ticketId" = t.id
       ORDER BY t."createdAt", t.id`,
      batch.map((d) => d.ticketId),
    )) as Array<{ id: string; base: number; docId: number | null }>;
    const bases = [...new Set(rows.filter((r) => r.docId == null).map((r) => Number(r.base)))];
    const next = new Map<number, number>();
    if (bases.length) {
      const tops = (await db.query(
        `WITH v(base) AS (VALUES ${marks(bases.length)})
         SELECT base, (SELECT max("docId") FROM ticket_search_docs WHERE "docId" >= base AND "docId" < base + ${DOC_ID_SLOTS}) AS top FROM v`,
        bases,
      )) as Array<{ base: number; top: number | null }>;
      for (const t of tops) next.set(Number(t.base), t.top == null ? Number(t.base) : Number(t.top) + 1);
    }
    const docIds = new Map<string, number>();
    // In creation order: within a second too, a rowid's rank follows its ticket's creation.
    for (const r of rows) {
      if (r.docId != null) {
        docIds.set(r.id, Number(r.docId));
        continue;
      }
      const docId = next.get(Number(r.base))!;
      next.set(Number(r.base), docId + 1);
      docIds.set(r.id, docId);
    }
    const written = batch.filter((d) => docIds.has(d.ticketId));
    if (!written.length) continue;
    await db.query(
      `INSERT INTO ticket_search_docs ("docId", "ticketId", fields, messages) VALUES ${written.map(() => '(?, ?, ?, ?)').join(', ')}
       ON CONFLICT ("docId") DO UPDATE SET fields = excluded.fields, messages = excluded.messages`,
      written.flatMap((d) => [docIds.get(d.ticketId), d.ticketId, d.fields, d.messages]),
    );
    const terms = [...new Set(written.flatMap((d) => `${d.fields} ${d.messages}`.split(' ')).filter(Boolean))];
    for (let j = 0; j < terms.length; j += TERMS_BATCH) {
      const part = terms.slice(j, j + TERMS_BATCH);
      await db.query(`INSERT INTO ticket_search_terms (term) VALUES ${marks(part.length)} ON CONFLICT (term) DO NOTHING`, part);
    }
  }
}

const FILL_BATCH = 500;

/**
 * Writes every ticket's document from what it holds (a migration's fill): its fields and its
 * timeline's messages, 500 tickets at a time.
 */
export async function rebuildSearchDocuments(q: Executor, kind: 'sqlite' | 'postgres'): Promise<void> {
  const p = (n: number) => (kind === 'postgres' ? `$${n}` : '?');
  // PostgreSQL: a migration before 1797500000000 rebuilds without the list of words, which that one creates and fills.
  const terms = kind === 'sqlite' || ((await q.query(`SELECT to_regclass('ticket_search_terms') IS NOT NULL AS "exists"`)) as Array<{ exists: boolean }>)[0].exists;
  let after = '';
  for (;;) {
    const tickets = (await q.query(
      `SELECT id, reference, "customerName", "customerEmail", "orderNumber", "amountCents", "secondDebitAmountCents", description, "errorMessage"
         FROM tickets WHERE id > ${p(1)} ORDER BY id LIMIT ${FILL_BATCH}`,
      [after],
    )) as Array<SearchableTicket & { id: string }>;
    if (!tickets.length) break;
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
      { terms },
    );
    after = ids[ids.length - 1];
  }
  // The words' statistics changed with every document: the planner's estimates must follow (search plans by them).
  if (kind === 'postgres') await q.query('ANALYZE ticket_search');
}

const num = (v: unknown) => (v == null ? null : Number(v));

/**
 * Where and how a tier's words are found, the tiers disjoint: every word as written in the
 * ticket's own fields ('written'); there, but some word only by its stems ('stems': "merci"
 * in a description for the name "Mercier"); or only once its messages are counted ('anywhere').
 */
export type SearchScope = 'written' | 'stems' | 'anywhere';

/** Every term required, each any of its forms (or its prefix). */
export const fts5Terms = (terms: SearchTerm[]) => terms.map((t) => `(${[...t.forms.map((f) => `"${f}"`), ...prefixesOf(t).map((p) => `"${p}"*`)].join(' OR ')})`).join(' AND ');

/** The FTS5 query of these terms in a scope (SearchScope). */
export function fts5Query(terms: SearchTerm[], scope: SearchScope): string {
  const inFields = (asked: SearchTerm[]) => `{fields} : (${fts5Terms(asked)})`;
  if (scope === 'written') return inFields(terms.map(asWritten));
  if (scope === 'stems') return `(${inFields(terms)}) NOT (${inFields(terms.map(asWritten))})`;
  return `({fields messages} : (${fts5Terms(terms)})) NOT (${inFields(terms)})`;
}

/** The prefixes a term is asked by: the word's, and an identifier's join's. */
const prefixesOf = (t: SearchTerm) => [t.prefix, t.joinPrefix].filter((p): p is string => !!p);

/** The PostgreSQL tsquery of these terms (the tokens are letters and digits only: nothing to escape), all of them or any. */
export function tsQuery(terms: SearchTerm[], join: ' & ' | ' | ' = ' & '): string {
  return terms.map((t) => `(${[...t.forms, ...prefixesOf(t).map((p) => `${p}:*`)].join(' | ')})`).join(join);
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
 * PostgreSQL: a tier's words on ticket_search `s`: `test` decides a row, and starts with what
 * a GIN index reads: for the fields, every term in `fields` (as written, or with its stems but
 * not all as written); for the messages tier, one of the terms in `messages` (then every term
 * in fields and messages, but not all in the fields).
 */
export interface PostgresTier {
  test: string;
  /**
   * The candidates as the planner should estimate them, one condition after another (each
   * with its parameters in `estimateParams`): the whole first, then, when several words must
   * all match, each word alone (see TicketRepository.expectedMatches). A long identifier typed
   * is asked without its prefixes, whose frequency the planner does not know (it guesses
   * 0.5 % of the rows).
   */
  estimates: string[];
  params: Record<string, string>;
  estimateParams: Record<string, string>;
}

export function postgresTier(terms: SearchTerm[], scope: SearchScope): PostgresTier {
  const all = "to_tsquery('simple', :wordsAll)";
  // An identifier typed (a digit or a compound) of eight characters or more matches few tickets; its whole forms say how few.
  const known = terms.map((t) => (t.joinPrefix && t.joinPrefix.length >= JOIN_MARK.length + 8 ? { forms: t.forms, ...(t.stems ? { stems: t.stems } : {}) } : t));
  if (scope !== 'anywhere') {
    const asked = scope === 'written' ? known.map(asWritten) : known;
    const each = asked.length > 1 ? asked : [];
    const written = tsQuery(terms.map(asWritten));
    return {
      test: scope === 'written' ? `s.fields @@ ${all}` : `s.fields @@ ${all} AND NOT s.fields @@ to_tsquery('simple', :wordsWritten)`,
      estimates: [all, ...each.map((_, i) => `to_tsquery('simple', :word${i})`)].map((q) => `s.fields @@ ${q}`),
      params: scope === 'written' ? { wordsAll: written } : { wordsAll: tsQuery(terms), wordsWritten: written },
      estimateParams: { wordsAll: tsQuery(asked), ...Object.fromEntries(each.map((t, i) => [`word${i}`, tsQuery([t])])) },
    };
  }
  // A row of this tier has one of the words in its messages: tested first, that spares most rows of a walk the words' concatenation.
  const any = "s.messages @@ to_tsquery('simple', :wordsAny)";
  return {
    test: `${any} AND (s.fields || s.messages) @@ ${all} AND NOT s.fields @@ ${all}`,
    estimates: [any],
    params: { wordsAll: tsQuery(terms), wordsAny: tsQuery(terms, ' | ') },
    estimateParams: { wordsAny: tsQuery(known, ' | ') },
  };
}
