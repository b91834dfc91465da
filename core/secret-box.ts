import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/*
 * Secrets a shop gives Guichet (a payment provider's key, a mailbox password) are stored
 * sealed with AES-256-GCM under a key derived from APP_SECRET: a copy of the database alone
 * reveals none of them. Each secret is bound to what it is for (`context`, e.g. the brand and
 * the field) as additional data, so a sealed value moved to another row does not open.
 */

const VERSION = 'v1';

const keyFor = (appSecret: string) => Buffer.from(hkdfSync('sha256', appSecret, 'guichet secret box', 'guichet/secrets/v1', 32));

export function sealSecret(appSecret: string, plaintext: string, context: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyFor(appSecret), iv);
  cipher.setAAD(Buffer.from(context));
  const sealed = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [VERSION, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), sealed.toString('base64url')].join('.');
}

/** The secret, or an error when the value was tampered with, moved, or sealed under another APP_SECRET. */
export function openSecret(appSecret: string, sealed: string, context: string): string {
  const [version, iv, tag, data] = sealed.split('.');
  if (version !== VERSION || !iv || !tag || data === undefined) throw new Error('not a sealed secret');
  const decipher = createDecipheriv('aes-256-gcm', keyFor(appSecret), Buffer.from(iv, 'base64url'));
  decipher.setAAD(Buffer.from(context));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
}

/** What an admin may see of a secret: its kind and last characters (`rk_live_…wxyz`). */
export function secretHint(secret: string): string {
  const prefix = /^[a-z]+_(live|test)_/.exec(secret)?.[0] ?? /^[a-z]+_/.exec(secret)?.[0] ?? '';
  return `${prefix}…${secret.slice(-4)}`;
}
