/** Letters and digits that cannot be mistaken for one another when read aloud or copied. */
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
/** The largest multiple of the alphabet's length below 256: bytes above it are dropped, so every character is as likely. */
const FAIR = 256 - (256 % ALPHABET.length);

/** A random password to pass on, four groups of five characters (about 99 bits): `k7mqx-3ht9p-…`. */
export function suggestPassword(): string {
  const chars: string[] = [];
  while (chars.length < 20) {
    for (const b of crypto.getRandomValues(new Uint8Array(32))) if (b < FAIR && chars.length < 20) chars.push(ALPHABET[b % ALPHABET.length]);
  }
  return [0, 5, 10, 15].map((i) => chars.slice(i, i + 5).join('')).join('-');
}
