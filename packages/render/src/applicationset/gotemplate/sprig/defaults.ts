/** sprig defaults and flow control: default, empty, coalesce, ternary, fail (sprig v3 defaults.go). */
import { type FunctionTable, fn } from '../functions-types.js';
import { GoError, type GoValue } from '../go-values.js';
import { empty } from './go-conversions.js';

export function defaultsFunctions(table: FunctionTable): void {
  table.set(
    'default',
    fn(
      ['any'],
      ([d, ...given]) => (given.length === 0 || empty(given[0] as GoValue) ? d : given[0]) as GoValue,
      'any',
    ),
  );
  table.set(
    'empty',
    fn(['any'], ([v]) => empty(v as GoValue)),
  );
  table.set(
    'coalesce',
    fn([], (args) => args.find((a) => !empty(a)) ?? null, 'any'),
  );
  table.set(
    'ternary',
    fn(['any', 'any', 'bool'], ([vt, vf, c]) => (c ? vt : vf) as GoValue),
  );
  table.set(
    'fail',
    fn(['string'], ([m]) => {
      throw new GoError(m as string);
    }),
  );
}
