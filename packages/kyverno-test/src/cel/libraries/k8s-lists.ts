/** Kubernetes `lists` (isSorted, sum, min, max, indexOf, lastIndexOf) and `regex` (find, findAll) libraries. */
import { type CelLibrary, chargeBudget, Duration, re2FindAll } from '../adapter/index.js';
import { celCompare, celEquals } from './compare.js';
import { fail } from './errors.js';

function sum(l: unknown[]): unknown {
  chargeBudget(l.length);
  if (l.length === 0) return 0n;
  const first = l[0];
  if (typeof first === 'bigint') {
    let s = 0n;
    for (const x of l) s += x as bigint;
    if (s > 2n ** 63n - 1n || s < -(2n ** 63n)) fail('integer overflow');
    return s;
  }
  if (typeof first === 'number') return l.reduce<number>((a, x) => a + (x as number), 0);
  if (first instanceof Duration)
    return l.slice(1).reduce<Duration>((a, x) => a.addDuration(x as Duration), first);
  return fail('sum() of unsupported element type');
}

function extreme(l: unknown[], max: boolean): unknown {
  chargeBudget(l.length);
  if (l.length === 0) fail(`${max ? 'max' : 'min'} called on empty list`);
  let best = l[0];
  for (const x of l) {
    const c = celCompare(x, best);
    if (max ? c > 0 : c < 0) best = x;
  }
  return best;
}

export const k8sLists: CelLibrary = {
  name: 'kubernetes lists',
  install(b) {
    b.fn('list<dyn>.isSorted(): bool', (l: unknown[]) => {
      chargeBudget(l.length);
      for (let i = 1; i < l.length; i++) if (celCompare(l[i - 1], l[i]) > 0) return false;
      return true;
    });
    b.fn('list<dyn>.sum(): dyn', sum);
    b.fn('list<dyn>.min(): dyn', (l: unknown[]) => extreme(l, false));
    b.fn('list<dyn>.max(): dyn', (l: unknown[]) => extreme(l, true));
    b.fn('list<A>.indexOf(A): int', (l: unknown[], v: unknown) =>
      BigInt(l.findIndex((x) => celEquals(x, v))),
    );
    b.fn('list<A>.lastIndexOf(A): int', (l: unknown[], v: unknown) => {
      for (let i = l.length - 1; i >= 0; i--) if (celEquals(l[i], v)) return BigInt(i);
      return -1n;
    });
  },
};

export const k8sRegex: CelLibrary = {
  name: 'kubernetes regex',
  install(b) {
    b.fn('string.find(string): string', (s: string, p: string) => re2FindAll(s, p, 1)[0] ?? '');
    b.fn('string.findAll(string): list<string>', (s: string, p: string) => re2FindAll(s, p));
    b.fn('string.findAll(string, int): list<string>', (s: string, p: string, n: bigint) =>
      n === 0n ? [] : re2FindAll(s, p, Number(n)),
    );
  },
};
