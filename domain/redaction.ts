/**
 * Card-number and security-code redaction (PCI DSS 3.3/3.4): applied to everything a
 * customer types before it is stored, logged, queued, e-mailed or pushed.
 */
import type { z } from 'zod';

/** ASCII and full-width digits (what a Japanese or Chinese keyboard types). */
const DIGIT = '[0-9\\uFF10-\\uFF19]';
/**
 * What people (and the software they copy from) put between digit groups: any Unicode space
 * (`\s` covers tab, newline, U+00A0, U+202F, U+2000–U+200A, U+3000, U+FEFF), the invisible
 * zero-width ones, and a dash, dot or slash with up to three spaces either side. Bounded, so
 * matching stays linear.
 */
const SPACE = '[\\s\\u00AD\\u180E\\u200B-\\u200D\\u2060]';
const PUNCT = '[-./\\u2010-\\u2015\\u2212\\uFE58\\uFE63\\uFF0D\\uFF0E\\uFF0F]';
const SEPARATOR = `(?:${SPACE}{0,3}${PUNCT}${SPACE}{0,3}|${SPACE}{1,8})`; // the longer first, for split()
const GROUP_SPLIT = new RegExp(`(${SEPARATOR})`);
/** Two letters, two check digits, then groups: an IBAN, never a card number when its mod-97 check holds. */
const IBAN_LIKE = '\\b[A-Za-z]{2}[0-9]{2}(?:[ \\u00A0\\u202F]?[A-Za-z0-9]{4}){2,7}(?:[ \\u00A0\\u202F]?[A-Za-z0-9]{1,3})?(?![A-Za-z0-9])';
/** An IBAN-like reference (group 1), or a run of digit groups. */
const CANDIDATE = new RegExp(`(${IBAN_LIKE})|${DIGIT}+(?:${SEPARATOR}${DIGIT}+)*`, 'g');
const SECURITY_CODE =
  /\b(cvv2?|cvc2?|cvn|cid|crypto(?:gramme)?(?:\s+visuel)?|code\s+(?:de\s+)?s[ée]curit[ée]|security\s+code|card\s+verification(?:\s+(?:code|value))?)(\s*(?:[:=#-]|est|is|n°)?\s*)(\d{3,4})\b/giu;

export const MASK = '••••';

export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** The ASCII digits of a string, full-width ones included. */
function digitsOf(text: string): string {
  let digits = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) digits += text[i];
    else if (c >= 0xff10 && c <= 0xff19) digits += String.fromCharCode(c - 0xff10 + 48);
  }
  return digits;
}

/** Cheap guard before any regex: a card number needs at least 13 digits somewhere in the text. */
export function mayHoldCardNumber(text: string): boolean {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 48 && c <= 57) || (c >= 0xff10 && c <= 0xff19)) {
      if (++count >= 13) return true;
    }
  }
  return false;
}

/** ISO 13616 check: the first four characters moved to the end, letters as 10–35, mod 97 is 1. */
function ibanValid(candidate: string): boolean {
  const iban = candidate.replace(/[^A-Za-z0-9]/g, '').toUpperCase();
  if (iban.length < 15 || iban.length > 34) return false;
  let rest = 0;
  for (const ch of iban.slice(4) + iban.slice(0, 4)) {
    const value = parseInt(ch, 36);
    rest = value > 9 ? (rest * 100 + value) % 97 : (rest * 10 + value) % 97;
  }
  return rest === 1;
}

export const maskedCard = (last4: string) => `${MASK} ${MASK} ${MASK} ${last4}`;

export interface RedactionResult {
  text: string;
  cardNumbers: number;
  securityCodes: number;
}

/**
 * Within a run of digit groups, masks each stretch of whole groups that makes a card
 * number (13–19 digits passing Luhn, the longest from the earliest group), so
 * "commande 123 4242 4242 4242 4242" keeps "123". Groups of one or two digits (phone
 * numbers, dates) never join a card number.
 */
function redactRun(run: string): { text: string; count: number } {
  const parts = run.split(GROUP_SPLIT); // digit groups at even indexes, separators at odd
  const groups = (parts.length + 1) / 2;
  let text = '';
  let count = 0;
  let g = 0;
  while (g < groups) {
    let end = -1;
    let digits = '';
    for (let j = g; j < groups; j++) {
      const group = parts[2 * j];
      if (j > g && (group.length < 3 || parts[2 * g].length < 3)) break;
      digits += digitsOf(group);
      if (digits.length > 19) break;
      if (digits.length >= 13 && luhnValid(digits)) end = j;
    }
    if (g > 0) text += parts[2 * g - 1];
    if (end >= 0) {
      digits = digitsOf(parts.slice(2 * g, 2 * end + 1).join(''));
      text += maskedCard(digits.slice(-4));
      count++;
      g = end + 1;
    } else {
      text += parts[2 * g];
      g++;
    }
  }
  return { text, count };
}

export function redact(input: string): RedactionResult {
  let securityCodes = 0;
  const text = input.replace(SECURITY_CODE, (_m, label: string, sep: string, code: string) => {
    securityCodes++;
    return `${label}${sep}${'•'.repeat(code.length)}`;
  });
  const cards = mayHoldCardNumber(text) ? redactCardNumbers(text) : { text, count: 0 };
  return { text: cards.text, cardNumbers: cards.count, securityCodes };
}

/** Masks the card numbers of a text; everything else stays as typed, byte for byte. */
function redactCardNumbers(text: string): { text: string; count: number } {
  const candidates = new RegExp(CANDIDATE);
  let out = '';
  let copied = 0;
  let count = 0;
  for (let m = candidates.exec(text); m; m = candidates.exec(text)) {
    if (m[1] !== undefined) {
      // Not a real IBAN: look again from the next character, for card digits inside it.
      if (!ibanValid(m[1])) candidates.lastIndex = m.index + 1;
      continue;
    }
    if (digitsOf(m[0]).length < 13) continue;
    const r = redactRun(m[0]);
    if (!r.count) continue;
    out += text.slice(copied, m.index) + r.text;
    copied = m.index + m[0].length;
    count += r.count;
  }
  return { text: out + text.slice(copied), count };
}

/**
 * A text field a person types (a note, a reply, a user's name): validated, then parsed with
 * its card numbers and security codes masked, so no route can store one by forgetting to
 * redact. Checked again after, as a mask can be longer than the number it hides.
 */
export const redactedText = <T extends z.ZodType<string, string>>(schema: T) => schema.transform((text) => redact(text).text).pipe(schema);

/** What was redacted in which field: recorded as an event, without the numbers. */
export interface FieldRedaction {
  field: string;
  cardNumbers: number;
  securityCodes: number;
}

/** Redacts every string value of a flat record (a request body); other values pass through. */
export function redactFields<T extends Record<string, unknown>>(record: T): { clean: T; redactions: FieldRedaction[] } {
  // No prototype: a field named "__proto__" stays a field (validation refuses it) instead of
  // becoming the prototype, through which unredacted fields would be read.
  const clean: Record<string, unknown> = Object.create(null);
  const redactions: FieldRedaction[] = [];
  for (const [field, value] of Object.entries(record)) {
    if (typeof value !== 'string') {
      clean[field] = value;
      continue;
    }
    const r = redact(value);
    clean[field] = r.text;
    if (r.cardNumbers || r.securityCodes) redactions.push({ field, cardNumbers: r.cardNumbers, securityCodes: r.securityCodes });
  }
  return { clean: clean as T, redactions };
}
