/** sprig dict functions and deepCopy (sprig v3 dict.go). */
import { cloneData, fromEntriesOwn, setOwn } from '@neuroscale/core';
import { type FunctionTable, fn } from '../functions-types.js';
import { cmp, type GoMap, type GoValue, isMap } from '../go-values.js';
import { empty, strval } from './go-conversions.js';

// long: a registration table, one `table.set` per sprig dict function
export function dictFunctions(table: FunctionTable): void {
  table.set(
    'dict',
    fn(
      [],
      (args) => {
        const d: GoMap = {};
        for (let i = 0; i < args.length; i += 2)
          setOwn(d, strval(args[i]), i + 1 < args.length ? (args[i + 1] as GoValue) : '');
        return d;
      },
      'any',
    ),
  );
  table.set(
    'get',
    fn(['map', 'string'], ([d, k]) =>
      Object.hasOwn(d as GoMap, k as string) ? (d as GoMap)[k as string]! : '',
    ),
  );
  table.set(
    'set',
    fn(['map', 'string', 'any'], ([d, k, v]) => {
      setOwn(d as GoMap, k as string, v as GoValue);
      return d as GoMap;
    }),
  );
  table.set(
    'unset',
    fn(['map', 'string'], ([d, k]) => {
      // delete of an absent own key is a no-op (even for `__proto__`): it never reaches the prototype
      if (Object.hasOwn(d as GoMap, k as string)) delete (d as GoMap)[k as string];
      return d as GoMap;
    }),
  );
  table.set(
    'hasKey',
    fn(['map', 'string'], ([d, k]) => Object.hasOwn(d as GoMap, k as string)),
  );
  // sprig returns Go map order (random); sorted here so output is deterministic
  table.set(
    'keys',
    fn([], (ds) => ds.flatMap((d) => Object.keys(isMap(d) ? d : {})).sort(cmp), 'map'),
  );
  table.set(
    'values',
    fn(['map'], ([d]) =>
      Object.keys(d as GoMap)
        .sort(cmp)
        .map((k) => (d as GoMap)[k]!),
    ),
  );
  table.set(
    'pick',
    fn(
      ['map'],
      ([d, ...ks]) =>
        fromEntriesOwn(
          ks
            .map(strval)
            .filter((k) => Object.hasOwn(d as GoMap, k))
            .map((k) => [k, (d as GoMap)[k]!] as const),
        ) as GoMap,
      'string',
    ),
  );
  table.set(
    'omit',
    fn(
      ['map'],
      ([d, ...ks]) => fromEntriesOwn(Object.entries(d as GoMap).filter(([k]) => !ks.includes(k))) as GoMap,
      'string',
    ),
  );
  table.set(
    'merge',
    fn(
      ['map'],
      ([dst, ...srcs]) => srcs.reduce<GoMap>((acc, s) => mergeMaps(acc, s as GoMap, false), dst as GoMap),
      'map',
    ),
  );
  table.set(
    'mergeOverwrite',
    fn(
      ['map'],
      ([dst, ...srcs]) => srcs.reduce<GoMap>((acc, s) => mergeMaps(acc, s as GoMap, true), dst as GoMap),
      'map',
    ),
  );
  table.set(
    'deepCopy',
    fn(['any'], ([v]) => deepCopy(v as GoValue)),
  );
  table.set(
    'mustDeepCopy',
    fn(['any'], ([v]) => deepCopy(v as GoValue)),
  );
}

/**
 * sprig `merge`/`mergeOverwrite` (dario.cat/mergo with WithOverride for the latter), in place on `dst` as
 * sprig does. Keys are Go map keys: a `__proto__` key is read as an own key (never Object.prototype, which
 * an in-place merge would otherwise pollute) and written as an own data property.
 */
function mergeMaps(dst: GoMap, src: GoMap, overwrite: boolean): GoMap {
  for (const [k, v] of Object.entries(src)) {
    const has = Object.hasOwn(dst, k);
    const d = has ? dst[k] : undefined;
    if (isMap(d) && isMap(v)) mergeMaps(d, v, overwrite);
    else if (!has || overwrite || empty(d)) setOwn(dst, k, v);
  }
  return dst;
}

/** sprig `deepCopy` (mitchellh/copystructure): maps and lists copied, keys as own data properties. */
function deepCopy(v: GoValue): GoValue {
  return cloneData(v);
}
