/** sprig list functions (sprig v3 list.go). */
import { type FunctionTable, fn } from '../functions-types.js';
import { cmp, type GoValue } from '../go-values.js';
import { asList, deepEqual, empty, strslice } from './go-conversions.js';

export function listFunctions(table: FunctionTable): void {
  table.set(
    'list',
    fn([], (args) => [...args], 'any'),
  );
  table.set(
    'tuple',
    fn([], (args) => [...args], 'any'),
  );
  table.set(
    'sortAlpha',
    fn(['any'], ([l]) => strslice(l as GoValue).sort(cmp)),
  );
  table.set(
    'first',
    fn(['any'], ([l]) => asList(l as GoValue, 'first')[0] ?? null),
  );
  table.set(
    'last',
    fn(['any'], ([l]) => {
      const a = asList(l as GoValue, 'last');
      return a[a.length - 1] ?? null;
    }),
  );
  table.set(
    'rest',
    fn(['any'], ([l]) => asList(l as GoValue, 'rest').slice(1)),
  );
  table.set(
    'initial',
    fn(['any'], ([l]) => asList(l as GoValue, 'initial').slice(0, -1)),
  );
  table.set(
    'append',
    fn(['any', 'any'], ([l, v]) => [...asList(l as GoValue, 'append'), v as GoValue]),
  );
  table.set(
    'prepend',
    fn(['any', 'any'], ([l, v]) => [v as GoValue, ...asList(l as GoValue, 'prepend')]),
  );
  table.set(
    'concat',
    fn([], (ls) => ls.flatMap((l) => asList(l, 'concat')), 'any'),
  );
  table.set(
    'reverse',
    fn(['any'], ([l]) => [...asList(l as GoValue, 'reverse')].reverse()),
  );
  table.set(
    'compact',
    fn(['any'], ([l]) => asList(l as GoValue, 'compact').filter((x) => !empty(x))),
  );
  table.set(
    'uniq',
    fn(['any'], ([l]) => {
      const out: GoValue[] = [];
      for (const x of asList(l as GoValue, 'uniq')) if (!out.some((y) => deepEqual(x, y))) out.push(x);
      return out;
    }),
  );
  table.set(
    'has',
    fn(['any', 'any'], ([needle, hay]) =>
      asList(hay as GoValue, 'has').some((x) => deepEqual(x, needle as GoValue)),
    ),
  );
  table.set(
    'without',
    fn(
      ['any'],
      ([l, ...omit]) => asList(l as GoValue, 'without').filter((x) => !omit.some((o) => deepEqual(o, x))),
      'any',
    ),
  );
}
