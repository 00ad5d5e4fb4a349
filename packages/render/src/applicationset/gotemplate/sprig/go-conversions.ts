/**
 * Value conversions shared by the sprig functions: sprig's own helpers (`strval`, `strslice`, `empty`) and
 * the spf13/cast conversions its math uses (sprig v3 defaults.go, numeric.go, list.go).
 */
import { formatV, GoError, type GoValue, goJson, goTypeName } from '../go-values.js';

/** sprig `strval`. */
export function strval(v: GoValue): string {
  if (typeof v === 'string') return v;
  return formatV(v);
}

export const asInt64 = (n: bigint) => BigInt.asIntN(64, n);

/** spf13/cast ToInt64 as used by sprig math (invalid input → 0). */
export function toInt64(v: GoValue): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? asInt64(BigInt(Math.trunc(v))) : 0n;
  if (typeof v === 'boolean') return v ? 1n : 0n;
  if (typeof v === 'string') {
    const s = v.replace(/\.0*$/, '');
    const m = /^([+-]?)(0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO][0-7]+|0[0-7]*|[1-9][0-9]*)$/.exec(s);
    if (!m) return 0n;
    const body = m[2]!;
    let n: bigint;
    if (/^0[xXbBoO]/.test(body)) n = BigInt(body.toLowerCase());
    else if (body.length > 1 && body.startsWith('0')) n = BigInt('0o' + body.slice(1));
    else n = BigInt(body);
    n = m[1] === '-' ? -n : n;
    return n > 9223372036854775807n || n < -9223372036854775808n ? 0n : n;
  }
  return 0n;
}

export function toFloat64(v: GoValue): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string') {
    const f = Number(v.replace(/_/g, ''));
    return v.trim() !== '' && !Number.isNaN(f) && /^[+-]?(\d|\.\d|inf|Inf|NaN)/.test(v) ? f : 0;
  }
  return 0;
}

/** sprig `empty`. */
export function empty(v: GoValue): boolean {
  if (v === undefined || v === null) return true;
  if (typeof v === 'string') return v.length === 0;
  if (typeof v === 'boolean') return !v;
  if (typeof v === 'number') return v === 0;
  if (typeof v === 'bigint') return v === 0n;
  if (Array.isArray(v)) return v.length === 0;
  return Object.keys(v).length === 0;
}

/** sprig `strslice`. */
export function strslice(v: GoValue): string[] {
  if (Array.isArray(v)) return v.filter((x) => x !== null && x !== undefined).map(strval);
  if (v === null || v === undefined) return [];
  return [strval(v)];
}

export function asList(v: GoValue, fnName: string): GoValue[] {
  if (Array.isArray(v)) return v;
  if (v === null || v === undefined) return [];
  throw new GoError(`Cannot find ${fnName} on type ${goTypeName(v)}`);
}

export function deepEqual(a: GoValue, b: GoValue): boolean {
  return goJson(a) === goJson(b) && goTypeName(a) === goTypeName(b);
}
