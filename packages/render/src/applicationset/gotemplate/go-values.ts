/**
 * How Go sees the JSON values an ApplicationSet template works on.
 *
 * Value model (Go type ← JS representation):
 * - invalid reflect.Value ("no value", a missing map key) ← `undefined`
 * - nil interface ← `null`
 * - string, bool ← string, boolean
 * - float64 (every JSON number: Argo decodes params with encoding/json) ← `number`
 * - int / int64 (template integer literals, `len`, sprig `add`, `int`…) ← `bigint`
 * - []interface{} ← array, map[string]interface{} ← plain object
 *
 * Keeping ints and floats apart reproduces Go's real behaviour, e.g. `eq .replicas 3` is an
 * "incompatible types for comparison" error when `.replicas` came from JSON (float64).
 */

import { compareStrings as cmp, isPlainRecord, setOwn } from '@neuroscale/core';

export type GoValue = undefined | null | string | boolean | number | bigint | GoValue[] | GoMap;
export interface GoMap {
  [key: string]: GoValue;
}

export class GoError extends Error {}

export function isMap(v: unknown): v is GoMap {
  return isPlainRecord(v);
}

export function goTypeName(v: GoValue): string {
  if (v === undefined) return 'invalid';
  if (v === null) return 'interface {}';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return 'float64';
  if (typeof v === 'bigint') return 'int';
  if (Array.isArray(v)) return '[]interface {}';
  return 'map[string]interface {}';
}

/** text/template `isTrue`. */
export function isTrue(v: GoValue): boolean {
  if (v === undefined || v === null) return false;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') return v.length > 0;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'bigint') return v !== 0n;
  if (Array.isArray(v)) return v.length > 0;
  return Object.keys(v).length > 0;
}

/** Go `strconv.FormatFloat(f, 'g', -1, 64)` as used by `%v`: exponent form when exp < -4 || exp >= 21 for shortest? No: 6. */
export function formatFloatV(f: number): string {
  if (Number.isNaN(f)) return 'NaN';
  if (f === Number.POSITIVE_INFINITY) return '+Inf';
  if (f === Number.NEGATIVE_INFINITY) return '-Inf';
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  const neg = f < 0;
  // shortest round-trip digits
  const [mant, expStr] = Math.abs(f).toExponential().split('e') as [string, string];
  const digits = mant.replace('.', '');
  const exp = Number(expStr);
  let out: string;
  if (exp < -4 || exp >= 6) {
    // %e with shortest precision, exponent at least two digits
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const e = Math.abs(exp);
    out = `${m}e${exp < 0 ? '-' : '+'}${e < 10 ? '0' : ''}${e}`;
  } else if (exp < 0) {
    out = `0.${'0'.repeat(-exp - 1)}${digits}`;
  } else if (digits.length <= exp + 1) {
    out = digits + '0'.repeat(exp + 1 - digits.length);
  } else {
    out = `${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
  }
  return neg ? `-${out}` : out;
}

/** `fmt.Sprint("%v", v)` for one operand; `nested` marks values inside a map or slice. */
export function formatV(v: GoValue): string {
  if (v === undefined || v === null) return '<nil>';
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return formatFloatV(v);
  if (typeof v === 'bigint') return v.toString();
  if (Array.isArray(v)) return `[${v.map(formatV).join(' ')}]`;
  const keys = Object.keys(v).sort(cmp);
  return `map[${keys.map((k) => `${k}:${formatV(v[k])}`).join(' ')}]`;
}

/** What `{{ pipeline }}` prints: a nil or missing value prints `<no value>`. */
export function printValue(v: GoValue): string {
  if (v === undefined || v === null) return '<no value>';
  return formatV(v);
}

/** fmt.Sprint semantics: a space between operands when neither side is a string. */
export function sprint(args: GoValue[]): string {
  let out = '';
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (i > 0 && typeof a !== 'string' && typeof args[i - 1] !== 'string') out += ' ';
    out += formatV(a as GoValue);
  }
  return out;
}

export { cmp };

/** Go strconv.Quote (for `%q`, sprig `quote`). */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    switch (ch) {
      case '"':
        out += '\\"';
        continue;
      case '\\':
        out += '\\\\';
        continue;
      case '\n':
        out += '\\n';
        continue;
      case '\t':
        out += '\\t';
        continue;
      case '\r':
        out += '\\r';
        continue;
      case '\x07':
        out += '\\a';
        continue;
      case '\b':
        out += '\\b';
        continue;
      case '\f':
        out += '\\f';
        continue;
      case '\v':
        out += '\\v';
        continue;
    }
    if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else if (c >= 0xd800 && c <= 0xdfff) out += '\\ufffd';
    else out += ch;
  }
  return out + '"';
}

/** Go encoding/json Marshal: sorted map keys, HTML-safe escapes, float64 formatting like Go. */
export function goJson(v: GoValue, options: { indent?: string; escapeHtml?: boolean } = {}): string {
  const text = JSON.stringify(toJsonValue(v), null, options.indent) ?? 'null';
  const escaped = text.replace(/[\u2028\u2029]/g, (c) => (c === '\u2028' ? '\\u2028' : '\\u2029'));
  if (options.escapeHtml === false) return escaped;
  return escaped.replace(/[<>&]/g, (c) => (c === '<' ? '\\u003c' : c === '>' ? '\\u003e' : '\\u0026'));
}

function toJsonValue(v: GoValue): unknown {
  if (v === undefined || v === null) return null;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (Array.isArray(v)) return v.map(toJsonValue);
  if (typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort(cmp)) setOwn(out, k, toJsonValue(v[k]));
    return out;
  }
  return v;
}

/** JSON data (from YAML/JSON parsing) → Go values: every number is float64. */
export function fromJsonData(v: unknown): GoValue {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string' || typeof v === 'boolean' || typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (Array.isArray(v)) return v.map(fromJsonData);
  if (typeof v === 'object') {
    const out: GoMap = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) setOwn(out, k, fromJsonData(x));
    return out;
  }
  return String(v);
}

/** Go values → JSON data (ints become numbers, missing becomes null). */
export function toJsonData(v: GoValue): unknown {
  return toJsonValue(v);
}

/** UTF-8 byte length (Go `len` of a string). */
export function byteLength(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}
