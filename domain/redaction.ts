/**
 * Card-number and security-code redaction (PCI DSS 3.3/3.4): applied to everything a
 * customer types before it is stored, logged, queued, e-mailed or pushed.
 */

/** Runs of digit groups joined by at most one space, dash or dot. */
const DIGIT_RUN = /\d+(?:[ .-]\d+)*/g;
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
  const parts = run.split(/([ .-])/); // digit groups at even indexes, separators at odd
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
      digits += group;
      if (digits.length > 19) break;
      if (digits.length >= 13 && luhnValid(digits)) end = j;
    }
    if (g > 0) text += parts[2 * g - 1];
    if (end >= 0) {
      digits = parts.slice(2 * g, 2 * end + 1).join('').replace(/\D/g, '');
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
  let cardNumbers = 0;
  let securityCodes = 0;
  let text = input.replace(SECURITY_CODE, (_m, label: string, sep: string, code: string) => {
    securityCodes++;
    return `${label}${sep}${'•'.repeat(code.length)}`;
  });
  text = text.replace(DIGIT_RUN, (run) => {
    const digits = run.replace(/\D/g, '');
    if (digits.length < 13) return run;
    const r = redactRun(run);
    cardNumbers += r.count;
    return r.text;
  });
  return { text, cardNumbers, securityCodes };
}

/** What was redacted in which field: recorded as an event, without the numbers. */
export interface FieldRedaction {
  field: string;
  cardNumbers: number;
  securityCodes: number;
}

/** Redacts every string value of a flat record (a request body); other values pass through. */
export function redactFields<T extends Record<string, unknown>>(record: T): { clean: T; redactions: FieldRedaction[] } {
  const clean: Record<string, unknown> = {};
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
