import type { ParsedSearch, SearchTerm } from './search-query';
import type { SearchMatch } from './search.schemas';
import { amountSpans, amountToken, joinedForms, partForms, textWords, type SearchableText } from './search-text';

/*
 * Why a ticket matched, as the queue shows it: the field that holds most of the words
 * searched and a short excerpt of it, the words found marked «like this» (plain text: the
 * client emphasises them without reading any markup). Guillemets already in the text are
 * written “ ” in the excerpt, so that the marks can only be ours.
 */

/** About two lines of the queue. */
export const SNIPPET_LENGTH = 160;
const OPEN = '«';
const CLOSE = '»';

interface Hit {
  start: number;
  end: number;
  term: number;
}

/** Words are read again for every row shown: their forms are kept (a bounded memo, cleared when full). */
const formsMemo = new Map<string, string[]>();
function formsOf(part: string): string[] {
  let forms = formsMemo.get(part);
  if (!forms) {
    if (formsMemo.size >= 20_000) formsMemo.clear();
    forms = partForms(part);
    formsMemo.set(part, forms);
  }
  return forms;
}

/** What a written word (or identifier) is found by: its tokens, each of which a prefix may start, as in the index (memoised by its text, as its forms). */
const keysMemo = new Map<string, { tokens: Set<string>; starts: string[] }>();
function wordKeys(parts: string[], text: string): { tokens: Set<string>; starts: string[] } {
  let keys = keysMemo.get(text);
  if (!keys) {
    if (keysMemo.size >= 20_000) keysMemo.clear();
    const tokens = [...parts.flatMap(formsOf), ...joinedForms(parts, text)];
    keys = { tokens: new Set(tokens), starts: tokens };
    keysMemo.set(text, keys);
  }
  return keys;
}

const termMatches = (term: SearchTerm, keys: { tokens: Set<string>; starts: string[] }) =>
  term.forms.some((f) => keys.tokens.has(f)) ||
  (term.prefix !== undefined && keys.starts.some((p) => p.startsWith(term.prefix!))) ||
  (term.joinPrefix !== undefined && keys.starts.some((p) => p.startsWith(term.joinPrefix!)));

/** A search's hits by text, while its terms live: holdsEveryTerm and bestMatch read the same texts. */
const hitsMemo = new WeakMap<SearchTerm[], Map<string, Hit[]>>();

/** Where each term is found in a text (a word, an identifier, an amount as written). */
export function hitsIn(text: string, terms: SearchTerm[]): Hit[] {
  let texts = hitsMemo.get(terms);
  if (!texts) hitsMemo.set(terms, (texts = new Map()));
  let hits = texts.get(text);
  if (!hits) texts.set(text, (hits = findHits(text, terms)));
  return hits;
}

function findHits(text: string, terms: SearchTerm[]): Hit[] {
  const hits: Hit[] = [];
  const amounts = amountSpans(text);
  terms.forEach((term, i) => {
    for (const a of amounts) if (term.forms.includes(amountToken(a.cents))) hits.push({ start: a.start, end: a.end, term: i });
  });
  for (const w of textWords(text)) {
    const inAmount = amounts.some((a) => w.start >= a.start && w.end <= a.end);
    const keys = wordKeys(w.parts, w.text);
    terms.forEach((term, i) => {
      if (inAmount && term.forms.every((f) => f.startsWith('amt'))) return;
      // An identifier's part ("10042" of SFX-10042) is a hit too: the whole identifier is marked.
      if (termMatches(term, keys)) hits.push({ start: w.start, end: w.end, term: i });
    });
  }
  return hits;
}

/** The excerpt of a text around its first hit, every hit in it marked. */
export function snippetOf(text: string, hits: Hit[], length = SNIPPET_LENGTH): string {
  const sorted = mergeHits(hits);
  const first = sorted[0]?.start ?? 0;
  let start = Math.max(0, first - Math.floor(length / 4));
  if (start > 0) {
    const space = text.lastIndexOf(' ', start);
    start = space >= 0 && first - space < length / 2 ? space + 1 : start;
  }
  let end = Math.min(text.length, start + length);
  if (end < text.length) {
    const space = text.lastIndexOf(' ', end);
    if (space > first) end = space;
  }
  let out = '';
  let at = start;
  for (const h of sorted) {
    if (h.start < start || h.end > end) continue;
    out += plain(text.slice(at, h.start)) + OPEN + plain(text.slice(h.start, h.end)) + CLOSE;
    at = h.end;
  }
  out += plain(text.slice(at, end));
  return `${start > 0 ? '…' : ''}${out.replace(/\s+/g, ' ').trim()}${end < text.length ? '…' : ''}`;
}

const plain = (s: string) => s.replace(/«/g, '“').replace(/»/g, '”');

function mergeHits(hits: Hit[]): Hit[] {
  const sorted = [...hits].sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: Hit[] = [];
  for (const h of sorted) {
    const last = merged.at(-1);
    if (last && h.start < last.end) last.end = Math.max(last.end, h.end);
    else merged.push({ ...h });
  }
  return merged;
}

/**
 * The field to show for a ticket the search found: the exact identifier when it matched
 * exactly, else the text holding the most distinct terms (the first such, in the order the
 * texts are given: the ticket's own fields, then its timeline).
 */
export function bestMatch(search: ParsedSearch, exact: { reference: string; email: string; order: string | null } | null, texts: SearchableText[]): SearchMatch | null {
  if (exact) {
    if (search.reference && exact.reference === search.reference) return { field: 'reference', snippet: `${OPEN}${exact.reference}${CLOSE}` };
    if (search.email && exact.email.toLowerCase() === search.email) return { field: 'email', snippet: `${OPEN}${plain(exact.email)}${CLOSE}` };
    if (exact.order && search.orders.includes(exact.order)) return { field: 'order', snippet: `${OPEN}${plain(exact.order)}${CLOSE}` };
  }
  let best: { text: SearchableText; hits: Hit[]; score: number } | null = null;
  for (const text of texts) {
    const hits = hitsIn(text.text, search.terms);
    const score = termsHit(hits);
    if (score > 0 && (!best || score > best.score)) best = { text, hits, score };
    // Every term: no later text can do better.
    if (best?.score === search.terms.length) break;
  }
  return best ? { field: best.text.field, snippet: snippetOf(best.text.text, best.hits) } : null;
}

const termsHit = (hits: Hit[]) => new Set(hits.map((h) => h.term)).size;

/** Whether one of these texts holds every term searched: bestMatch then needs no text after them (a ticket's timeline). */
export const holdsEveryTerm = (search: ParsedSearch, texts: SearchableText[]) => texts.some((t) => termsHit(hitsIn(t.text, search.terms)) === search.terms.length);
