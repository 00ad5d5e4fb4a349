/** A resource list: resource name → amount in nano-units. Pure helpers, never mutating their inputs. */
import { formatQuantity } from './parse-quantity.js';

export type ResourceList = Record<string, bigint>;

export function addLists(a: ResourceList, b: ResourceList): ResourceList {
  const out: ResourceList = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = (out[k] ?? 0n) + v;
  return out;
}

/** Adds b into a, in place (for accumulators owned by the caller). */
export function addInto(a: ResourceList, b: ResourceList): void {
  for (const k in b) a[k] = (a[k] ?? 0n) + (b[k] as bigint);
}

/** Adds b × factor into a, in place. */
export function addScaledInto(a: ResourceList, b: ResourceList, factor: number): void {
  const f = BigInt(factor);
  for (const k in b) a[k] = (a[k] ?? 0n) + (b[k] as bigint) * f;
}

export function subtractLists(a: ResourceList, b: ResourceList): ResourceList {
  const out: ResourceList = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = (out[k] ?? 0n) - v;
  return out;
}

/** Per-resource maximum; a resource present in only one list keeps its value. */
export function maxLists(a: ResourceList, b: ResourceList): ResourceList {
  const out: ResourceList = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const cur = out[k];
    if (cur === undefined || v > cur) out[k] = v;
  }
  return out;
}

/** Per-resource maximum of a and b, into a (in place). */
export function maxInto(a: ResourceList, b: ResourceList): void {
  for (const k in b) {
    const v = b[k] as bigint;
    const cur = a[k];
    if (cur === undefined || v > cur) a[k] = v;
  }
}

export function scaleList(a: ResourceList, factor: number | bigint): ResourceList {
  const f = BigInt(factor);
  const out: ResourceList = {};
  for (const [k, v] of Object.entries(a)) out[k] = v * f;
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
