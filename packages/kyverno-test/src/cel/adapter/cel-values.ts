/**
 * The adapter boundary for values: everything entering CEL (resources, oldObject, namespaceObject,
 * values-file data, context-file objects, function results) goes through `toCel`, so integers are
 * CEL ints (bigint) everywhere — as sigs.k8s.io/yaml does, whole-number floats become int64 too.
 * `fromCel` turns a CEL result back into plain JSON-like data (messages, audit annotations, reports).
 */

import { Optional } from '@marcbachmann/cel-js';
import { Duration } from '@marcbachmann/cel-js/evaluator';
import { setOwn } from '../../engine/jmespath/json.js';

export { Duration, Optional };

function isPlainObject(v: object): v is Record<string, unknown> {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

const SMALL_INTS = 8192;
const smallBigInts: Array<bigint | undefined> = new Array(SMALL_INTS).fill(undefined);

/**
 * Deep conversion into CEL values (the input is never modified; unchanged subtrees are shared). Callers convert each
 * input once (see celObject) — marking converted objects in a WeakSet made every conversion 10×
 * slower, so values are not tagged.
 */
export function toCel(value: unknown): unknown {
  switch (typeof value) {
    case 'number':
      if (!Number.isInteger(value) || Math.abs(value) > Number.MAX_SAFE_INTEGER) return value;
      // ports, replicas, counts: the small non-negative ints share one bigint each (a bigint is a value)
      if (value >= 0 && value < SMALL_INTS) {
        let b = smallBigInts[value];
        if (b === undefined) {
          b = BigInt(value);
          smallBigInts[value] = b;
        }
        return b;
      }
      return BigInt(value);
    case 'string':
    case 'boolean':
    case 'bigint':
      return value;
    case 'undefined':
      return null;
    case 'object': {
      if (value === null) return null;
      if (Array.isArray(value)) return arrayToCel(value);
      if (!isPlainObject(value)) return value; // Date, Duration, Uint8Array, Optional, library types
      return objectToCel(value);
    }
    default:
      return null;
  }
}

/*
 * Copy on change: a subtree whose conversion changes nothing (strings, booleans, no whole numbers, no
 * undefined) is shared with the input instead of copied. CEL never modifies its values and the input is
 * never modified either, so sharing is safe; it spares most of the per-resource allocation (labels,
 * images, names), which was the top cost of applying ValidatingPolicies to 10,000 resources.
 */
function arrayToCel(value: readonly unknown[]): unknown[] {
  let out: unknown[] | undefined;
  for (let i = 0; i < value.length; i++) {
    const v = value[i];
    const c = toCel(v);
    if (out === undefined && c !== v) out = value.slice(0, i);
    if (out !== undefined) out.push(c);
  }
  return out ?? (value as unknown[]);
}

/*
 * The copy is made by spreading the input (own enumerable keys, in order, as own data properties — a
 * `__proto__` key stays a key) and then replacing the converted values: adding the keys one by one to
 * an empty object, with keys that differ from resource to resource, was the slowest part of converting.
 */
function objectToCel(value: Record<string, unknown>): Record<string, unknown> {
  // a null-prototype object is always copied: CEL sees plain objects only, as before
  let out: Record<string, unknown> | undefined =
    Object.getPrototypeOf(value) === null ? { ...value } : undefined;
  // for-in, not Object.keys: no key list allocated per object (the input is a plain or null-prototype
  // object, isPlainObject: for-in visits exactly its own enumerable string keys, in the same order,
  // unless Object.prototype itself has enumerable keys — then they are skipped by the hasOwn check)
  for (const k in value) {
    if (!Object.hasOwn(value, k)) continue;
    const v = value[k];
    if (v === undefined) {
      out ??= { ...value };
      delete out[k];
      continue;
    }
    const c = toCel(v);
    if (c === v) continue;
    out ??= { ...value };
    setOwn(out, k, c);
  }
  return out ?? value;
}

/** Deep conversion out of CEL: bigint → number (string when unsafe), Date → RFC 3339, Optional unwrapped. */
export function fromCel(value: unknown): unknown {
  if (typeof value === 'bigint') {
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)
      ? Number(value)
      : value.toString();
  }
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Optional) return value.hasValue() ? fromCel(value.value()) : null;
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Duration) return celToString(value);
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (Array.isArray(value)) return value.map(fromCel);
  if (value instanceof Map) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of value) setOwn(out, String(k), fromCel(v));
    return out;
  }
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) setOwn(out, k, fromCel(v));
    return out;
  }
  return celToString(value);
}

/** `string(x)`-like rendering for messages. */
export function celToString(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'bigint' || typeof value === 'number' || typeof value === 'boolean')
    return String(value);
  if (value === null || value === undefined) return 'null';
  if (value instanceof Date) return value.toISOString().replace('.000Z', 'Z');
  if (value instanceof Duration) return formatDuration(value);
  if (
    typeof (value as { toString?: unknown }).toString === 'function' &&
    !isPlainObject(value as object) &&
    !Array.isArray(value)
  ) {
    const s = String(value);
    if (s !== '[object Object]') return s;
  }
  return JSON.stringify(fromCel(value));
}

/** Go's time.Duration.String() for a CEL duration. */
export function formatDuration(d: Duration): string {
  const seconds = (d as unknown as { seconds: bigint }).seconds;
  const nanos = (d as unknown as { nanos: number }).nanos;
  const total = seconds * 1_000_000_000n + BigInt(nanos);
  if (total === 0n) return '0s';
  const neg = total < 0n;
  let ns = neg ? -total : total;
  let out = '';
  if (ns < 1_000_000_000n) {
    if (ns < 1000n) out = `${ns}ns`;
    else if (ns < 1_000_000n) out = `${trimFraction(Number(ns) / 1000)}µs`;
    else out = `${trimFraction(Number(ns) / 1_000_000)}ms`;
  } else {
    const h = ns / 3_600_000_000_000n;
    ns -= h * 3_600_000_000_000n;
    const m = ns / 60_000_000_000n;
    ns -= m * 60_000_000_000n;
    const s = Number(ns) / 1e9;
    if (h > 0n) out += `${h}h`;
    if (h > 0n || m > 0n) out += `${m}m`;
    out += `${trimFraction(s)}s`;
  }
  return neg ? `-${out}` : out;
}

function trimFraction(n: number): string {
  return n.toFixed(9).replace(/\.?0+$/, '');
}
