/** Kubernetes `ip` and `cidr` libraries (netip semantics: no zones, no IPv4-mapped IPv6, no leading zeros). */
import { isIPv4, isIPv6 } from 'node:net';
import type { CelLibrary } from '../adapter/index.js';
import { fail } from './errors.js';

export class IP {
  constructor(
    /** 4 or 16 bytes */
    readonly bytes: Uint8Array,
  ) {}
  get family(): 4 | 6 {
    return this.bytes.length === 4 ? 4 : 6;
  }
  toString(): string {
    if (this.family === 4) return Array.from(this.bytes).join('.');
    const groups: string[] = [];
    for (let i = 0; i < 16; i += 2) groups.push(((this.bytes[i]! << 8) | this.bytes[i + 1]!).toString(16));
    // longest run of zero groups (≥ 2) collapses to ::
    let bestStart = -1;
    let bestLen = 0;
    for (let i = 0; i < 8; ) {
      if (groups[i] !== '0') {
        i++;
        continue;
      }
      let j = i;
      while (j < 8 && groups[j] === '0') j++;
      if (j - i > bestLen && j - i >= 2) {
        bestStart = i;
        bestLen = j - i;
      }
      i = j;
    }
    if (bestStart < 0) return groups.join(':');
    return `${groups.slice(0, bestStart).join(':')}::${groups.slice(bestStart + bestLen).join(':')}`;
  }
}

export class CIDR {
  constructor(
    readonly ip: IP,
    readonly prefix: number,
  ) {}
  toString(): string {
    return `${this.ip}/${this.prefix}`;
  }
}

function parseIP(s: string): IP | undefined {
  if (isIPv4(s)) {
    const parts = s.split('.');
    if (parts.some((p) => p.length > 1 && p.startsWith('0'))) return undefined;
    return new IP(new Uint8Array(parts.map(Number)));
  }
  if (!isIPv6(s) || s.includes('%')) return undefined;
  let text = s;
  const tail: number[] = [];
  const lastColon = text.lastIndexOf(':');
  if (text.slice(lastColon + 1).includes('.')) {
    const v4 = parseIP(text.slice(lastColon + 1));
    if (!v4) return undefined;
    tail.push(...v4.bytes);
    text = `${text.slice(0, lastColon + 1)}0:0`;
  }
  const [head = '', rest] = text.split('::');
  const h = head ? head.split(':') : [];
  const r = rest !== undefined && rest !== '' ? rest.split(':') : [];
  const groups = rest === undefined ? h : [...h, ...Array(8 - h.length - r.length).fill('0'), ...r];
  const bytes = new Uint8Array(16);
  groups.forEach((g, i) => {
    const v = Number.parseInt(g, 16);
    bytes[i * 2] = v >> 8;
    bytes[i * 2 + 1] = v & 0xff;
  });
  if (tail.length) bytes.set(tail, 12);
  // IPv4-mapped IPv6 addresses are rejected by the Kubernetes library
  if (bytes.slice(0, 10).every((x) => x === 0) && bytes[10] === 0xff && bytes[11] === 0xff) return undefined;
  return new IP(bytes);
}

function mustIP(s: string): IP {
  const ip = parseIP(s);
  if (!ip) fail(`IP Address ${JSON.stringify(s)} parse error during conversion from string`);
  return ip;
}

function parseCIDR(s: string): CIDR | undefined {
  const slash = s.indexOf('/');
  if (slash < 0) return undefined;
  const ip = parseIP(s.slice(0, slash));
  const p = s.slice(slash + 1);
  if (!ip || !/^\d+$/.test(p) || (p.length > 1 && p.startsWith('0'))) return undefined;
  const prefix = Number(p);
  if (prefix > ip.bytes.length * 8) return undefined;
  return new CIDR(ip, prefix);
}

function mustCIDR(s: string): CIDR {
  const c = parseCIDR(s);
  if (!c) fail(`network address ${JSON.stringify(s)} parse error during conversion from string`);
  return c;
}

function masked(c: CIDR): CIDR {
  const bytes = new Uint8Array(c.ip.bytes);
  for (let i = 0; i < bytes.length; i++) {
    const bits = Math.max(0, Math.min(8, c.prefix - i * 8));
    bytes[i] = bytes[i]! & ((0xff << (8 - bits)) & 0xff);
  }
  return new CIDR(new IP(bytes), c.prefix);
}

function contains(c: CIDR, ip: IP): boolean {
  if (ip.family !== c.ip.family) return false;
  const a = masked(c).ip.bytes;
  const b = masked(new CIDR(ip, c.prefix)).ip.bytes;
  return a.every((x, i) => x === b[i]);
}

const isLoopback = (ip: IP) =>
  ip.family === 4 ? ip.bytes[0] === 127 : ip.bytes.slice(0, 15).every((x) => x === 0) && ip.bytes[15] === 1;
const isUnspecified = (ip: IP) => ip.bytes.every((x) => x === 0);

export const k8sIpCidr: CelLibrary = {
  name: 'kubernetes ip/cidr',
  install(b) {
    b.type('net.IP', IP).type('net.CIDR', CIDR);
    b.fn('ip(string): net.IP', mustIP);
    b.fn('isIP(string): bool', (s: string) => parseIP(s) !== undefined);
    b.namespace('ip', 'IpNamespace');
    b.fn('IpNamespace.isCanonical(string): bool', (_: unknown, s: string) => mustIP(s).toString() === s);
    b.fn('net.IP.family(): int', (ip: IP) => BigInt(ip.family));
    b.fn('net.IP.isUnspecified(): bool', isUnspecified);
    b.fn('net.IP.isLoopback(): bool', isLoopback);
    b.fn('net.IP.isLinkLocalMulticast(): bool', (ip: IP) =>
      ip.family === 4
        ? ip.bytes[0] === 224 && ip.bytes[1] === 0 && ip.bytes[2] === 0
        : ip.bytes[0] === 0xff && (ip.bytes[1]! & 0x0f) === 0x02,
    );
    b.fn('net.IP.isLinkLocalUnicast(): bool', (ip: IP) =>
      ip.family === 4
        ? ip.bytes[0] === 169 && ip.bytes[1] === 254
        : ip.bytes[0] === 0xfe && (ip.bytes[1]! & 0xc0) === 0x80,
    );
    b.fn('net.IP.isGlobalUnicast(): bool', (ip: IP) => {
      if (isUnspecified(ip) || isLoopback(ip)) return false;
      if (ip.family === 4)
        return !(
          ip.bytes[0]! >= 224 ||
          (ip.bytes[0] === 169 && ip.bytes[1] === 254) ||
          ip.bytes.every((x) => x === 255)
        );
      return !(ip.bytes[0] === 0xff || (ip.bytes[0] === 0xfe && (ip.bytes[1]! & 0xc0) === 0x80));
    });
    b.fn('string(net.IP): string', (ip: IP) => ip.toString());
    b.fn('cidr(string): net.CIDR', mustCIDR);
    b.fn('isCIDR(string): bool', (s: string) => parseCIDR(s) !== undefined);
    b.fn('net.CIDR.containsIP(string): bool', (c: CIDR, s: string) => contains(c, mustIP(s)));
    b.fn('net.CIDR.containsIP(net.IP): bool', contains);
    b.fn('net.CIDR.containsCIDR(string): bool', (c: CIDR, s: string) => {
      const o = mustCIDR(s);
      return o.prefix >= c.prefix && contains(c, o.ip);
    });
    b.fn(
      'net.CIDR.containsCIDR(net.CIDR): bool',
      (c: CIDR, o: CIDR) => o.prefix >= c.prefix && contains(c, o.ip),
    );
    b.fn('net.CIDR.ip(): net.IP', (c: CIDR) => c.ip);
    b.fn('net.CIDR.prefixLength(): int', (c: CIDR) => BigInt(c.prefix));
    b.fn('net.CIDR.masked(): net.CIDR', masked);
    b.fn('string(net.CIDR): string', (c: CIDR) => c.toString());
  },
};
