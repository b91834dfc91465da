import { DOC_ID_SLOTS, docIdSecond, facetQuery, facetToken } from '../../domain/search-facets';

describe('the facets a search asks of the index', () => {
  it('writes one token per value, letters and digits only', () => {
    expect(facetToken.status('awaiting_customer')).toBe('sawaitingcustomer');
    expect(facetToken.type('debit_without_order')).toBe('tdebitwithoutorder');
    expect(facetToken.brand('8a4b2c1d-0000-4000-8000-00000000b001')).toBe('b8a4b2c1d000040008000' + '00000000b001');
    expect(facetToken.assignee(null)).toBe('anone');
    expect(facetToken.assignee('0f0e0d0c-0b0a-4909-8807-060504030201')).toMatch(/^a[0-9a-f]{32}$/);
  });

  it('asks every filter given, any of the statuses, nothing when there is none', () => {
    expect(facetQuery({})).toBeNull();
    expect(facetQuery({ statuses: ['triaged', 'in_progress'], type: 'double_charge', assigneeId: null, deadline: 'due' })).toBe('("striaged" OR "sinprogress") AND "tdoublecharge" AND "anone" AND "due"');
  });

  it('never lets a value become query syntax', () => {
    // A value with quotes, spaces or operators stays one quoted phrase (which no facet is).
    expect(facetQuery({ brandId: 'x" OR "due' })).toBe('"bx"" OR ""due"');
  });

  it("reads a document's creation second back from its rowid", () => {
    const second = Math.floor(new Date('2026-11-02T09:00:00.900Z').getTime() / 1000);
    expect(docIdSecond(second * DOC_ID_SLOTS)).toBe(second);
    expect(docIdSecond(second * DOC_ID_SLOTS + DOC_ID_SLOTS - 1)).toBe(second);
    // Far enough: rowids stay exact in a JavaScript number until the year 2242.
    expect(Number.isSafeInteger(Math.floor(new Date('2242-01-01').getTime() / 1000) * DOC_ID_SLOTS)).toBe(true);
  });
});
