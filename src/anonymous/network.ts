// The network a request comes from, as the abuse limits count it: an IPv4 address's /24, an
// IPv6 address's /56 (what one household or small office usually gets from its provider), an
// IPv4-mapped IPv6 address as the IPv4 one. Pure.
import { isIPv4, isIPv6 } from 'node:net';

/** The IPv6 address as its eight 16-bit groups, or null. */
function ipv6Groups(address: string): number[] | null {
  let text = address.split('%')[0]!.toLowerCase();
  // an embedded IPv4 tail (::ffff:192.0.2.1) becomes two groups
  const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (tail) {
    const [a, b, c, d] = tail[1]!.split('.').map(Number) as [number, number, number, number];
    text = `${text.slice(0, -tail[1]!.length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, rest] = text.split('::') as [string, string | undefined];
  const part = (s: string | undefined) => (s ? s.split(':').map((g) => parseInt(g, 16)) : []);
  const left = part(head);
  const right = part(rest);
  const groups = rest === undefined ? left : [...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right];
  return groups.length === 8 && groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : null;
}

export function networkKey(address: string): string {
  if (isIPv4(address)) return `${address.split('.').slice(0, 3).join('.')}.0/24`;
  if (isIPv6(address)) {
    const groups = ipv6Groups(address);
    if (!groups) return 'unknown';
    // ::ffff:a.b.c.d is an IPv4 client seen through a dual-stack socket
    if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
      return networkKey([groups[6]! >> 8, groups[6]! & 0xff, groups[7]! >> 8, groups[7]! & 0xff].join('.'));
    }
    const hex = (g: number) => g.toString(16).padStart(4, '0');
    return `${hex(groups[0]!)}:${hex(groups[1]!)}:${hex(groups[2]!)}:${hex(groups[3]! & 0xff00)}::/56`;
  }
  return 'unknown';
}
