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

/*
 * A ticket's own reply address, `support+<token>@shop` (issue 14): the token is the
 * reference's eight characters and ten of an HMAC of the ticket id, so it reads back to
 * its ticket without a lookup table and nobody can write one for another ticket.
 */
const REPLY_TOKEN = /^([0-9a-z]{4})([0-9a-z]{4})-([0-9a-f]{10})$/i;
const replyMac = (secret: string, ticketId: string) => createHmac('sha256', secret).update(`ticket-reply:${ticketId}`).digest('hex').slice(0, 10);

export function replyTokenFor(secret: string, ticket: { id: string; reference: string }): string {
  return `${ticket.reference.replace(/^GCH-/, '').replace('-', '').toLowerCase()}-${replyMac(secret, ticket.id)}`;
}

/** The reference a reply token names (still to be checked against its ticket with `isValidReplyToken`), or null. */
export function referenceOfReplyToken(token: string): string | null {
  const m = REPLY_TOKEN.exec(token);
  return m ? `GCH-${m[1].toUpperCase()}-${m[2].toUpperCase()}` : null;
}

export function isValidReplyToken(secret: string, ticketId: string, token: string): boolean {
  const given = Buffer.from(REPLY_TOKEN.exec(token)?.[3]?.toLowerCase() ?? '');
  const expected = Buffer.from(replyMac(secret, ticketId));
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** `support@shop` with a token: `support+<token>@shop`. */
export function plusAddress(address: string, token: string): string {
  const at = address.lastIndexOf('@');
  return `${address.slice(0, at).replace(/\+.*$/, '')}+${token}${address.slice(at)}`;
}
