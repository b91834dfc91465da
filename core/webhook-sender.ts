import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { addressAllowed, checkWebhookUrl, type UrlPolicy } from '../domain/webhook-url';

/*
 * The one place that sends webhook requests. The address each connection goes to is checked
 * after DNS resolution, inside the lookup the socket itself uses: a name that resolved to a
 * public address when the endpoint was saved and to a private one now (DNS rebinding) is
 * refused before any byte leaves. Redirects are not followed (a 3xx is a failed attempt).
 */

export interface SendResult {
  statusCode: number | null;
  durationMs: number;
  responseSnippet: string | null;
  error: string | null;
}

/** How much of an answer is kept in the delivery log. */
export const SNIPPET_CHARS = 500;
/** How much of an answer is read at most (the rest is dropped). */
const MAX_READ_BYTES = 64 * 1024;

export class RefusedAddressError extends Error {}

/** A lookup that resolves every address of the name and refuses the connection unless they are all allowed. */
export function guardedLookup(policy: UrlPolicy): LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { all: true, family: (options as dns.LookupOptions).family ?? 0 }, (err, addresses) => {
      if (err) return (callback as (e: Error | null, a: string, f: number) => void)(err, '', 0);
      const list = addresses as dns.LookupAddress[];
      const refused = list.find((a) => !addressAllowed(a.address, policy));
      if (!list.length || refused) {
        return (callback as (e: Error | null, a: string, f: number) => void)(new RefusedAddressError(`${hostname} resolves to a private address (${refused?.address ?? 'none'})`), '', 0);
      }
      if ((options as dns.LookupOptions).all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
      (callback as (e: null, a: string, f: number) => void)(null, list[0].address, list[0].family);
    });
  };
}

/** Resolves a name now and says whether every address is allowed (the check at save time). */
export async function resolvesToAllowed(host: string, policy: UrlPolicy, timeoutMs = 3000): Promise<'ok' | 'private_address' | 'unresolvable'> {
  let timer: NodeJS.Timeout | undefined;
  try {
    // A name no DNS server answers for must not hold the admin's request (nor a worker) for long.
    const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('DNS timeout')), timeoutMs)));
    const addresses = await Promise.race([dns.promises.lookup(host, { all: true }), timeout]);
    if (!addresses.length) return 'unresolvable';
    return addresses.every((a) => addressAllowed(a.address, policy)) ? 'ok' : 'private_address';
  } catch {
    return 'unresolvable';
  } finally {
    clearTimeout(timer);
  }
}

const describe = (err: unknown) => {
  const e = err as NodeJS.ErrnoException;
  return (e instanceof RefusedAddressError ? `refused: ${e.message}` : e?.code ? `${e.code}: ${e.message}` : String(e?.message ?? e)).slice(0, 300);
};

/** POSTs `body` with `headers`; never throws: what happened is in the result. */
export function postWebhook(rawUrl: string, body: string, headers: Record<string, string>, options: { timeoutMs: number; policy: UrlPolicy }): Promise<SendResult> {
  const started = Date.now();
  const done = (r: Omit<SendResult, 'durationMs'>): SendResult => ({ ...r, durationMs: Date.now() - started });
  const check = checkWebhookUrl(rawUrl, options.policy);
  if (!check.ok) return Promise.resolve(done({ statusCode: null, responseSnippet: null, error: `refused: ${check.reason}` }));
  const url = check.url;
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (r: Omit<SendResult, 'durationMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(done(r));
    };
    const req = client.request(
      url,
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), 'User-Agent': 'Guichet-Webhooks/1', ...headers },
        lookup: guardedLookup(options.policy),
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let read = 0;
        res.on('data', (chunk: Buffer) => {
          if (read < MAX_READ_BYTES) chunks.push(chunk);
          read += chunk.length;
        });
        const end = () => finish({ statusCode: res.statusCode ?? null, responseSnippet: Buffer.concat(chunks).toString('utf8').slice(0, SNIPPET_CHARS) || null, error: null });
        res.on('end', end);
        res.on('error', end);
      },
    );
    // The whole exchange, connection to last byte, within the timeout.
    const timer = setTimeout(() => {
      finish({ statusCode: null, responseSnippet: null, error: `timeout: no answer within ${options.timeoutMs} ms` });
      req.destroy();
    }, options.timeoutMs);
    req.on('error', (err) => finish({ statusCode: null, responseSnippet: null, error: describe(err) }));
    req.end(body);
  });
}
