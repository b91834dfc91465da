import { z } from 'zod';

/*
 * The building blocks of every schema that reads what a client sends (bodies, queries,
 * multipart fields, path values), so each rule lives once:
 *
 * - No NUL character (U+0000) in any text: PostgreSQL cannot store one in a text column and
 *   fails the whole statement, and nobody types one. It is refused (400 naming the field),
 *   not stripped, on both databases alike, so a client learns of its bug instead of storing
 *   something other than it sent.
 * - Every string has a maximum that fits its column in db/migrations, so a long value is a
 *   400 and never a database error.
 * - Integers in query strings are plain digits (no `1.5`, `1e20`, `0x10`, `-1` or blank),
 *   within what their column holds.
 */

/** The largest value of an `integer` column on PostgreSQL (int4): serial ids, versions, amounts in cents. */
export const INT4_MAX = 2_147_483_647;

const NUL_MESSAGE = 'must not contain NUL characters';
const hasNoNul = (s: string) => !s.includes('\u0000');

/** A string as sent (a password, a cursor): at most `max` characters, no NUL. */
export const clientString = (max: number) => z.string().max(max).refine(hasNoNul, NUL_MESSAGE);

/** Text a person types: trimmed, not blank, at most `max` characters, no NUL. */
export const clientText = (max: number) => z.string().trim().min(1).max(max).refine(hasNoNul, NUL_MESSAGE);

/** An e-mail address: at most 254 characters (the SMTP limit and the columns' length). */
export const emailAddress = z.string().trim().max(254).pipe(z.email());

/** An integer of a query string, `min`–`max` (at most `INT4_MAX` for an integer column). */
export const queryInt = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d{1,16}$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));

/** A whole number in a JSON body that an integer column (or a comparison with one) holds. */
export const bodyInt = () => z.number().int().max(INT4_MAX);
