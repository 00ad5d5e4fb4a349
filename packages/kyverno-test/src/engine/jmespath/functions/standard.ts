import { activeBudget } from '../../evaluation/budget.js';
import { formatGoJSONNumber } from '../../values/go-format.js';
import type { ExpRef, JmesFunction } from '../interpreter.js';
import { isObject, jmesType, setOwn, strictDeepEqual } from '../json.js';
import { checkArgs, fnError } from './signature.js';

/** JSON encoding as go-jmespath's to_string does (Go json.Marshal, compact, sorted keys). */
export function goJSONStringify(v: unknown): string {
  // charged per node and character: `to_string(x | [@,@] | [@,@] …)` is exponential in the text
  activeBudget()?.grow(typeof v === 'string' ? v.length + 2 : 1);
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'number') return formatGoJSONNumber(v);
  if (typeof v === 'string')
    return JSON.stringify(v).replace(
      /[<>&\u2028\u2029]/g,
      (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
    );
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (Array.isArray(v)) return `[${v.map(goJSONStringify).join(',')}]`;
  if (isObject(v)) {
    const keys = Object.keys(v).sort();
    return `{${keys.map((k) => `${goJSONStringify(k)}:${goJSONStringify(v[k])}`).join(',')}}`;
  }
  return 'null';
}

function cmpSortable(name: string, a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  throw fnError(name, 'elements must all be numbers or all be strings');
}

function byKey(name: string, arr: unknown[], ref: ExpRef): Array<{ v: unknown; k: unknown }> {
  const out = arr.map((v) => ({ v, k: ref.call(v) }));
  const first = out[0]?.k;
  const t = jmesType(first);
  if (out.length && t !== 'number' && t !== 'string')
    throw fnError(name, 'expression must evaluate to number or string');
  for (const e of out) if (jmesType(e.k) !== t) throw fnError(name, 'expression must evaluate to one type');
  return out;
}

export const STANDARD_FUNCTIONS: Record<string, JmesFunction> = {
  abs: (a) => {
    checkArgs('abs', a, [['number']]);
    return Math.abs(a[0] as number);
  },
  avg: (a) => {
    checkArgs('avg', a, [['array-number']]);
    const arr = a[0] as number[];
    if (arr.length === 0) return null;
    return arr.reduce((x, y) => x + y, 0) / arr.length;
  },
  ceil: (a) => {
    checkArgs('ceil', a, [['number']]);
    return Math.ceil(a[0] as number);
  },
  floor: (a) => {
    checkArgs('floor', a, [['number']]);
    return Math.floor(a[0] as number);
  },
  contains: (a) => {
    checkArgs('contains', a, [
      ['array', 'string'],
      ['any', 'null'],
    ]);
    const [subject, search] = a;
    if (typeof subject === 'string') return typeof search === 'string' && subject.includes(search);
    return (subject as unknown[]).some((x) => strictDeepEqual(x, search));
  },
  ends_with: (a) => {
    checkArgs('ends_with', a, [['string'], ['string']]);
    return (a[0] as string).endsWith(a[1] as string);
  },
  starts_with: (a) => {
    checkArgs('starts_with', a, [['string'], ['string']]);
    return (a[0] as string).startsWith(a[1] as string);
  },
  join: (a, interp) => {
    checkArgs('join', a, [['string'], ['array-string']]);
    const parts = a[1] as string[];
    const sep = a[0] as string;
    let size = parts.length > 0 ? sep.length * (parts.length - 1) : 0;
    for (const x of parts) size += x.length;
    interp.budget.grow(size); // before building: `join('', [@,@])` chained doubles a string each time
    return parts.join(sep);
  },
  keys: (a) => {
    checkArgs('keys', a, [['object']]);
    return Object.keys(a[0] as object);
  },
  values: (a) => {
    checkArgs('values', a, [['object']]);
    return Object.values(a[0] as object);
  },
  length: (a) => {
    checkArgs('length', a, [['string', 'array', 'object']]);
    const v = a[0];
    if (typeof v === 'string') return Array.from(v).length;
    if (Array.isArray(v)) return v.length;
    return Object.keys(v as object).length;
  },
  map: (a) => {
    checkArgs('map', a, [['expref'], ['array']]);
    const ref = a[0] as ExpRef;
    return (a[1] as unknown[]).map((x) => ref.call(x));
  },
  max: (a) => {
    checkArgs('max', a, [['array-number', 'array-string']]);
    const arr = a[0] as Array<number | string>;
    if (arr.length === 0) return null;
    return arr.reduce((x, y) => (y > x ? y : x));
  },
  min: (a) => {
    checkArgs('min', a, [['array-number', 'array-string']]);
    const arr = a[0] as Array<number | string>;
    if (arr.length === 0) return null;
    return arr.reduce((x, y) => (y < x ? y : x));
  },
  max_by: (a) => {
    checkArgs('max_by', a, [['array'], ['expref']]);
    const items = byKey('max_by', a[0] as unknown[], a[1] as ExpRef);
    if (items.length === 0) return null;
    return items.reduce((x, y) => (cmpSortable('max_by', y.k, x.k) > 0 ? y : x)).v;
  },
  min_by: (a) => {
    checkArgs('min_by', a, [['array'], ['expref']]);
    const items = byKey('min_by', a[0] as unknown[], a[1] as ExpRef);
    if (items.length === 0) return null;
    return items.reduce((x, y) => (cmpSortable('min_by', y.k, x.k) < 0 ? y : x)).v;
  },
  merge: (a) => {
    checkArgs('merge', a, [['object']], true);
    // not Object.assign: it would turn a `__proto__` key of an argument into the result's prototype
    const out: Record<string, unknown> = {};
    for (const o of a as Array<Record<string, unknown>>) for (const k of Object.keys(o)) setOwn(out, k, o[k]);
    return out;
  },
  not_null: (a) => {
    checkArgs('not_null', a, [['any', 'null']], true);
    for (const v of a) if (v !== null && v !== undefined) return v;
    return null;
  },
  reverse: (a) => {
    checkArgs('reverse', a, [['string', 'array']]);
    const v = a[0];
    if (typeof v === 'string') return Array.from(v).reverse().join('');
    return [...(v as unknown[])].reverse();
  },
  sort: (a) => {
    checkArgs('sort', a, [['array-number', 'array-string']]);
    return [...(a[0] as Array<number | string>)].sort((x, y) => cmpSortable('sort', x, y));
  },
  sort_by: (a) => {
    checkArgs('sort_by', a, [['array'], ['expref']]);
    const items = byKey('sort_by', a[0] as unknown[], a[1] as ExpRef);
    return items.sort((x, y) => cmpSortable('sort_by', x.k, y.k)).map((e) => e.v);
  },
  to_array: (a) => {
    checkArgs('to_array', a, [['any', 'null']]);
    return Array.isArray(a[0]) ? a[0] : [a[0]];
  },
  to_string: (a) => {
    checkArgs('to_string', a, [['any', 'null']]);
    return typeof a[0] === 'string' ? a[0] : goJSONStringify(a[0]);
  },
  to_number: (a) => {
    checkArgs('to_number', a, [['any', 'null']]);
    const v = a[0];
    if (typeof v === 'number') return v;
    if (typeof v === 'string') {
      if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(v.trim()) || v.trim() !== v) return null;
      return Number(v);
    }
    return null;
  },
  type: (a) => {
    checkArgs('type', a, [['any', 'null']]);
    return jmesType(a[0]);
  },
};
