/** sprig conversions and integer math (sprig v3 numeric.go, spf13/cast). */
import { type FunctionTable, fn } from '../functions-types.js';
import { GoError, type GoValue } from '../go-values.js';
import { asInt64, toFloat64, toInt64 } from './go-conversions.js';
import { s1 } from './signatures.js';

export function numericFunctions(table: FunctionTable): void {
  table.set(
    'atoi',
    s1((s) => (/^[+-]?\d+$/.test(s) ? asInt64(BigInt(s)) : 0n)),
  );
  table.set(
    'int',
    fn(['any'], ([v]) => toInt64(v as GoValue)),
  );
  table.set(
    'int64',
    fn(['any'], ([v]) => toInt64(v as GoValue)),
  );
  table.set(
    'float64',
    fn(['any'], ([v]) => toFloat64(v as GoValue)),
  );
  table.set(
    'add',
    fn([], (args) => asInt64(args.reduce<bigint>((s, a) => s + toInt64(a), 0n)), 'any'),
  );
  table.set(
    'add1',
    fn(['any'], ([a]) => asInt64(toInt64(a as GoValue) + 1n)),
  );
  table.set(
    'sub',
    fn(['any', 'any'], ([a, b]) => asInt64(toInt64(a as GoValue) - toInt64(b as GoValue))),
  );
  table.set(
    'mul',
    fn(
      ['any'],
      ([a, ...r]) => asInt64(r.reduce<bigint>((s, x) => s * toInt64(x), toInt64(a as GoValue))),
      'any',
    ),
  );
  table.set(
    'div',
    fn(['any', 'any'], ([a, b]) => {
      const d = toInt64(b as GoValue);
      if (d === 0n) throw new GoError('runtime error: integer divide by zero');
      return asInt64(toInt64(a as GoValue) / d);
    }),
  );
  table.set(
    'mod',
    fn(['any', 'any'], ([a, b]) => {
      const d = toInt64(b as GoValue);
      if (d === 0n) throw new GoError('runtime error: integer divide by zero');
      return toInt64(a as GoValue) % d;
    }),
  );
  table.set(
    'max',
    fn(
      ['any'],
      ([a, ...r]) => r.reduce<bigint>((m, x) => (toInt64(x) > m ? toInt64(x) : m), toInt64(a as GoValue)),
      'any',
    ),
  );
  table.set(
    'min',
    fn(
      ['any'],
      ([a, ...r]) => r.reduce<bigint>((m, x) => (toInt64(x) < m ? toInt64(x) : m), toInt64(a as GoValue)),
      'any',
    ),
  );
  table.set(
    'until',
    fn(['int'], ([n]) => {
      const c = Number(n);
      if (c > 100_000) throw new GoError('until: count too large');
      return Array.from({ length: Math.max(0, c) }, (_, i) => BigInt(i));
    }),
  );
}
