// Where a webhook may be sent (against server-side request forgery): only http and https URLs
// without credentials in them; in production, not to a private, loopback, link-local or
// otherwise reserved address (checked on the name's addresses at each delivery, so a name that
// later points inside is refused too), unless WEBHOOKS_ALLOW_PRIVATE_ADDRESSES says so.
import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

const blocked = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  blocked.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  blocked.addSubnet(net, prefix, 'ipv6');

/** Whether an address is one a webhook may not reach (private, loopback, link-local, reserved). */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return blocked.check(address, 'ipv4');
  if (family === 6) {
    // an IPv4 address written as IPv6 (::ffff:10.0.0.1) is judged as the IPv4 one
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    return mapped ? blocked.check(mapped[1]!, 'ipv4') : blocked.check(address, 'ipv6');
  }
  return true;
}

/** The URL's own refusal, before any name is resolved: null when it may be used. */
export function urlProblem(raw: string): 'url' | 'scheme' | 'credentials' | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'url';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'scheme';
  if (url.username || url.password) return 'credentials';
  return null;
}

/** Whether the URL may be called now: its scheme, and (unless allowed) every address its host has. */
export async function mayDeliverTo(raw: string, allowPrivate: boolean): Promise<{ ok: true } | { ok: false; reason: string }> {
  const problem = urlProblem(raw);
  if (problem) return { ok: false, reason: problem };
  if (allowPrivate) return { ok: true };
  const host = new URL(raw).hostname.replace(/^\[|\]$/g, '');
  const addresses = isIP(host) ? [host] : (await lookup(host, { all: true }).catch(() => [])).map((a) => a.address);
  if (addresses.length === 0) return { ok: false, reason: 'unresolved' };
  if (addresses.some(isPrivateAddress)) return { ok: false, reason: 'private address' };
  return { ok: true };
}
