/*
 * What the full-text index (SQLite) keeps of a ticket beside its words, in its `facets`
 * column: one token per queue filter (status, type, shop, assignee) and where the ticket
 * sits in the deadline order. A search streams the index in the order of its rowid (the
 * ticket's creation) and leaves the filtering to the index itself, so that a page of a
 * common word stops after a page's worth of rows. The database writes these tokens from
 * the ticket's row (migration 1797200000000, trigger tickets_search_facets); the query
 * side asks for them as written here. Tokens are letters and digits only (one token each).
 */

/** Where a ticket is in the deadline order: a deadline on or after its creation (streamed by creation), one before it (a dispute imported late: read apart), none. */
export type DeadlineFacet = 'due' | 'early' | 'nodue';

const compact = (value: string, separator: string) => value.split(separator).join('');

export const facetToken = {
  status: (status: string) => `s${compact(status, '_')}`,
  type: (type: string) => `t${compact(type, '_')}`,
  brand: (brandId: string) => `b${compact(brandId, '-')}`,
  /** null: nobody holds the ticket. */
  assignee: (assigneeId: string | null) => (assigneeId ? `a${compact(assigneeId, '-')}` : 'anone'),
  deadline: (facet: DeadlineFacet) => facet,
};

export interface FacetFilter {
  statuses?: string[];
  type?: string;
  brandId?: string;
  assigneeId?: string | null;
  deadline?: DeadlineFacet;
}

/** The FTS5 expression (inside `{facets}: (…)`) a ticket's facets must match, or null for none. */
export function facetQuery(filter: FacetFilter): string | null {
  // Quoted: a value is only ever a token (or a phrase that matches nothing), never FTS5 syntax.
  const q = (token: string) => `"${token.replace(/"/g, '""')}"`;
  const parts: string[] = [];
  if (filter.statuses?.length) parts.push(`(${filter.statuses.map((s) => q(facetToken.status(s))).join(' OR ')})`);
  if (filter.type) parts.push(q(facetToken.type(filter.type)));
  if (filter.brandId) parts.push(q(facetToken.brand(filter.brandId)));
  if (filter.assigneeId !== undefined) parts.push(q(facetToken.assignee(filter.assigneeId)));
  if (filter.deadline) parts.push(q(facetToken.deadline(filter.deadline)));
  return parts.length ? parts.join(' AND ') : null;
}

/**
 * A document's rowid in the SQLite index: the second its ticket was created times 2^20, plus
 * its rank among the tickets of that second. Streaming by rowid is streaming by creation;
 * a row's creation second is read back from its rowid (the deadline order's stopping rule).
 */
export const DOC_ID_SLOTS = 2 ** 20;
export const docIdSecond = (docId: number) => Math.floor(docId / DOC_ID_SLOTS);
