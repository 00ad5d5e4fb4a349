import { formatGoDuration, parseGoDuration } from '../../values/duration.js';
import {
  addQuantities,
  formatQuantity,
  makeRational,
  parseQuantity,
  type Quantity,
} from '../../values/quantity.js';
import type { JmesFunction } from '../interpreter.js';
import { checkArgs, fnError } from './signature.js';

type Operand =
  | { kind: 'scalar'; n: number }
  | { kind: 'quantity'; q: Quantity }
  | { kind: 'duration'; ns: number };

function operand(name: string, v: unknown): Operand {
  if (typeof v === 'number') return { kind: 'scalar', n: v };
  if (typeof v === 'string') {
    const q = parseQuantity(v);
    if (q) return { kind: 'quantity', q };
    const d = parseGoDuration(v);
    if (d !== undefined) return { kind: 'duration', ns: d };
  }
  throw fnError(name, `invalid operand ${JSON.stringify(v)}: expected a number, a quantity or a duration`);
}

function toRational(n: number): Quantity {
  const s = n.toString();
  if (/e/i.test(s)) return makeRational(BigInt(Math.round(n * 1e9)), 1_000_000_000n, 'DecimalSI');
  const [i, f = ''] = s.split('.');
  return makeRational(BigInt((i as string) + f), 10n ** BigInt(f.length), 'DecimalSI');
}

function mismatch(name: string): never {
  throw fnError(name, 'operands must be of the same type (number, quantity or duration)');
}

const add =
  (name: string, sign: 1 | -1): JmesFunction =>
  (a) => {
    checkArgs(name, a, [['any'], ['any']]);
    const x = operand(name, a[0]);
    const y = operand(name, a[1]);
    if (x.kind === 'scalar' && y.kind === 'scalar') return x.n + sign * y.n;
    if (x.kind === 'quantity' && y.kind === 'quantity')
      return formatQuantity(addQuantities(x.q, y.q, sign === 1 ? 1n : -1n));
    if (x.kind === 'duration' && y.kind === 'duration') return formatGoDuration(x.ns + sign * y.ns);
    return mismatch(name);
  };

export const ARITHMETIC_FUNCTIONS: Record<string, JmesFunction> = {
  add: add('add', 1),
  subtract: add('subtract', -1),
  multiply: (a) => {
    checkArgs('multiply', a, [['any'], ['any']]);
    const x = operand('multiply', a[0]);
    const y = operand('multiply', a[1]);
    if (x.kind === 'scalar' && y.kind === 'scalar') return x.n * y.n;
    const [s, o] = x.kind === 'scalar' ? [x, y] : y.kind === 'scalar' ? [y, x] : [undefined, undefined];
    if (!s || !o || s.kind !== 'scalar') return mismatch('multiply');
    if (o.kind === 'quantity') {
      const r = toRational(s.n);
      return formatQuantity(makeRational(o.q.num * r.num, o.q.den * r.den, o.q.format));
    }
    if (o.kind === 'duration') return formatGoDuration(o.ns * s.n);
    return mismatch('multiply');
  },
  divide: (a) => {
    checkArgs('divide', a, [['any'], ['any']]);
    const x = operand('divide', a[0]);
    const y = operand('divide', a[1]);
    if (x.kind === 'scalar' && y.kind === 'scalar') {
      if (y.n === 0) throw fnError('divide', 'Zero divisor passed');
      return x.n / y.n;
    }
    if (x.kind === 'quantity' && y.kind === 'quantity') {
      if (y.q.num === 0n) throw fnError('divide', 'Zero divisor passed');
      return Number(x.q.num * y.q.den) / Number(x.q.den * y.q.num);
    }
    if (x.kind === 'duration' && y.kind === 'duration') {
      if (y.ns === 0) throw fnError('divide', 'Zero divisor passed');
      return x.ns / y.ns;
    }
    if (x.kind === 'quantity' && y.kind === 'scalar') {
      if (y.n === 0) throw fnError('divide', 'Zero divisor passed');
      const r = toRational(y.n);
      return formatQuantity(makeRational(x.q.num * r.den, x.q.den * r.num, x.q.format));
    }
    if (x.kind === 'duration' && y.kind === 'scalar') {
      if (y.n === 0) throw fnError('divide', 'Zero divisor passed');
      return formatGoDuration(x.ns / y.n);
    }
    return mismatch('divide');
  },
  modulo: (a) => {
    checkArgs('modulo', a, [['any'], ['any']]);
    const x = operand('modulo', a[0]);
    const y = operand('modulo', a[1]);
    if (x.kind === 'scalar' && y.kind === 'scalar') {
      if (!Number.isInteger(x.n) || !Number.isInteger(y.n))
        throw fnError('modulo', 'Non-integer argument(s) passed for modulo');
      if (y.n === 0) throw fnError('modulo', 'Zero divisor passed');
      return x.n % y.n;
    }
    if (x.kind === 'quantity' && y.kind === 'quantity') {
      if (x.q.den !== 1n || y.q.den !== 1n)
        throw fnError('modulo', 'Non-integer argument(s) passed for modulo');
      if (y.q.num === 0n) throw fnError('modulo', 'Zero divisor passed');
      return formatQuantity(makeRational(x.q.num % y.q.num, 1n, x.q.format));
    }
    if (x.kind === 'duration' && y.kind === 'duration') {
      if (y.ns === 0) throw fnError('modulo', 'Zero divisor passed');
      return formatGoDuration(x.ns % y.ns);
    }
    return mismatch('modulo');
  },
  sum: (a, interp) => {
    checkArgs('sum', a, [['array']]);
    const arr = a[0] as unknown[];
    if (arr.length === 0) throw fnError('sum', 'at least one element in the array is required');
    const plus = ARITHMETIC_FUNCTIONS.add as JmesFunction;
    return arr.slice(1).reduce((acc, v) => plus([acc, v], interp), arr[0]);
  },
  round: (a) => {
    checkArgs('round', a, [['number'], ['number']]);
    const digits = a[1] as number;
    if (!Number.isInteger(digits) || digits < 0)
      throw fnError('round', 'digits must be a non-negative integer');
    const p = 10 ** digits;
    return Math.round((a[0] as number) * p) / p;
  },
};
