/** Kubernetes `semver` library (blang/semver strict parsing; `normalize` accepts `v` and missing parts). */
import type { CelLibrary } from '../adapter/index.js';
import { fail } from './errors.js';

export class Semver {
  constructor(
    readonly major: bigint,
    readonly minor: bigint,
    readonly patch: bigint,
    readonly pre: string[],
  ) {}
}

const NUM = '(0|[1-9]\\d*)';
const STRICT = new RegExp(
  `^${NUM}\\.${NUM}\\.${NUM}(?:-([0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*))?(?:\\+([0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*))?$`,
);

export function parseSemver(s: string, normalize = false): Semver | undefined {
  let text = s;
  if (normalize) {
    if (text.startsWith('v')) text = text.slice(1);
    const m = /^(\d+)(?:\.(\d+))?(?:\.(\d+))?(.*)$/.exec(text);
    if (m) text = `${Number(m[1])}.${Number(m[2] ?? 0)}.${Number(m[3] ?? 0)}${m[4]}`;
  }
  const m = STRICT.exec(text);
  if (!m) return undefined;
  const pre = m[4] ? m[4].split('.') : [];
  if (pre.some((p) => /^\d+$/.test(p) && p.length > 1 && p.startsWith('0'))) return undefined;
  return new Semver(BigInt(m[1]!), BigInt(m[2]!), BigInt(m[3]!), pre);
}

export function compareSemver(a: Semver, b: Semver): number {
  for (const k of ['major', 'minor', 'patch'] as const) if (a[k] !== b[k]) return a[k] < b[k] ? -1 : 1;
  if (a.pre.length === 0 || b.pre.length === 0)
    return b.pre.length - a.pre.length === 0 ? 0 : a.pre.length === 0 ? 1 : -1;
  for (let i = 0; i < Math.min(a.pre.length, b.pre.length); i++) {
    const x = a.pre[i]!;
    const y = b.pre[i]!;
    if (x === y) continue;
    const xn = /^\d+$/.test(x);
    const yn = /^\d+$/.test(y);
    if (xn && yn) return BigInt(x) < BigInt(y) ? -1 : 1;
    if (xn !== yn) return xn ? -1 : 1;
    return x < y ? -1 : 1;
  }
  return Math.sign(a.pre.length - b.pre.length);
}

const must = (s: string, n = false) =>
  parseSemver(s, n) ?? fail(`could not parse ${JSON.stringify(s)} as semver`);

export const k8sSemver: CelLibrary = {
  name: 'kubernetes semver',
  install(b) {
    b.type('kubernetes.Semver', Semver);
    b.fn('semver(string): kubernetes.Semver', (s: string) => must(s));
    b.fn('semver(string, bool): kubernetes.Semver', (s: string, n: boolean) => must(s, n));
    b.fn('isSemver(string): bool', (s: string) => parseSemver(s) !== undefined);
    b.fn('isSemver(string, bool): bool', (s: string, n: boolean) => parseSemver(s, n) !== undefined);
    b.fn(
      'kubernetes.Semver.isGreaterThan(kubernetes.Semver): bool',
      (a: Semver, c: Semver) => compareSemver(a, c) > 0,
    );
    b.fn(
      'kubernetes.Semver.isLessThan(kubernetes.Semver): bool',
      (a: Semver, c: Semver) => compareSemver(a, c) < 0,
    );
    b.fn('kubernetes.Semver.compareTo(kubernetes.Semver): int', (a: Semver, c: Semver) =>
      BigInt(compareSemver(a, c)),
    );
    b.fn('kubernetes.Semver.major(): int', (a: Semver) => a.major);
    b.fn('kubernetes.Semver.minor(): int', (a: Semver) => a.minor);
    b.fn('kubernetes.Semver.patch(): int', (a: Semver) => a.patch);
  },
};
