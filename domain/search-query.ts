import { MASK, redact } from './redaction';
import { amountsIn, amountToken, fold, JOIN_MARK, joinedForm, MAX_WORD, MIN_PREFIX, STOP_WORDS, textWords, wordForms } from './search-text';

/*
 * What an agent typed in the queue's search box, read once: the identifiers it may be
 * exactly (a reference, an e-mail address, an order number), the amounts it states, and
 * the terms the full-text index is asked for (every term must match; a term matches by any
 * of its forms, or by its prefix for the word still being typed).
 */

/**
 * One term of the full-text query: any of the whole tokens, or a token starting with `prefix`
 * (or, for a word typed with a digit or as a compound, an identifier's join starting with
 * `joinPrefix`: domain/search-text.ts JOIN_MARK).
 */
export interface SearchTerm {
  forms: string[];
  prefix?: string;
  joinPrefix?: string;
  /** Which of the forms are only the word's stems ("merci" of "Mercier"): its matches as written rank first (asWritten). */
  stems?: string[];
}

/** The term as the agent wrote it: without the forms that are only its stems. */
export function asWritten<T extends SearchTerm>(term: T): T {
  if (!term.stems?.length) return term;
  const { stems, ...rest } = term;
  return { ...rest, forms: term.forms.filter((f) => !stems.includes(f)) } as T;
}

/** Whether some term matches more by its stems than as written. */
export const hasStems = (terms: SearchTerm[]) => terms.some((t) => !!t.stems?.length);

export interface ParsedSearch {
  /** A ticket reference in its stored spelling (GCH-XXXX-XXXX), read the Crockford way: case-blind, O as 0, I and L as 1, dashes optional. */
  reference: string | null;
  /** The whole text as an e-mail address (lower case). */
  email: string | null;
  /** The whole text as an order number, as typed and in capitals (how shops print them). */
  orders: string[];
  /** Amounts in cents ("59,90", "59.90", "59,90 €" → 5990). */
  amounts: number[];
  /** The whole words typed, folded (no stop word, unless nothing else was typed). */
  words: string[];
  /** The word being typed: the last one when the text does not end with a space. */
  prefix: string | null;
  /** What the full-text index is asked for: every term must match. */
  terms: SearchTerm[];
}

/** What redaction leaves of a card number: masked groups and the last four digits. */
const MASKED_CARD = new RegExp(`(?:${MASK}\\s?)+\\d{0,4}`, 'g');
const CROCKFORD = /^[0-9A-HJKMNP-TV-Z]{8}$/;
const EMAIL = /^[^\s@]{1,64}@[^\s@]+\.[^\s@]+$/;
/** An order number has a digit and is written with letters, digits and the usual separators. */
const ORDER = /^(?=.*\d)[\p{L}\p{N}][\p{L}\p{N}_#/.-]{0,63}$/u;

/** The reference the text spells, if it is one: "gch-t0sp-75he", "GCHT0SP75HE", "t0sp 75he", "GCH-TOSP-75HE". */
export function readReference(text: string): string | null {
  let compact = text.toUpperCase().replace(/[\s-]+/g, '');
  if (compact.startsWith('GCH')) compact = compact.slice(3);
  const read = compact.replace(/[IL]/g, '1').replace(/O/g, '0');
  return CROCKFORD.test(read) ? `GCH-${read.slice(0, 4)}-${read.slice(4)}` : null;
}

export function parseSearch(input: string): ParsedSearch {
  // A card number typed in the box is never looked for, not even by its last digits: nothing holds one.
  const text = redact(input.normalize('NFC')).text.replace(MASKED_CARD, ' ').slice(0, 254);
  const trimmed = text.trim();
  const typing = trimmed.length > 0 && !/\s$/.test(text);
  const single = !/\s/.test(trimmed);

  const reference = readReference(trimmed);
  const email = single && EMAIL.test(trimmed) ? trimmed.toLowerCase() : null;
  const orders = single && !email && ORDER.test(trimmed) ? [...new Set([trimmed, trimmed.toUpperCase()])] : [];
  const amounts = amountsIn(trimmed);
  const amountSpans = amountSpansOf(trimmed);

  const words: string[] = [];
  const terms: SearchTerm[] = [];
  const written = textWords(trimmed);
  const compounds = written.filter((c) => !amountSpans.some(([s, e]) => c.start >= s && c.end <= e));
  // The word still being typed is the start of another ("Jean Ma" is "Jean Martin" on its way), never a stop word.
  const beingTyped = (c: (typeof written)[number]) => typing && c === written.at(-1) && c.parts[0].length >= MIN_PREFIX;
  const isStop = (c: (typeof written)[number]) => c.parts.length === 1 && !beingTyped(c) && STOP_WORDS.has(c.parts[0].toLowerCase());
  const meaningful = compounds.filter((c) => !isStop(c));
  const kept = meaningful.length ? meaningful : compounds;
  kept.forEach((c, i) => {
    const last = c === written.at(-1);
    // An identifier typed as it is written (SFX-10042, curie@exa) is asked whole, as the index joins it.
    const whole = c.parts.length > 1 ? joinedForm(c.parts.slice(0, 6)) : c.parts[0].length <= MAX_WORD ? c.parts[0] : null;
    if (!whole) return;
    const forms = c.parts.length > 1 ? [whole] : wordForms(whole);
    const stems = forms.slice(1);
    // Typed with a digit or as a compound, it may be an identifier's join too.
    const identifier = c.parts.length > 1 || /\d/.test(whole);
    if (identifier) forms.push(`${JOIN_MARK}${fold(whole)}`);
    // A whole number may be an amount in euros as well as a number written in the text.
    if (/^\d{1,7}$/.test(whole)) forms.push(amountToken(Number(whole) * 100));
    const prefix = last && typing && whole.length >= MIN_PREFIX && !/^\d+$/.test(whole) ? fold(whole) : undefined;
    const stemmed = stems.length ? { stems } : {};
    if (prefix) {
      terms.push({ forms, prefix, ...(identifier ? { joinPrefix: `${JOIN_MARK}${prefix}` } : {}), ...stemmed });
    } else {
      words.push(fold(whole));
      terms.push({ forms, ...stemmed });
    }
  });
  for (const cents of amounts) terms.push({ forms: [amountToken(cents)] });
  const prefixTerm = terms.find((t) => t.prefix);
  return { reference, email, orders, amounts, words: [...new Set(words)], prefix: prefixTerm?.prefix ?? null, terms: dedupe(terms) };
}

/** Where the amounts of a text are, so that "59,90" is asked as 5990 cents and not as the words 59 and 90. */
function amountSpansOf(text: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  const NUMBER = /(?<![\p{L}\p{N}.,])(?:\d{1,3}(?:[ \u00A0\u202F]\d{3})+|\d{1,7})[.,]\d{1,2}(?!\p{N}|[.,]\p{N})/gu;
  for (const m of text.matchAll(NUMBER)) spans.push([m.index, m.index + m[0].length]);
  return spans;
}

function dedupe(terms: SearchTerm[]): SearchTerm[] {
  const seen = new Set<string>();
  return terms.filter((t) => {
    const key = `${t.forms.slice().sort().join('|')}*${t.prefix ?? ''}*${t.joinPrefix ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Nothing to look for (only spaces or punctuation, or a card number that was dropped). */
export const isEmptySearch = (q: ParsedSearch) => !q.reference && !q.email && !q.orders.length && !q.terms.length;
