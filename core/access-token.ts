import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * A customer's private access token: an HMAC of the ticket id under the app secret. Nothing
 * is stored, any process can write the private link into a later e-mail, and only the
 * holder of the secret can mint one.
 */
export function accessTokenFor(secret: string, ticketId: string): string {
  return createHmac('sha256', secret).update(`ticket-access:${ticketId}`).digest('base64url');
}

export function isValidAccessToken(secret: string, ticketId: string, token: string): boolean {
  const expected = Buffer.from(accessTokenFor(secret, ticketId));
  const given = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The customer's status page; the token travels in the fragment, which browsers never send to servers. */
export function privateLink(publicUrl: string, reference: string, token: string): string {
  return `${publicUrl.replace(/\/$/, '')}/t/${encodeURIComponent(reference)}#token=${token}`;
}
