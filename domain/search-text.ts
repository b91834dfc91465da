import { stemmer as englishStem } from '@orama/stemmers/english';
import { stemmer as frenchStem } from '@orama/stemmers/french';

/*
 * The words of a ticket as the full-text index keeps them, and the same reading of what an
 * agent types (domain/search-query.ts). Both databases index the tokens this module writes
 * (SQLite FTS5 and PostgreSQL's 'simple' configuration split them on spaces and nothing
 * else changes them), so one stemmer decides what matches, whichever database runs.
 *
 * A word is indexed as it is written (lower case, accents and ligatures folded) and as its
 * French and English Snowball stems: the language of a ticket says little about the words
 * of each message (an English customer quotes a French bank SMS), and a word's stem in the
 * wrong language only widens what it matches. "remboursé", "remboursement" and
 * "remboursements" all give "rembours"; "charged", "charges" and "charge" give "charg".
 */

/** Words too common to tell tickets apart: neither indexed nor asked for (unless the search is nothing else). */
export const STOP_WORDS = new Set(
  (
    'a au aux avec ce ces cet cette dans de des du elle en et il ils je la le les leur lui ma mais me mes mon ne nos notre nous on ou par pas pour qu que qui sa se ses son sur ta te tes toi ton tu un une vos votre vous y ' +
    'an and are as at be been but by for from had has have he her his i in is it its me my no not of on or our she so that the their them they this to was we were with you your'
  ).split(' '),
);

/** The longest word kept: longer runs are hashes, links or noise. */
export const MAX_WORD = 40;
/** The prefix of a word being typed is asked for from this many characters. */
export const MIN_PREFIX = 2;

/** Lower case, accents dropped, œ/æ/ß spelled out: how both the index and the search box read a word. */
export function fold(word: string): string {
  return word
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(/ß/g, 'ss')
    .normalize('NFD')
    .replace(/\p{M}+/gu, '');
}

/** What a whole word is indexed as: itself and, for words of letters, its French and English stems. */
export function wordForms(word: string): string[] {
  const lower = word.toLowerCase();
  const forms = [fold(lower)];
  if (lower.length >= 3 && /^\p{L}+$/u.test(lower)) forms.push(fold(frenchStem(lower)), fold(englishStem(lower)));
  return [...new Set(forms.filter(Boolean))];
}

/**
 * What marks the joins of an identifier (a run with a digit, or of an e-mail address), and
 * its parts mixing letters and digits, as such: `0x` + the token. They are many (every
 * address gives six joins: "martin12orange", "jeanmartin12orangefr"…) and would otherwise
 * share the words' prefixes: the word `martin` being typed would read thousands of them. A
 * word typed with a digit, or as a compound, is also asked among them (domain/search-query.ts);
 * a word of letters only, among the words.
 */
export const JOIN_MARK = '0x';

/**
 * What a part of a compound is indexed as: a word its forms; a part mixing letters and digits
 * ("dubois12" of an address, "t0sp" of a reference) an identifier's, marked (JOIN_MARK) with
 * the joins, and its runs of letters words ("dubois"). Unmarked, the thousand addresses
 * "dubois0"…"dubois999" would all be read by the name `dubois` being typed.
 */
export function partForms(part: string): string[] {
  if (!/\p{L}/u.test(part) || !/\p{N}/u.test(part)) return wordForms(part);
  const runs = (part.match(/\p{L}{3,}/gu) ?? []).filter((run) => !STOP_WORDS.has(run.toLowerCase()));
  return [...new Set([`${JOIN_MARK}${fold(part)}`, ...runs.flatMap(wordForms)])];
}

/**
 * A run of letters and digits, possibly joined by the characters identifiers are written with
 * (order SFX-10042, reference GCH-T0SP-75HE, marie.curie@example.fr, 59.90): its parts are
 * words, and its parts written together are more tokens, so "sfx10042" finds "SFX-10042".
 */
const COMPOUND = /[\p{L}\p{N}]+(?:[-_.@/#+][\p{L}\p{N}]+)*/gu;
const PART = /[\p{L}\p{N}]+/gu;

export interface TextWord {
  /** Where the word (or compound) is in the text, in UTF-16 units. */
  start: number;
  end: number;
  text: string;
  parts: string[];
}

/** The compounds of a text with their positions (for snippets) and their parts. */
export function textWords(text: string): TextWord[] {
  const words: TextWord[] = [];
  for (const m of text.matchAll(COMPOUND)) {
    words.push({ start: m.index, end: m.index + m[0].length, text: m[0], parts: m[0].match(PART) ?? [] });
  }
  return words;
}

/** A compound's parts written together, folded ("SFX-10042" → "sfx10042"); null for a single word. */
export function joinedForm(parts: string[]): string | null {
  if (parts.length < 2) return null;
  const joined = fold(parts.join(''));
  return joined.length <= 64 ? joined : null;
}

/** A compound's parts the index joins: an address or a reference has few; a longer run (a link) only its first ones. */
const MAX_JOINED_PARTS = 6;

/** Whether a compound's joins are an identifier's (marked). */
const joinsMarked = (text: string, joined: string) => text.includes('@') || /\d/.test(joined);

/**
 * Every run of a compound's consecutive parts written together ("marie.curie@example.fr" →
 * "mariecurie", "curieexample", "examplefr", "mariecurieexamplefr"…), so that a part of an
 * address or an identifier typed as it is written ("example.fr", "curie@exa") finds it;
 * an identifier's marked (JOIN_MARK), a hyphenated word's ("pré-autorisation") not.
 */
export function joinedForms(parts: string[], text = parts.join('-')): string[] {
  const kept = parts.slice(0, MAX_JOINED_PARTS);
  const forms: string[] = [];
  for (let from = 0; from < kept.length; from++) {
    for (let to = from + 2; to <= kept.length; to++) {
      const joined = joinedForm(kept.slice(from, to));
      if (joined) forms.push(joinsMarked(text, joined) ? `${JOIN_MARK}${joined}` : joined);
    }
  }
  return forms;
}

/**
 * Amounts written in a text, in cents: a number with one or two decimals ("59,90", "59.9"),
 * or a whole number next to a euro sign or word ("59 €", "€59", "59 EUR", "59 euros"), with
 * thousands separated by spaces ("1 234,50 €").
 */
const NUMBER = /(?<![\p{L}\p{N}.,])(\d{1,3}(?:[ \u00A0\u202F]\d{3})+|\d{1,7})(?:[.,](\d{1,2}))?(?!\p{N}|[.,]\p{N})/gu;
const CURRENCY_BEFORE = /(?:€|\beur)\s?$/i;
const CURRENCY_AFTER = /^\s?(?:€|eur(?:os?)?(?![\p{L}]))/iu;

/** The amounts of a text with where each is written. */
export function amountSpans(text: string): Array<{ start: number; end: number; cents: number }> {
  const found: Array<{ start: number; end: number; cents: number }> = [];
  for (const m of text.matchAll(NUMBER)) {
    const end = m.index + m[0].length;
    const withCurrency = CURRENCY_BEFORE.test(text.slice(Math.max(0, m.index - 5), m.index)) || CURRENCY_AFTER.test(text.slice(end, end + 8));
    // A bare whole number is a quantity, a year or part of an order number, not an amount.
    if (m[2] === undefined && !withCurrency) continue;
    const cents = Number(m[1].replace(/[ \u00A0\u202F]/g, '')) * 100 + (m[2] ? Number(m[2].padEnd(2, '0')) : 0);
    if (cents > 0) found.push({ start: m.index, end, cents });
  }
  return found;
}

export function amountsIn(text: string): number[] {
  return [...new Set(amountSpans(text).map((a) => a.cents))];
}

/** How an amount is indexed: a token no word spells. */
export const amountToken = (cents: number) => `amt${cents}`;

/**
 * The index tokens of a text: every word's forms, each compound's joined form and the
 * amounts it states, once each. The text has already been redacted (no card number is ever
 * stored); a masked card keeps only its last four digits, which stay searchable.
 */
export function textTokens(text: string | null | undefined): string[] {
  if (!text) return [];
  const tokens = new Set<string>();
  for (const word of textWords(text)) {
    for (const part of word.parts) {
      if (part.length > MAX_WORD || STOP_WORDS.has(part.toLowerCase())) continue;
      for (const form of partForms(part)) tokens.add(form);
    }
    for (const joined of joinedForms(word.parts, word.text)) tokens.add(joined);
  }
  for (const cents of amountsIn(text)) tokens.add(amountToken(cents));
  return [...tokens];
}

/** What the index holds for one ticket: its own fields, and the messages of its timeline. */
export interface SearchDocument {
  fields: string;
  messages: string;
}

export interface SearchableTicket {
  reference: string;
  customerName: string;
  customerEmail: string;
  orderNumber: string | null;
  amountCents: number | null;
  secondDebitAmountCents: number | null;
  description: string | null;
  errorMessage: string | null;
}

/** The texts the search finds a ticket by, with the field each is shown as when it matched. */
export type SearchField = 'reference' | 'email' | 'order' | 'name' | 'amount' | 'description' | 'message' | 'reply' | 'note';
export interface SearchableText {
  field: SearchField;
  text: string;
}

/** The amount as agents read it in a snippet: "59,90". */
export const formatCents = (cents: number) => `${Math.floor(cents / 100)},${String(cents % 100).padStart(2, '0')}`;

export function ticketTexts(ticket: SearchableTicket): SearchableText[] {
  const texts: SearchableText[] = [
    { field: 'reference', text: ticket.reference },
    { field: 'email', text: ticket.customerEmail },
    { field: 'name', text: ticket.customerName },
  ];
  if (ticket.orderNumber) texts.push({ field: 'order', text: ticket.orderNumber });
  const amounts = [ticket.amountCents, ticket.secondDebitAmountCents].filter((c): c is number => c != null && c > 0);
  if (amounts.length) texts.push({ field: 'amount', text: amounts.map((c) => `${formatCents(c)} €`).join(' · ') });
  const description = [ticket.description, ticket.errorMessage].filter(Boolean).join('\n');
  if (description) texts.push({ field: 'description', text: description });
  return texts;
}

/** The timeline events whose words are searched, and which field each is shown as. */
export function eventText(type: string, actor: string, data: Record<string, unknown>): SearchableText | null {
  const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v : null);
  switch (type) {
    case 'customer_message': {
      const text = [str(data.subject), str(data.text)].filter(Boolean).join('\n');
      return text ? { field: 'message', text } : null;
    }
    case 'evidence_added': {
      const text = str(data.message);
      return text ? { field: 'message', text } : null;
    }
    case 'reply':
      return str(data.body) ? { field: 'reply', text: str(data.body)! } : null;
    case 'note':
      return str(data.body) ? { field: 'note', text: str(data.body)! } : null;
    case 'information_requested':
    case 'resolved':
      return str(data.message) ? { field: 'reply', text: str(data.message)! } : null;
    case 'reopened':
      // An agent's reason is their words; the system's and the e-mail's are codes.
      return actor.startsWith('agent:') && str(data.reason) ? { field: 'note', text: str(data.reason)! } : null;
    default:
      return null;
  }
}

/** The event types eventText reads: the only ones the indexer loads. */
export const SEARCHED_EVENT_TYPES = ['customer_message', 'evidence_added', 'reply', 'note', 'information_requested', 'resolved', 'reopened'];

/** The document of a ticket: its fields' tokens, and its messages' tokens. */
/**
 * The reference's tokens, all marked as an identifier's: it is found whole (domain/search-query.ts
 * readReference) or by a part typed with a digit or a dash; its parts of letters ("PEQX" of
 * GCH-PEQX-7A2B, a million of them) are not words, which every short prefix would read.
 */
const referenceTokens = (reference: string) => textTokens(reference).map((t) => (t.startsWith(JOIN_MARK) ? t : `${JOIN_MARK}${t}`));

export function searchDocument(ticket: SearchableTicket, messages: SearchableText[]): SearchDocument {
  const fields = new Set(ticketTexts(ticket).flatMap((t) => (t.field === 'reference' ? referenceTokens(t.text) : textTokens(t.text))));
  const inMessages = new Set(messages.flatMap((m) => textTokens(m.text)));
  return { fields: [...fields].join(' '), messages: [...inMessages].join(' ') };
}
