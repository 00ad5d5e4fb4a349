/** CEL equality and ordering for library functions (numbers compared across int/uint/double). */
import { Duration } from '../adapter/index.js';
import { fail } from './errors.js';

const num = (v: unknown): number | bigint | undefined =>
  typeof v === 'bigint' || typeof v === 'number'
    ? v
    : typeof (v as { valueOf?: unknown })?.valueOf === 'function' &&
        (v as object)?.constructor?.name === 'UnsignedInt'
      ? (v as { valueOf(): bigint }).valueOf()
      : undefined;

function numbersEqual(a: number | bigint, b: number | bigint): boolean {
  if (typeof a === typeof b) return a === b;
  const [big, num] = typeof a === 'bigint' ? [a, b as number] : [b as bigint, a as number];
  return Number.isInteger(num) && big === BigInt(num);
}

export function celEquals(a: unknown, b: unknown): boolean {
  const na = num(a);
  const nb = num(b);
  if (na !== undefined && nb !== undefined) return numbersEqual(na, nb);
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (a instanceof Duration && b instanceof Duration) return a.valueOf() === b.valueOf();
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((x, i) => celEquals(x, b[i]));
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    if (a instanceof Uint8Array && b instanceof Uint8Array) return Buffer.from(a).equals(Buffer.from(b));
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return (
      ka.length === kb.length &&
      ka.every(
        (k) => k in b && celEquals((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
      )
    );
  }
  return a === b;
}

/** Ordering of two comparable CEL values; throws for incomparable ones. */
export function celCompare(a: unknown, b: unknown): number {
  const na = num(a);
  const nb = num(b);
  if (na !== undefined && nb !== undefined) return na < nb ? -1 : na > nb ? 1 : 0;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  if (a instanceof Date && b instanceof Date) return a.getTime() - b.getTime();
  if (a instanceof Duration && b instanceof Duration) return Math.sign(a.valueOf() - b.valueOf());
  if (a instanceof Uint8Array && b instanceof Uint8Array)
    return Buffer.compare(Buffer.from(a), Buffer.from(b));
  return fail(`no such overload: ordering of ${typeof a} and ${typeof b}`);
}
