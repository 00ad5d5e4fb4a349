import { isObject, strictDeepEqual } from '../jmespath/json.js';
import { operatorOf } from '../pattern/operators.js';
import { parseGoFloat, validateStringPatterns } from '../pattern/validate-scalar.js';
import { parseGoDuration } from '../values/duration.js';
import { goSprint } from '../values/go-format.js';
import { compareQuantities, parseQuantity } from '../values/quantity.js';
import { compareSemver, parseSemver } from '../values/semver.js';
import { wildcardMatch } from '../values/wildcard.js';

/** Condition operators (`pkg/engine/variables/operator`). Returns undefined for an unknown operator. */
export function evaluateOperator(operator: string, key: unknown, value: unknown): boolean | undefined {
  switch (operator.toLowerCase()) {
    case 'equal':
    case 'equals':
      return equals(key, value);
    case 'notequal':
    case 'notequals':
      return notEquals(key, value);
    case 'in':
      return inOp(key, value);
    case 'notin':
      return notIn(key, value);
    case 'anyin':
      return setOp(key, value, 'anyIn');
    case 'allin':
      return setOp(key, value, 'allIn');
    case 'anynotin':
      return setOp(key, value, 'anyNotIn');
    case 'allnotin':
      return setOp(key, value, 'allNotIn');
    case 'greaterthan':
      return cmp(key, value, (c) => c > 0);
    case 'greaterthanorequals':
      return cmp(key, value, (c) => c >= 0);
    case 'lessthan':
      return cmp(key, value, (c) => c < 0);
    case 'lessthanorequals':
      return cmp(key, value, (c) => c <= 0);
    case 'durationgreaterthan':
      return durationCmp(key, value, (c) => c > 0);
    case 'durationgreaterthanorequals':
      return durationCmp(key, value, (c) => c >= 0);
    case 'durationlessthan':
      return durationCmp(key, value, (c) => c < 0);
    case 'durationlessthanorequals':
      return durationCmp(key, value, (c) => c <= 0);
    default:
      return undefined;
  }
}

function durationOf(v: unknown): number | undefined {
  if (typeof v === 'number') return v * 1e9;
  if (typeof v === 'string' && v !== '0') return parseGoDuration(v);
  return undefined;
}

function stringEquals(key: string, value: unknown): boolean {
  const dk = durationOf(key);
  const dv = durationOf(value);
  if (dk !== undefined && dv !== undefined) return dk === dv;
  const qk = parseQuantity(key);
  if (qk) {
    if (typeof value !== 'string') return false;
    const qv = parseQuantity(value);
    return !!qv && compareQuantities(qk, qv) === 0;
  }
  if (typeof value === 'string') return wildcardMatch(value, key);
  return false;
}

export function equals(key: unknown, value: unknown): boolean {
  if (typeof key === 'boolean') return typeof value === 'boolean' && key === value;
  if (typeof key === 'number') {
    if (typeof value === 'number') return key === value;
    if (typeof value === 'string') {
      const d = parseGoDuration(value);
      if (d !== undefined && value !== '0') return key * 1e9 === d;
      const f = parseGoFloat(value);
      return f !== undefined && f === key;
    }
    return false;
  }
  if (typeof key === 'string') return stringEquals(key, value);
  if (Array.isArray(key) || isObject(key)) return strictDeepEqual(key, value);
  return false;
}

export function notEquals(key: unknown, value: unknown): boolean {
  if (typeof key === 'boolean') return typeof value !== 'boolean' || key !== value;
  if (typeof key === 'number') {
    if (typeof value === 'number') return key !== value;
    if (typeof value === 'string') {
      const d = parseGoDuration(value);
      if (d !== undefined && value !== '0') return key * 1e9 !== d;
      const f = parseGoFloat(value);
      return f === undefined || f !== key;
    }
    return true;
  }
  if (typeof key === 'string') return !stringEquals(key, value);
  if (Array.isArray(key) || isObject(key)) return !strictDeepEqual(key, value);
  return false;
}

const bidi = (a: string, b: string): boolean => wildcardMatch(a, b) || wildcardMatch(b, a);

function parseStringArray(s: string): string[] | undefined {
  try {
    const v = JSON.parse(s) as unknown;
    if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[];
  } catch {
    /* not JSON */
  }
  return undefined;
}

function scalarString(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return goSprint(v);
  return undefined;
}

/** Deprecated `In`. */
function inOp(key: unknown, value: unknown): boolean {
  const k = scalarString(key);
  if (k !== undefined) {
    if (Array.isArray(value))
      return value.some((e) => {
        const s = scalarString(e);
        return s !== undefined && bidi(s, k);
      });
    if (typeof value === 'string') {
      if (wildcardMatch(value, k)) return true;
      const arr = parseStringArray(value);
      return !!arr && arr.includes(k);
    }
    return false;
  }
  if (Array.isArray(key)) {
    if (!Array.isArray(value)) return false;
    return key.every((e) => value.some((v) => strictDeepEqual(e, v)));
  }
  return false;
}

function notIn(key: unknown, value: unknown): boolean {
  const k = scalarString(key);
  if (k !== undefined) {
    if (Array.isArray(value))
      return !value.some((e) => {
        const s = scalarString(e);
        return s !== undefined && bidi(s, k);
      });
    if (typeof value === 'string') {
      if (wildcardMatch(value, k)) return false;
      const arr = parseStringArray(value);
      return !arr?.includes(k);
    }
    return false;
  }
  if (Array.isArray(key)) {
    if (!Array.isArray(value)) return false;
    return key.some((e) => !value.some((v) => strictDeepEqual(e, v)));
  }
  return false;
}

type SetOp = 'anyIn' | 'allIn' | 'anyNotIn' | 'allNotIn';

function setOp(key: unknown, value: unknown, op: SetOp): boolean {
  let keys: string[];
  if (Array.isArray(key)) keys = key.map(goSprint);
  else if (typeof key === 'string' || typeof key === 'number' || typeof key === 'boolean')
    keys = [goSprint(key)];
  else return false;

  let matchOne: (k: string) => boolean;
  if (Array.isArray(value)) {
    const vals = value.map(goSprint);
    matchOne = (k) => vals.some((v) => bidi(v, k));
  } else if (typeof value === 'number' || typeof value === 'boolean') {
    const v = goSprint(value);
    matchOne = (k) => bidi(v, k);
  } else if (typeof value === 'string') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch {
      parsed = undefined;
    }
    if (Array.isArray(parsed)) {
      const vals = parsed.map(goSprint);
      matchOne = (k) => vals.some((v) => bidi(v, k));
    } else {
      const op2 = operatorOf(value);
      if (op2 === 'InRange' || op2 === 'NotInRange') matchOne = (k) => validateStringPatterns(k, value);
      else matchOne = (k) => bidi(value, k);
    }
  } else return false;

  switch (op) {
    case 'anyIn':
      return keys.some(matchOne);
    case 'allIn':
      return keys.length > 0 && keys.every(matchOne);
    case 'anyNotIn':
      return keys.some((k) => !matchOne(k));
    case 'allNotIn':
      return keys.every((k) => !matchOne(k));
  }
}

function numericCompare(key: unknown, value: unknown): number | undefined {
  const sign = (a: number, b: number) => (a === b ? 0 : a < b ? -1 : 1);
  if (typeof key === 'number') {
    if (typeof value === 'number') return sign(key, value);
    if (typeof value === 'string') {
      const d = parseGoDuration(value);
      if (d !== undefined) return sign(key * 1e9, d);
      const f = parseGoFloat(value);
      if (f !== undefined) return sign(key, f);
    }
    return undefined;
  }
  if (typeof key === 'string') {
    const dk = parseGoDuration(key);
    const dv =
      typeof value === 'string'
        ? parseGoDuration(value)
        : typeof value === 'number'
          ? value * 1e9
          : undefined;
    if (dk !== undefined && dv !== undefined) return sign(dk, dv);
    if (typeof value === 'string') {
      const qk = parseQuantity(key);
      const qv = parseQuantity(value);
      if (qk && qv) return compareQuantities(qk, qv);
    }
    const kf = parseGoFloat(key);
    if (kf !== undefined) return numericCompare(kf, value);
    const sk = parseSemver(key);
    const sv = typeof value === 'string' ? parseSemver(value) : undefined;
    if (sk && sv) return compareSemver(sk, sv);
  }
  return undefined;
}

function cmp(key: unknown, value: unknown, test: (c: number) => boolean): boolean {
  const c = numericCompare(key, value);
  return c !== undefined && test(c);
}

function durationCmp(key: unknown, value: unknown, test: (c: number) => boolean): boolean {
  const a = typeof key === 'number' ? key * 1e9 : typeof key === 'string' ? parseGoDuration(key) : undefined;
  const b =
    typeof value === 'number' ? value * 1e9 : typeof value === 'string' ? parseGoDuration(value) : undefined;
  if (a === undefined || b === undefined) return false;
  return test(a === b ? 0 : a < b ? -1 : 1);
}
