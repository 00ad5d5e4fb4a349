/** A resource list: resource name → amount in nano-units. Pure helpers, never mutating their inputs. */
import { formatQuantity } from './parse-quantity.js';

export type ResourceList = Record<string, bigint>;

/**
 * Resource names come from manifests in the pull request: a `__proto__` "resource" must stay an own
 * key (never the list's prototype), and reads must not see inherited members (`constructor`).
 */
export function setOwn<T>(obj: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__')
    Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

const own = (l: ResourceList, k: string): bigint | undefined => (Object.hasOwn(l, k) ? l[k] : undefined);

export function addLists(a: ResourceList, b: ResourceList): ResourceList {
  const out: ResourceList = { ...a };
  for (const [k, v] of Object.entries(b)) setOwn(out, k, (own(out, k) ?? 0n) + v);
  return out;
}

/** Adds b into a, in place (for accumulators owned by the caller). */
export function addInto(a: ResourceList, b: ResourceList): void {
  for (const k of Object.keys(b)) setOwn(a, k, (own(a, k) ?? 0n) + (b[k] as bigint));
}

/** Adds b × factor into a, in place. */
export function addScaledInto(a: ResourceList, b: ResourceList, factor: number): void {
  const f = BigInt(factor);
  for (const k of Object.keys(b)) setOwn(a, k, (own(a, k) ?? 0n) + (b[k] as bigint) * f);
}

export function subtractLists(a: ResourceList, b: ResourceList): ResourceList {
  const out: ResourceList = { ...a };
  for (const [k, v] of Object.entries(b)) setOwn(out, k, (own(out, k) ?? 0n) - v);
  return out;
}

/** Per-resource maximum; a resource present in only one list keeps its value. */
export function maxLists(a: ResourceList, b: ResourceList): ResourceList {
  const out: ResourceList = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const cur = own(out, k);
    if (cur === undefined || v > cur) setOwn(out, k, v);
  }
  return out;
}

/** Per-resource maximum of a and b, into a (in place). */
export function maxInto(a: ResourceList, b: ResourceList): void {
  for (const k of Object.keys(b)) {
    const v = b[k] as bigint;
    const cur = own(a, k);
    if (cur === undefined || v > cur) setOwn(a, k, v);
  }
}

export function scaleList(a: ResourceList, factor: number | bigint): ResourceList {
  const f = BigInt(factor);
  const out: ResourceList = {};
  for (const [k, v] of Object.entries(a)) setOwn(out, k, v * f);
  return out;
}

/** Resources whose canonical form uses binary suffixes. */
export function isByteResource(name: string): boolean {
  return (
    name === 'memory' || name === 'ephemeral-storage' || name === 'storage' || name.startsWith('hugepages-')
  );
}

export function formatResource(name: string, nanos: bigint): string {
  return formatQuantity(nanos, { binary: isByteResource(name) });
}
