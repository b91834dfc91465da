import { BlockList, isIP } from 'node:net';

/*
 * Where a webhook may go. Guichet sends requests on an admin's behalf from inside the shop's
 * network, so an address that reaches something private (the database, a cloud metadata
 * service, a router) is refused (server-side request forgery): checked when the URL is saved,
 * on the literal host, and again at each delivery on every address the name resolves to.
 */

export type UrlRefusal = 'invalid_url' | 'https_required' | 'credentials_in_url' | 'private_address' | 'unresolvable';

export interface UrlPolicy {
  /** Development and tests: plain http (and https) to this machine's loopback addresses. */
  allowLoopbackHttp: boolean;
}

const blocked = new BlockList();
// IPv4: "this network", private, carrier-grade NAT, loopback, link-local (cloud metadata), IETF protocol, documentation, benchmarking, multicast, reserved, broadcast
for (const [net, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12], ['192.0.0.0', 24], ['192.0.2.0', 24],
  ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24], ['203.0.113.0', 24], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) blocked.addSubnet(net, prefix, 'ipv4');
// IPv6: unspecified, loopback, IPv4-mapped and NAT64 (checked on their IPv4 too), discard, documentation, unique local, link-local, site-local, multicast
for (const [net, prefix] of [
  ['::', 128], ['::1', 128], ['64:ff9b::', 96], ['64:ff9b:1::', 48], ['100::', 64], ['2001:db8::', 32], ['fc00::', 7], ['fe80::', 10], ['fec0::', 10], ['ff00::', 8],
] as const) blocked.addSubnet(net, prefix, 'ipv6');

const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

/** The IPv4 address inside an IPv4-mapped IPv6 one (`::ffff:10.0.0.1`, `::ffff:a00:1`), else null. */
function mappedIpv4(address: string): string | null {
  const m = /^::ffff:(?:0:)?(.+)$/i.exec(address);
  if (!m) return null;
  if (isIP(m[1]) === 4) return m[1];
  const hex = /^([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(m[1]);
  if (!hex) return null;
  const [hi, lo] = [parseInt(hex[1], 16), parseInt(hex[2], 16)];
  return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
}

export const isLoopbackAddress = (address: string) => {
  const v4 = mappedIpv4(address);
  if (v4) return loopback.check(v4, 'ipv4');
  const family = isIP(address);
  return family ? loopback.check(address, family === 4 ? 'ipv4' : 'ipv6') : false;
};

/** Whether an IP address is one a webhook may reach (never private, link-local, loopback unless allowed…). */
export function addressAllowed(address: string, policy: UrlPolicy): boolean {
  if (policy.allowLoopbackHttp && isLoopbackAddress(address)) return true;
  const v4 = mappedIpv4(address);
  if (v4) return !blocked.check(v4, 'ipv4');
  const family = isIP(address);
  if (!family) return false;
  return !blocked.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

const stripBrackets = (host: string) => host.replace(/^\[|\]$/g, '');

/** Names that are this machine or a private network whatever DNS says. */
const LOCAL_NAME = /(^|\.)(localhost|local|internal|localdomain|home\.arpa)$/i;

export type UrlCheck = { ok: true; url: URL; host: string; literalIp: boolean } | { ok: false; reason: UrlRefusal };

/**
 * The checks that need no DNS: an absolute http(s) URL, https unless loopback is allowed, no
 * user:password, and a literal IP host that is public. A name is checked again once resolved.
 */
export function checkWebhookUrl(raw: string, policy: UrlPolicy): UrlCheck {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'invalid_url' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, reason: 'invalid_url' };
  if (url.username || url.password) return { ok: false, reason: 'credentials_in_url' };
  const host = stripBrackets(url.hostname);
  if (!host) return { ok: false, reason: 'invalid_url' };
  const literalIp = isIP(host) !== 0;
  const toLoopback = literalIp ? isLoopbackAddress(host) : /^localhost$/i.test(host);
  if (url.protocol === 'http:' && !(policy.allowLoopbackHttp && toLoopback)) return { ok: false, reason: 'https_required' };
  if (literalIp && !addressAllowed(host, policy)) return { ok: false, reason: 'private_address' };
  if (!literalIp && LOCAL_NAME.test(host.replace(/\.$/, '')) && !(policy.allowLoopbackHttp && toLoopback)) return { ok: false, reason: 'private_address' };
  return { ok: true, url, host, literalIp };
}
