import { isObject } from '../jmespath/json.js';
import { parseGoDuration } from '../values/duration.js';
import { formatGoE, formatGoF6 } from '../values/go-format.js';
import { compareQuantities, parseQuantity, type Quantity } from '../values/quantity.js';
import { wildcardMatch } from '../values/wildcard.js';
import { operatorOf, type PatternOperator } from './operators.js';

/** `pattern.Validate(value, pattern)` for scalar (and map-existence) patterns. */
export function validateScalar(value: unknown, pattern: unknown): boolean {
  if (value === undefined) value = null;
  if (typeof pattern === 'boolean') return typeof value === 'boolean' && value === pattern;
  if (typeof pattern === 'number') return validateNumber(value, pattern);
  if (pattern === null || pattern === undefined) {
    if (typeof value === 'number') return value === 0;
    if (typeof value === 'string') return value === '';
    if (typeof value === 'boolean') return !value;
    return value === null;
  }
  if (isObject(pattern)) return isObject(value);
  if (typeof pattern === 'string') return validateStringPatterns(value, pattern);
  return false;
}

/** The CLI decodes every number as float64, so number patterns use Go's float comparison. */
function validateNumber(value: unknown, pattern: number): boolean {
  if (typeof value === 'number') return value === pattern;
  if (typeof value === 'string') {
    const f = parseGoFloat(value);
    return f !== undefined && f === pattern;
  }
  return false;
}

export function parseGoFloat(s: string): number | undefined {
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s) && !/^[+-]?(inf|infinity|nan)$/i.test(s))
    return undefined;
  const n = Number(s.replace(/^([+-]?)inf(inity)?$/i, '$1Infinity'));
  return Number.isNaN(n) && !/nan/i.test(s) ? undefined : n;
}

export function validateStringPatterns(value: unknown, pattern: string): boolean {
  if (value === pattern) return true;
  return compiledStringPattern(pattern)(value);
}

type Check = (value: unknown) => boolean;

const compiled = new Map<string, Check>();

/** `a | b & c` alternatives of conjunctions, parsed once per pattern string. */
function compiledStringPattern(pattern: string): Check {
  let check = compiled.get(pattern);
  if (check) return check;
  const alternatives = pattern.split('|').map((alt) =>
    alt
      .trim()
      .split('&')
      .map((c) => compileStringPattern(c.trim())),
  );
  check =
    alternatives.length === 1 && alternatives[0]!.length === 1
      ? alternatives[0]![0]!
      : (value) => alternatives.some((conj) => conj.every((c) => c(value)));
  if (compiled.size > 10_000) compiled.clear();
  compiled.set(pattern, check);
  return check;
}

function compileStringPattern(pattern: string): Check {
  const op = operatorOf(pattern);
  if (op === 'InRange') {
    const [a = '', b = ''] = pattern.split('-');
    const low = compileStringPattern(`>= ${a}`);
    const high = compileStringPattern(`<= ${b}`);
    return (value) => low(value) && high(value);
  }
  if (op === 'NotInRange') {
    const [a = '', b = ''] = pattern.split('!-');
    const below = compileStringPattern(`< ${a}`);
    const above = compileStringPattern(`> ${b}`);
    return (value) => below(value) || above(value);
  }
  const p = pattern.slice(op.length).trim();
  const duration = parseGoDuration(p);
  const quantity = parseQuantity(p);
  return (value) =>
    (duration !== undefined && compareDuration(value, duration, op)) ||
    (quantity !== undefined && compareQuantity(value, quantity, op)) ||
    compareString(value, p, op);
}

function numberToString(value: unknown): string | undefined {
  if (value === null || value === undefined) return '0';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return formatGoF6(value);
  return undefined;
}

function applyCmp(result: number, op: PatternOperator): boolean {
  switch (op) {
    case '':
      return result === 0;
    case '!':
      return result !== 0;
    case '>':
      return result > 0;
    case '<':
      return result < 0;
    case '>=':
      return result >= 0;
    case '<=':
      return result <= 0;
    default:
      return false;
  }
}

function compareDuration(value: unknown, p: number, op: PatternOperator): boolean {
  const vs = numberToString(value);
  if (vs === undefined) return false;
  const v = parseGoDuration(vs);
  if (v === undefined) return false;
  return applyCmp(v === p ? 0 : v < p ? -1 : 1, op);
}

function compareQuantity(value: unknown, p: Quantity, op: PatternOperator): boolean {
  const vs = numberToString(value);
  if (vs === undefined) return false;
  const v = parseQuantity(vs);
  if (!v) return false;
  return applyCmp(compareQuantities(v, p), op);
}

function compareString(value: unknown, pattern: string, op: PatternOperator): boolean {
  if (op !== '' && op !== '!') return false;
  let s: string;
  if (typeof value === 'number') s = formatGoE(value);
  else if (typeof value === 'string') s = value;
  else if (typeof value === 'boolean') s = value ? 'true' : 'false';
  else return false;
  const m = wildcardMatch(pattern, s);
  return op === '!' ? !m : m;
}
