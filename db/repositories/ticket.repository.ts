import { In, type EntityManager } from 'typeorm';
import { NO_DEADLINE } from '../../domain/sla';
import { openStatuses } from '../../domain/ticket-status';
import { asWritten, hasStems, type ParsedSearch, type SearchTerm } from '../../domain/search-query';
import { insertRows } from '../bulk-insert';
import { Ticket } from '../entities/ticket.entity';
import { docIdSecond, facetQuery, type DeadlineFacet } from '../../domain/search-facets';
import { fts5Query, fts5Terms, postgresTier, type PostgresTier, type SearchScope } from './ticket-search.repository';

export class StaleTicketError extends Error {
  constructor(readonly ticketId: string) {
    super(`ticket ${ticketId} was changed by someone else`);
  }
}

export interface QueueFilter {
  statuses?: string[];
  type?: string;
  brandId?: string;
  /** null: unassigned only. */
  assigneeId?: string | null;
  sla?: 'ok' | 'warning' | 'breached';
  sort: 'due' | 'created';
  /**
   * Keyset cursor: the sort key (epoch ms) and id of the last row of the previous page (and,
   * searching, its tier, and its rowid in the index when it was read in the index's order).
   */
  after?: { key: number; id: string; tier?: SearchTier; doc?: number };
  limit: number;
  now: Date;
}

/**
 * How well a ticket matched a search, best first: 0 its reference, e-mail address or order
 * number is exactly what was typed; 1 every word is in its own fields (name, e-mail, order,
 * amounts, description) as typed; 2 there too, but some only by its stems; 3 some are only in
 * its messages, replies or notes.
 */
export type SearchTier = 0 | 1 | 2 | 3;

export interface QueueSearchFilter extends QueueFilter {
  search: ParsedSearch;
}

/** A ticket a search found, how well, and (SQLite, rows read in the index's order) its rowid there. */
export interface SearchHit {
  ticket: Ticket;
  tier: SearchTier;
  doc?: number;
}

interface SqlCondition {
  sql: string;
  params: Record<string, unknown>;
}

/** One row of the index's stream: its rowid, its ticket and that ticket's next deadline (epoch ms). */
interface StreamRow {
  docId: number;
  id: string;
  due: number;
}

/** SQLite: a search term as the index is asked it; `within`: the whole prefix, when the index is asked its first letters. */
type IndexTerm = SearchTerm & { within?: string };

/**
 * SQLite: the FTS5 query of a tier, and the check of each row's own words (its document's
 * tokens, `d.fields` and `d.messages`) that a prefix asked by its first letters needs: the
 * prefix itself in the tier's scope, and for the messages tier, not every term in the fields.
 */
function sqliteTier(terms: IndexTerm[], scope: SearchScope): { words: string; check: SqlCondition | null } {
  if (!terms.some((t) => t.within)) return { words: fts5Query(terms, scope), check: null };
  const params: Record<string, string> = {};
  const has = (term: IndexTerm, i: number, text: string, tag = '') => {
    const tests = term.forms.map((form, j) => {
      params[`tf${tag}${i}_${j}`] = ` ${form} `;
      return `instr(${text}, :tf${tag}${i}_${j}) > 0`;
    });
    [term.within ?? term.prefix, term.joinPrefix].forEach((prefix, j) => {
      if (!prefix) return;
      params[`tp${tag}${i}_${j}`] = ` ${prefix}`;
      tests.push(`instr(${text}, :tp${tag}${i}_${j}) > 0`);
    });
    return `(${tests.join(' OR ')})`;
  };
  const fields = `(' ' || d.fields || ' ')`;
  const anywhere = `(' ' || d.fields || ' ' || d.messages || ' ')`;
  const prefixes = (asked: IndexTerm[]) => asked.flatMap((t, i) => (t.within ? [has(t, i, fields)] : [])).join(' AND ');
  if (scope === 'written') return { words: fts5Query(terms, 'written'), check: { sql: prefixes(terms.map(asWritten)), params } };
  // With the stems, but not as written: the first letters of a prefix alone cannot say the latter, each row's words do.
  if (scope === 'stems') return { words: `{fields} : (${fts5Terms(terms)})`, check: { sql: `${prefixes(terms)} AND NOT (${terms.map((t, i) => has(asWritten(t), i, fields, 'w')).join(' AND ')})`, params } };
  return {
    words: `{fields messages} : (${fts5Terms(terms)})`,
    check: { sql: `${terms.map((t, i) => has(t, i, anywhere)).join(' AND ')} AND NOT (${terms.map((t, i) => has(t, i, fields)).join(' AND ')})`, params },
  };
}

/** The queue's SLA filter at `now`, on tickets `t` (or on columns named otherwise: PostgreSQL's ticket_search). */
function slaCondition(sla: QueueFilter['sla'], now: Date, { due, warn } = { due: 't.nextDueAt', warn: 't.nextWarnAt' }): SqlCondition | null {
  const params = { now: now.getTime() };
  if (sla === 'breached') return { sql: `${due} <= :now`, params };
  if (sla === 'warning') return { sql: `${warn} <= :now AND ${due} > :now`, params };
  if (sla === 'ok') return { sql: `(${warn} IS NULL OR ${warn} > :now)`, params };
  return null;
}

/**
 * PostgreSQL: the queue's filters and keyset position on ticket_search `s`, which holds each
 * ticket's status, type, shop, assignee and deadlines (migration 1797300000000).
 */
function searchQueueFilters(query: QueueFilter, after: QueueFilter['after']): SqlCondition[] {
  const c: SqlCondition[] = [];
  if (query.statuses?.length) c.push({ sql: 's.status IN (:...statuses)', params: { statuses: query.statuses } });
  if (query.type) c.push({ sql: 's.type = :type', params: { type: query.type } });
  if (query.brandId) c.push({ sql: 's."brandId" = :brandId', params: { brandId: query.brandId } });
  if (query.assigneeId === null) c.push({ sql: 's."assigneeId" IS NULL', params: {} });
  else if (query.assigneeId) c.push({ sql: 's."assigneeId" = :assigneeId', params: { assigneeId: query.assigneeId } });
  const sla = slaCondition(query.sla, query.now, { due: 's.due', warn: 's."warnAt"' });
  if (sla) c.push(sla);
  if (after) c.push({ sql: query.sort === 'due' ? '(s.due, s."ticketId") > (:afterKey, :afterId)' : '(s.created, s."ticketId") < (:afterKey, :afterId)', params: { afterKey: after.key, afterId: after.id } });
  return c;
}

/** SQLite: a search reads the index at least this many rows at a time, and at most this many. */
const MIN_STREAM_CHUNK = 64;
const MAX_STREAM_CHUNK = 4_096;
/** A prefix read as more words than this stays a prefix. */
const MAX_PREFIX_WORDS = 100;

export class TicketRepository {
  /** PostgreSQL: below this many matches, their ids are read first; above, the queue's order is walked (a test lowers it to walk small sets). */
  static fewMatchesPostgres = 2_000;
  /** PostgreSQL: how many of the queue's rows a search first walks, testing each one's document. */
  static walkBudgetPostgres = 1_000;

  constructor(private readonly manager: EntityManager) {}

  private get repo() {
    return this.manager.getRepository(Ticket);
  }

  /** Many tickets in multi-row statements (intake batches, history seeding). */
  insertMany(tickets: Ticket[]): Promise<void> {
    return insertRows(this.manager, Ticket, tickets);
  }

  findById(id: string): Promise<Ticket | null> {
    return this.repo.findOneBy({ id });
  }

  findByIds(ids: string[]): Promise<Ticket[]> {
    return ids.length ? this.repo.findBy({ id: In(ids) }) : Promise.resolve([]);
  }

  /**
   * The ticket as it is now, held until the transaction ends: PostgreSQL locks the row (a
   * concurrent holder waits); SQLite's transactions already run one at a time.
   */
  findForUpdate(id: string): Promise<Ticket | null> {
    const qb = this.repo.createQueryBuilder('t').where('t.id = :id', { id });
    return (this.manager.connection.options.type === 'postgres' ? qb.setLock('pessimistic_write') : qb).getOne();
  }

  findByReference(reference: string): Promise<Ticket | null> {
    return this.repo.findOneBy({ reference });
  }

  /**
   * For each ticket, the oldest other open ticket of its brand with its e-mail and order
   * number (a possible duplicate), all in one query (idx_tickets_duplicate_lookup): a triage
   * batch asks for all of its tickets at once instead of a round trip each.
   */
  async findOpenDuplicates(tickets: Array<Pick<Ticket, 'id' | 'brandId' | 'customerEmailNormalized' | 'orderNumber'>>): Promise<Map<string, Ticket>> {
    const withOrder = tickets.filter((t) => t.orderNumber);
    if (!withOrder.length) return new Map();
    // Every pair of the batch's e-mails and order numbers: a few more rows than wanted, kept in one indexed range each.
    const candidates = await this.repo
      .createQueryBuilder('t')
      .where('t.customerEmailNormalized IN (:...emails) AND t.orderNumber IN (:...orders)', {
        emails: [...new Set(withOrder.map((t) => t.customerEmailNormalized))],
        orders: [...new Set(withOrder.map((t) => t.orderNumber!))],
      })
      .andWhere('t.status IN (:...open)', { open: openStatuses })
      .orderBy('t.createdAt', 'ASC')
      .addOrderBy('t.id', 'ASC')
      .getMany();
    const found = new Map<string, Ticket>();
    for (const t of withOrder) {
      const oldest = candidates.find((c) => c.id !== t.id && c.brandId === t.brandId && c.customerEmailNormalized === t.customerEmailNormalized && c.orderNumber === t.orderNumber);
      if (oldest) found.set(t.id, oldest);
    }
    return found;
  }

  /**
   * Tickets of the brand a change to its ledger may concern: not closed (a resolved one still
   * follows its refund), of these currencies, reporting a payment between `from` and `to`
   * (or, without a reported time, opened then). The caller scores each against the change.
   */
  findPaymentCandidates(brandId: string, q: { currencies: string[]; from: Date; to: Date }, limit: number): Promise<Ticket[]> {
    return this.repo
      .createQueryBuilder('t')
      .where('t.brandId = :brandId AND t.currency IN (:...currencies)', { brandId, currencies: q.currencies })
      .andWhere("t.status <> 'closed'")
      .andWhere('COALESCE(t.paymentTime, t.createdAt) BETWEEN :from AND :to', { from: q.from.getTime(), to: q.to.getTime() })
      .orderBy('t.createdAt', 'DESC')
      .limit(limit)
      .getMany();
  }

  /** Tickets whose awaited money should be back by now, earliest first (idx_tickets_money_check). */
  findMoneyCheckDue(now: Date, limit: number): Promise<Ticket[]> {
    return this.repo
      .createQueryBuilder('t')
      .where('t.moneyCheckAt <= :now', { now: now.getTime() })
      .orderBy('t.moneyCheckAt', 'ASC')
      .limit(limit)
      .getMany();
  }

  /** Tickets whose next SLA threshold has passed, earliest first (served by idx_tickets_sla_next_check). */
  findSlaCheckDue(now: Date, limit: number): Promise<Ticket[]> {
    return this.repo
      .createQueryBuilder('t')
      .where('t.slaNextCheckAt <= :now', { now: now.getTime() })
      .orderBy('t.slaNextCheckAt', 'ASC')
      .limit(limit)
      .getMany();
  }

  /**
   * One page of the agents' queue by keyset: ordered by (nextDueAt, id) or newest
   * (createdAt, id) first, so a page boundary stays put while other tickets change.
   * Served by idx_tickets_queue_due / idx_tickets_queue_created; the filters by
   * idx_tickets_assignee, idx_tickets_order_number, idx_tickets_duplicate_lookup and the
   * unique reference.
   */
  findQueuePage(query: QueueFilter): Promise<Ticket[]> {
    return this.queueQuery(query, query.after).take(query.limit).getMany();
  }

  /**
   * One page of the queue's search: the tickets matching exactly first, then those whose own
   * fields hold every word as written, then those whose fields hold them with their stems
   * (the name "Mercier" finds Camille Mercier's tickets before those whose description says
   * "merci"), then those where some are found only in their messages; within a tier, the
   * queue's order. The keyset cursor carries the tier (and, for rows read in the
   * index's own order, their place in it), so a page boundary stays put.
   */
  async findQueueSearchPage(query: QueueSearchFilter): Promise<SearchHit[]> {
    const kind = this.manager.connection.options.type === 'postgres' ? 'postgres' : 'sqlite';
    const search = { ...query.search, terms: kind === 'sqlite' ? await this.expandPrefixes(query.search.terms) : await this.expandPostgresPrefixes(query.search.terms) };
    const exact = this.exactMatch(search);
    const tiers: Array<{ tier: SearchTier; scope?: SearchScope }> = [];
    if (exact) tiers.push({ tier: 0 });
    if (search.terms.length) tiers.push({ tier: 1, scope: 'written' }, ...(hasStems(search.terms) ? [{ tier: 2 as const, scope: 'stems' as const }] : []), { tier: 3, scope: 'anywhere' });
    const found: SearchHit[] = [];
    for (const { tier, scope } of tiers) {
      if (query.after?.tier !== undefined && tier < query.after.tier) continue;
      const after = query.after?.tier === tier ? query.after : undefined;
      const want = query.limit - found.length;
      if (!scope) {
        const rows = await this.queueQuery(query, after).andWhere(exact!.sql, exact!.params).take(want).getMany();
        found.push(...rows.map((ticket) => ({ ticket, tier })));
      } else if (kind === 'sqlite') {
        const { words, check } = sqliteTier(search.terms, scope);
        found.push(...(await this.streamSearch(query, words, [exact && { sql: `NOT ${exact.sql}`, params: exact.params }, check], after, want)).map((hit) => ({ ...hit, tier })));
      } else {
        found.push(...(await this.postgresTier(query, postgresTier(search.terms, scope), exact, after, want)).map((ticket) => ({ ticket, tier })));
      }
      if (found.length >= query.limit) break;
    }
    return found;
  }

  /**
   * SQLite: one tier of a search page, read from the full-text index in its rowid order (the
   * tickets' creation, domain/search-facets.ts), the queue's filters asked of the index's
   * facets, so that it reads about a page's worth of rows however common the words:
   * - newest first: the stream backwards, the first `want` rows;
   * - by deadline: the tickets with one (a deadline is never before its ticket's creation,
   *   but for the few marked `early`, read apart) streamed by creation until the next row was
   *   created after the latest deadline kept, then those without one, newest first.
   */
  private async streamSearch(query: QueueFilter, words: string, checks: Array<SqlCondition | null>, after: QueueFilter['after'], want: number): Promise<Array<{ ticket: Ticket; doc?: number }>> {
    // A tier none of whose documents hold its words (a word written only in messages, for the fields) is known at its first row:
    // each facet's stream would otherwise test every one of the word's rows against that facet's (a word of 17,000 replies: 40 ms).
    if (!((await this.run('SELECT 1 FROM ticket_search WHERE ticket_search MATCH :words LIMIT 1', { words })) as unknown[]).length) return [];
    const filter = { statuses: query.statuses, type: query.type, brandId: query.brandId, assigneeId: query.assigneeId };
    const match = (deadline?: DeadlineFacet) => {
      const facets = facetQuery({ ...filter, deadline });
      return facets ? `(${words}) AND ({facets} : (${facets}))` : words;
    };
    const where = [slaCondition(query.sla, query.now), ...checks].filter((c) => !!c);
    const rows = where.length ? { sql: where.map((c) => c.sql).join(' AND '), params: Object.assign({}, ...where.map((c) => c.params)) } : null;

    let hits: StreamRow[] = [];
    if (query.sort === 'created') {
      hits = await this.firstOfStream(match(), rows, after?.doc, want);
    } else {
      if (after?.doc === undefined) hits = await this.nearestDeadlines(match, rows, after, want);
      if (hits.length < want) hits.push(...(await this.firstOfStream(match('nodue'), rows, after?.doc, want - hits.length)));
    }
    const tickets = new Map((await this.findByIds(hits.map((h) => h.id))).map((t) => [t.id, t]));
    const inStreamOrder = query.sort === 'created' ? () => true : (h: StreamRow) => h.due >= NO_DEADLINE.getTime();
    return hits.flatMap((h) => (tickets.has(h.id) ? [{ ticket: tickets.get(h.id)!, ...(inStreamOrder(h) ? { doc: h.docId } : {}) }] : []));
  }

  /** The first `want` rows of the index's stream, newest first, before rowid `before`. */
  private async firstOfStream(match: string, rows: SqlCondition | null, before: number | undefined, want: number): Promise<StreamRow[]> {
    const hits: StreamRow[] = [];
    for await (const chunk of this.indexStream(match, rows, 'DESC', before, want)) {
      hits.push(...chunk.slice(0, want - hits.length));
      if (hits.length >= want) break;
    }
    return hits;
  }

  /** The `want` rows with the nearest deadlines after the cursor, ordered (deadline, id). */
  private async nearestDeadlines(match: (deadline: DeadlineFacet) => string, rows: SqlCondition | null, after: QueueFilter['after'], want: number): Promise<StreamRow[]> {
    const best: StreamRow[] = [];
    const before = (a: StreamRow, b: { due: number; id: string }) => a.due < b.due || (a.due === b.due && a.id < b.id);
    const keep = (row: StreamRow) => {
      if (after && !before({ due: after.key, id: after.id } as StreamRow, row)) return;
      if (best.length === want && !before(row, best[want - 1])) return;
      let i = best.length;
      while (i > 0 && before(row, best[i - 1])) i--;
      best.splice(i, 0, row);
      if (best.length > want) best.pop();
    };
    for await (const chunk of this.indexStream(match('early'), rows, 'ASC', undefined, want)) chunk.forEach(keep);
    for await (const chunk of this.indexStream(match('due'), rows, 'ASC', undefined, want)) {
      chunk.forEach(keep);
      // Every later row was created after this second, so is due after it.
      if (best.length === want && docIdSecond(chunk[chunk.length - 1].docId) * 1000 > best[want - 1].due) break;
    }
    return best;
  }

  /**
   * The index's rows matching `match` (and the tickets' `rows` condition) in rowid order,
   * after (ASC) or before (DESC) rowid `from`, in chunks growing from a page's worth: each
   * chunk one statement that FTS5 answers by reading its doclists from that rowid on.
   */
  private async *indexStream(match: string, rows: SqlCondition | null, order: 'ASC' | 'DESC', from: number | undefined, first: number): AsyncGenerator<StreamRow[]> {
    let bound = from;
    let size = Math.max(first, MIN_STREAM_CHUNK);
    for (;;) {
      const range = bound === undefined ? '' : order === 'ASC' ? 'AND s.rowid > :bound' : 'AND s.rowid < :bound';
      const rowsOf = (await this.run(
        `SELECT s.rowid AS "docId", t.id AS id, t."nextDueAt" AS due
           FROM ticket_search s JOIN ticket_search_docs d ON d."docId" = s.rowid JOIN tickets t ON t.id = d."ticketId"
          WHERE ticket_search MATCH :match ${range} ${rows ? `AND ${rows.sql}` : ''}
          ORDER BY s.rowid ${order} LIMIT ${size}`,
        { ...rows?.params, match, bound },
      )) as Array<{ docId: number; id: string; due: number | string }>;
      const chunk: StreamRow[] = rowsOf.map((r) => ({ docId: Number(r.docId), id: r.id, due: Number(r.due) }));
      if (chunk.length) yield chunk;
      if (chunk.length < size) return;
      bound = chunk[chunk.length - 1].docId;
      size = Math.min(size * 4, MAX_STREAM_CHUNK);
    }
  }

  /**
   * SQLite: a prefix longer than FTS5's prefix indexes (2 and 3 characters) is asked as the
   * words of the index it starts (at most 100), whose doclists stream in order, instead of
   * FTS5 merging every such word's matches before the first row. A prefix of more words (a
   * name that also starts hundreds of e-mail addresses) is asked as its first three letters,
   * each row's own words then checked for the whole prefix (sqliteTier).
   */
  private async expandPrefixes(terms: SearchTerm[]): Promise<IndexTerm[]> {
    const expanded: IndexTerm[] = [];
    for (const term of terms) {
      if (!term.prefix || term.prefix.length <= 3) {
        expanded.push(term);
        continue;
      }
      // An identifier's joins starting with what was typed are few (a digit or a compound was typed): as words, or else as a prefix.
      const joins = term.joinPrefix ? await this.wordsStarting(term.joinPrefix) : [];
      const { joinPrefix, ...rest } = term;
      const withJoins = joins.length > MAX_PREFIX_WORDS ? { ...rest, joinPrefix } : { ...rest, forms: [...new Set([...term.forms, ...joins])] };
      const words = await this.wordsStarting(term.prefix);
      if (words.length > MAX_PREFIX_WORDS) expanded.push({ ...withJoins, prefix: term.prefix.slice(0, 3), within: term.prefix });
      else expanded.push({ ...withJoins, prefix: undefined, forms: [...new Set([...withJoins.forms, ...words])] });
    }
    return expanded;
  }

  /** The words of the index (ticket_search_terms) that start with `prefix`, one more than can be asked as words. */
  private async wordsStarting(prefix: string): Promise<string[]> {
    const rows = (await this.run('SELECT term FROM ticket_search_terms WHERE term >= :prefix AND term < :end ORDER BY term LIMIT :limit', { prefix, end: `${prefix}\uffff`, limit: MAX_PREFIX_WORDS + 1 })) as Array<{ term: string }>;
    return rows.map((w) => w.term);
  }

  /**
   * PostgreSQL: a prefix that starts at most 100 words of letters is asked as those words: GIN
   * then skips through their matches beside the other terms' (a name's first letters beside a
   * first name: 2 ms), where a prefix makes it read every match of every word it starts first
   * (10 to 80 ms at 1,000,000 tickets). An identifier's marked joins stay a prefix: they are
   * few per prefix, and not in the list.
   */
  private async expandPostgresPrefixes(terms: SearchTerm[]): Promise<SearchTerm[]> {
    const expanded: SearchTerm[] = [];
    for (const term of terms) {
      const words = term.prefix && /^[a-z]+$/.test(term.prefix) ? await this.wordsStarting(term.prefix) : [];
      if (!words.length || words.length > MAX_PREFIX_WORDS) expanded.push(term);
      else expanded.push({ ...term, prefix: undefined, forms: [...new Set([...term.forms, ...words])] });
    }
    return expanded;
  }

  /**
   * PostgreSQL: one tier of a search page, read from ticket_search alone (the words beside the
   * queue's order and filters, migration 1797300000000):
   * - a common word (2,000 matches or more by the planner's statistics) first walks the
   *   queue's next 1,000 rows in its order, each row's words tested: such a word fills its page
   *   there; a walk that came short walks on (ten times further at most) when its density
   *   finds the page within fewer rows than the matches expected;
   * - otherwise, or when the walks came short (a rarer word, one the filters make rare, or a
   *   few matches that happened to be near the head of the order), its matches are read from
   *   the GIN index and sorted. Nothing is counted: a count's plan may scan the whole table.
   *   A walk is never unbounded: 5 of 1,000 rows at the head of the order for a name of 837
   *   matches walked 60,000 rows (113 ms) where sorting them takes 7.
   */
  private async postgresTier(query: QueueFilter, words: PostgresTier, exact: SqlCondition | null, after: QueueFilter['after'], want: number): Promise<Ticket[]> {
    const filters = searchQueueFilters(query, after);
    const tests: SqlCondition[] = [{ sql: words.test, params: words.params }];
    if (exact) tests.push({ sql: `NOT EXISTS (SELECT 1 FROM tickets t WHERE t.id = s."ticketId" AND ${exact.sql})`, params: exact.params });
    const and = (c: SqlCondition[]) => c.map((x) => x.sql).join(' AND ');
    const params = Object.assign({}, ...[...filters, ...tests].map((c) => c.params)) as Record<string, unknown>;
    const order = query.sort === 'due' ? 's.due ASC, s."ticketId" ASC' : 's.created DESC, s."ticketId" DESC';
    const ids = async (sql: string) => ((await this.run(sql, params)) as Array<{ ticketId: string }>).map((r) => r.ticketId);

    const budget = TicketRepository.walkBudgetPostgres;
    // Common words by the planner's statistics (2,000 matches or more) walk first; an identifier typed is not one.
    // (At 5,000, "charged twice" as written, 22,306 matches expected 4,600, had them all sorted: 72 ms where a walk takes 7.)
    const expected = budget > 0 ? await this.expectedMatches(words) : 0;
    let found: string[] = [];
    if (expected >= TicketRepository.fewMatchesPostgres) {
      const walked = filters.length ? `WHERE ${and(filters)}` : '';
      const walk = (rows: number) => ids(`SELECT s."ticketId" FROM (SELECT * FROM ticket_search s ${walked} ORDER BY ${order} LIMIT ${rows}) s WHERE ${and(tests)} ORDER BY ${order} LIMIT ${want}`);
      found = await walk(budget);
      // Came short: walk on if, at the walk's own density, the page lies within ten such walks and within fewer rows than the matches expected (each costs about a row to sort).
      const rowsForPage = (budget * want) / found.length;
      if (found.length < want && rowsForPage <= Math.min(budget * 10, expected)) found = await walk(budget * 10);
    }
    if (found.length < want) {
      // The matches sorted, the order's index kept out of it (`+ 0`).
      const sorted = query.sort === 'due' ? 's.due + 0 ASC, s."ticketId" ASC' : 's.created + 0 DESC, s."ticketId" DESC';
      found = await ids(`SELECT s."ticketId" FROM ticket_search s WHERE ${and([...filters, ...tests])} ORDER BY ${sorted} LIMIT ${want}`);
    }
    const tickets = new Map((await this.findByIds(found)).map((t) => [t.id, t]));
    return found.flatMap((id) => tickets.get(id) ?? []);
  }

  /** A raw statement with named parameters (`:name`, `:...list`). */
  private run(sql: string, params: Record<string, unknown>): Promise<unknown> {
    const [text, values] = this.manager.connection.driver.escapeQueryWithParameters(sql, params, {});
    return this.manager.query(text, values);
  }

  /**
   * PostgreSQL: how many rows a tier's words match, by the planner's statistics of the lexemes
   * (one EXPLAIN, nothing read). The planner takes words as independent, so words said
   * together (`charged twice`: 4,665 expected, 22,306 found) come out rare and their matches
   * would all be read and sorted (120 ms) where walking the order finds a page in 2 ms. Several
   * words are expected halfway (in proportion) between independent and always together: the
   * geometric mean of the whole's estimate and the rarest word's. A first name and a surname,
   * truly independent, still come out rare enough to be sorted; a walk that guessed wrong costs
   * the 1,000 first rows of the order, which every search reads and which stay in memory.
   */
  private async expectedMatches(words: PostgresTier): Promise<number> {
    const sql = words.estimates.map((c) => `(SELECT 1 FROM ticket_search s WHERE ${c})`).join(' UNION ALL ');
    type Plan = { 'Plan Rows': number; Plans?: Plan[] };
    const rows = (await this.run(`EXPLAIN (FORMAT JSON) ${sql}`, words.estimateParams)) as Array<{ 'QUERY PLAN': Array<{ Plan: Plan }> }>;
    const plan = rows[0]?.['QUERY PLAN']?.[0]?.Plan;
    const each = (words.estimates.length > 1 ? (plan?.Plans ?? []) : plan ? [plan] : []).map((p) => Number(p['Plan Rows'] ?? 0));
    if (each.length < 2) return each[0] ?? 0;
    return Math.sqrt(each[0] * Math.min(...each.slice(1)));
  }

  /** What an exact match is, in SQL on tickets `t` (raw or through the query builder): the reference (unique index), an order number (idx_tickets_order_number), the e-mail (idx_tickets_duplicate_lookup). */
  private exactMatch(search: ParsedSearch): { sql: string; params: Record<string, unknown> } | null {
    const parts: string[] = [];
    const params: Record<string, unknown> = {};
    if (search.reference) {
      parts.push('t.reference = :exactReference');
      params.exactReference = search.reference;
    }
    if (search.orders.length) {
      parts.push('(t."orderNumber" IS NOT NULL AND t."orderNumber" IN (:...exactOrders))');
      params.exactOrders = search.orders;
    }
    if (search.email) {
      parts.push('t."customerEmailNormalized" = :exactEmail');
      params.exactEmail = search.email;
    }
    return parts.length ? { sql: `(${parts.join(' OR ')})`, params } : null;
  }

  /** The queue's filters and order (served by idx_tickets_queue_due / idx_tickets_queue_created), after a keyset position. */
  private queueQuery(query: QueueFilter, after: { key: number; id: string } | undefined) {
    const qb = this.repo.createQueryBuilder('t');
    if (query.statuses?.length) qb.andWhere('t.status IN (:...statuses)', { statuses: query.statuses });
    if (query.type) qb.andWhere('t.type = :type', { type: query.type });
    if (query.brandId) qb.andWhere('t.brandId = :brandId', { brandId: query.brandId });
    if (query.assigneeId === null) qb.andWhere('t.assigneeId IS NULL');
    else if (query.assigneeId) qb.andWhere('t.assigneeId = :assigneeId', { assigneeId: query.assigneeId });
    const sla = slaCondition(query.sla, query.now);
    if (sla) qb.andWhere(sla.sql, sla.params);
    if (query.sort === 'due') {
      if (after) qb.andWhere('(t.nextDueAt > :k OR (t.nextDueAt = :k AND t.id > :id))', { k: after.key, id: after.id });
      qb.orderBy('t.nextDueAt', 'ASC').addOrderBy('t.id', 'ASC');
    } else {
      if (after) qb.andWhere('(t.createdAt < :k OR (t.createdAt = :k AND t.id < :id))', { k: after.key, id: after.id });
      qb.orderBy('t.createdAt', 'DESC').addOrderBy('t.id', 'DESC');
    }
    return qb;
  }

  /**
   * One batch of a brand's open tickets by id (keyset after `afterId`), held until the
   * transaction ends: a brand's deadline recompute walks them (PostgreSQL locks the rows).
   */
  findOpenOfBrandForUpdate(brandId: string, afterId: string, limit: number): Promise<Ticket[]> {
    const qb = this.repo
      .createQueryBuilder('t')
      .where('t.brandId = :brandId AND t.status IN (:...open) AND t.id > :afterId', { brandId, open: openStatuses, afterId })
      .orderBy('t.id', 'ASC')
      .limit(limit);
    return (this.manager.connection.options.type === 'postgres' ? qb.setLock('pessimistic_write') : qb).getMany();
  }

  /** Tickets linked as possible duplicates, either way. */
  findLinkedDuplicates(ticket: Ticket): Promise<Ticket[]> {
    const qb = this.repo.createQueryBuilder('t').where('t.possibleDuplicateOfId = :id', { id: ticket.id });
    if (ticket.possibleDuplicateOfId) qb.orWhere('t.id = :other', { other: ticket.possibleDuplicateOfId });
    return qb.orderBy('t.createdAt', 'ASC').getMany();
  }

  /** Customers waiting on an information request whose reminder is due (idx_tickets_next_reminder). */
  findRemindersDue(now: Date, limit: number): Promise<Ticket[]> {
    return this.repo
      .createQueryBuilder('t')
      .where('t.nextReminderAt <= :now', { now: now.getTime() })
      .orderBy('t.nextReminderAt', 'ASC')
      .limit(limit)
      .getMany();
  }

  /** (brand, creation day) pairs with a ticket written since `since`: what the roll-up job rebuilds. */
  async findDaysChangedSince(since: Date): Promise<Array<{ brandId: string; day: string }>> {
    const rows: Array<{ brandId: string; day: string }> = await this.repo
      .createQueryBuilder('t')
      .select('t.brandId', 'brandId')
      .addSelect('t.createdDay', 'day')
      .where('t.updatedAt >= :since', { since: since.getTime() })
      .groupBy('t.brandId')
      .addGroupBy('t.createdDay')
      .getRawMany();
    return rows;
  }

  /** The report facts of tickets created between two days (inclusive), optionally of one brand. */
  findReportFacts(range: { from: string; to: string; brandId?: string }): Promise<Ticket[]> {
    const qb = this.repo
      .createQueryBuilder('t')
      .select([
        't.id', 't.createdAt', 't.createdDay', 't.brandId', 't.type', 't.assigneeId',
        't.firstRespondedAt', 't.firstResponseDueAt', 't.firstResponseWarnedAt', 't.firstResponseBreachedAt', 't.firstResponseBusinessMinutes',
        't.resolvedAt', 't.resolutionDueAt', 't.resolutionWarnedAt', 't.resolutionBreachedAt', 't.resolutionBusinessMinutes',
        't.reopenCount', 't.outcome', 't.status',
      ])
      .where('t.createdDay >= :from AND t.createdDay <= :to', { from: range.from, to: range.to });
    if (range.brandId) qb.andWhere('t.brandId = :brandId', { brandId: range.brandId });
    return qb.getMany();
  }

  /**
   * Open tickets created in the range, as plain rows (no entity hydration: a year's backlog
   * is thousands of rows): a range scan of idx_tickets_queue_due, open deadlines only.
   */
  async findOpenForBacklog(range: { from: string; to: string; brandId?: string }): Promise<Array<Pick<Ticket, 'brandId' | 'type' | 'assigneeId' | 'createdDay' | 'createdAt'>>> {
    const qb = this.repo
      .createQueryBuilder('t')
      .select(['t.brandId AS "brandId"', 't.type AS "type"', 't.assigneeId AS "assigneeId"', 't.createdDay AS "createdDay"', 't.createdAt AS "createdAt"'])
      .where('t.nextDueAt < :none AND t.resolvedAt IS NULL', { none: NO_DEADLINE.getTime() })
      .andWhere('t.createdDay >= :from AND t.createdDay <= :to', { from: range.from, to: range.to });
    if (range.brandId) qb.andWhere('t.brandId = :brandId', { brandId: range.brandId });
    const rows: Array<{ brandId: string; type: Ticket['type']; assigneeId: string | null; createdDay: string; createdAt: string | number }> = await qb.getRawMany();
    return rows.map((r) => ({ ...r, createdAt: new Date(Number(r.createdAt)) }));
  }

  /** Tickets created in the range that missed a target (late, or recorded as breached). */
  findBreached(range: { from: string; to: string; brandId?: string }, limit: number): Promise<Ticket[]> {
    const qb = this.repo
      .createQueryBuilder('t')
      .where('t.createdDay >= :from AND t.createdDay <= :to', { from: range.from, to: range.to })
      .andWhere(
        '(t.firstResponseBreachedAt IS NOT NULL OR t.resolutionBreachedAt IS NOT NULL OR t.firstRespondedAt > t.firstResponseDueAt OR t.resolvedAt > t.resolutionDueAt)',
      );
    if (range.brandId) qb.andWhere('t.brandId = :brandId', { brandId: range.brandId });
    return qb.orderBy('t.createdAt', 'DESC').addOrderBy('t.id', 'DESC').take(limit).getMany();
  }

  /**
   * System bookkeeping (SLA signals, reminders) that must not make an agent's edit stale:
   * written only while `guard` still holds (so two workers never both record it), without
   * bumping the version (updatedAt moves, so reports see the change). False when the guard
   * no longer held.
   */
  async updateIf(ticket: Ticket, guard: Partial<Pick<Ticket, 'slaNextCheckAt' | 'nextReminderAt' | 'moneyCheckAt'>>, changes: Partial<Ticket> & { updatedAt: Date }): Promise<boolean> {
    const qb = this.repo.createQueryBuilder().update(Ticket).set(changes).where('id = :id', { id: ticket.id });
    for (const [field, value] of Object.entries(guard)) {
      if (value == null) qb.andWhere(`${field} IS NULL`);
      else qb.andWhere(`${field} = :${field}`, { [field]: value instanceof Date ? value.getTime() : value });
    }
    const result = await qb.execute();
    if (!result.affected) return false;
    Object.assign(ticket, changes);
    return true;
  }

  /**
   * Many tickets' changes, each written only if nobody wrote its ticket since it was read (as
   * update() does, bumping each version). On PostgreSQL in one statement, the rows handed over
   * as one JSON parameter typed by the table itself (json_populate_recordset); on SQLite, whose
   * connection runs statements back to back without a round trip each, one update per ticket.
   * A stale ticket throws StaleTicketError.
   */
  async updateMany(updates: Array<{ ticket: Ticket; changes: Partial<Ticket> }>): Promise<void> {
    if (!updates.length) return;
    if (this.manager.connection.options.type !== 'postgres') {
      await Promise.all(updates.map((u) => this.update(u.ticket, u.changes)));
      return;
    }
    const nexts = updates.map((u) => ({ ...u.changes, version: u.ticket.version + 1, updatedAt: u.changes.updatedAt ?? new Date() }));
    const meta = this.manager.connection.getMetadata(Ticket);
    const driver = this.manager.connection.driver;
    const changed = [...new Set(nexts.flatMap((n) => Object.keys(n)))].map((property) => {
      const column = meta.findColumnWithPropertyName(property);
      if (!column) throw new Error(`tickets.${property} is not a column`);
      return column;
    });
    // A column one ticket changes and another does not gets the other's value as read (its version guards it).
    const rows = updates.map((u, i) =>
      Object.fromEntries([
        ['id', u.ticket.id],
        ...changed.map((c) => [c.databaseName, driver.preparePersistentValue(c.getEntityValue(nexts[i]) === undefined ? c.getEntityValue(u.ticket) : c.getEntityValue(nexts[i]), c)]),
      ]),
    );
    const set = changed.map((c) => `${driver.escape(c.databaseName)} = v.${driver.escape(c.databaseName)}`).join(', ');
    // In a WITH, so that the driver answers the returned rows as a SELECT's.
    const written: Array<{ id: string }> = await this.manager.query(
      `WITH written AS (UPDATE tickets t SET ${set} FROM json_populate_recordset(NULL::tickets, $1::json) v WHERE t.id = v.id AND t.version = v.version - 1 RETURNING t.id) SELECT id FROM written`,
      [JSON.stringify(rows)],
    );
    const ids = new Set(written.map((r) => r.id));
    const stale = updates.find((u) => !ids.has(u.ticket.id));
    if (stale) throw new StaleTicketError(stale.ticket.id);
    updates.forEach((u, i) => Object.assign(u.ticket, nexts[i]));
  }

  /**
   * Writes the changes only if nobody wrote the ticket since it was read (its version),
   * bumping the version; a stale write throws StaleTicketError.
   */
  async update(ticket: Ticket, changes: Partial<Ticket>): Promise<Ticket> {
    const next = { ...changes, version: ticket.version + 1, updatedAt: changes.updatedAt ?? new Date() };
    const result = await this.repo
      .createQueryBuilder()
      .update(Ticket)
      .set(next)
      .where('id = :id AND version = :version', { id: ticket.id, version: ticket.version })
      .execute();
    if (result.affected === 0) throw new StaleTicketError(ticket.id);
    return Object.assign(ticket, next);
  }
}
