import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/*
 * Every delivery is signed like Stripe's: `Guichet-Signature: t=<unix seconds>,v1=<hex>` where
 * the hex is HMAC-SHA256(secret, "<t>.<body>"). The timestamp is inside what is signed, so a
 * receiver that refuses old timestamps (5 minutes, say) cannot be replayed an old delivery.
 */

export const SIGNATURE_HEADER = 'Guichet-Signature';
export const EVENT_HEADER = 'Guichet-Event';
export const DELIVERY_HEADER = 'Guichet-Delivery';

/** `whsec_` and 32 random bytes: shown once, sealed at rest. */
export const generateWebhookSecret = () => `whsec_${randomBytes(32).toString('base64url')}`;

export const signatureOf = (secret: string, timestamp: number, body: string) => createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');

export function signatureHeader(secret: string, body: string, at: Date): string {
  const t = Math.floor(at.getTime() / 1000);
  return `t=${t},v1=${signatureOf(secret, t, body)}`;
}

/**
 * What a receiver does (and our tests): true when one `v1` of the header is the body's
 * signature and its timestamp is within `toleranceSeconds` of `now`.
 */
export function verifySignature(secret: string, header: string | undefined, body: string, now: Date, toleranceSeconds = 300): boolean {
  if (!header) return false;
  const parts = header.split(',').map((p) => p.trim().split('='));
  const t = Number(parts.find(([k]) => k === 't')?.[1]);
  if (!Number.isInteger(t) || Math.abs(now.getTime() / 1000 - t) > toleranceSeconds) return false;
  const expected = Buffer.from(signatureOf(secret, t, body), 'hex');
  return parts
    .filter(([k, v]) => k === 'v1' && v && /^[0-9a-f]{64}$/.test(v))
    .some(([, v]) => timingSafeEqual(Buffer.from(v, 'hex'), expected));
}
