/**
 * Functions Argo CD adds to the ApplicationSet template FuncMap
 * (`applicationset/utils/utils.go` init: normalize, slugify, toYaml, fromYaml, fromYamlArray).
 */
import { loadYaml } from '@neuroscale/core';
import { stringify } from 'yaml';
import { type FunctionTable, fn } from './functions-types.js';
import { fromJsonData, GoError, type GoValue, isMap, toJsonData } from './go-values.js';

/** `utils.SanitizeName`: lowercase, `[^-a-z0-9.]` → `-`, at most 253 bytes, trim `-` and `.`. */
export function sanitizeName(name: string): string {
  let s = name.toLowerCase().replace(/[^-a-z0-9.]/g, '-');
  if (s.length > 253) s = s.slice(0, 253);
  return s.replace(/^[-.]+|[-.]+$/g, '');
}

/** `utils.SlugifyName(args...)`: [maxSize=50] [smartTruncate=true] name → gosimple/slug.Make(SanitizeName(name)). */
export function slugifyName(args: GoValue[]): string {
  let maxSize = 50;
  let smart = true;
  let name = '';
  args.forEach((a, i) => {
    if (i === args.length - 1) {
      if (typeof a !== 'string')
        throw new GoError(`interface conversion: interface {} is ${typeof a}, not string`);
      name = a;
    } else if (i === 0) {
      if (typeof a !== 'bigint') throw new GoError('interface conversion: slugify max size is not int');
      maxSize = Number(a);
    } else if (i === 1) {
      if (typeof a !== 'boolean')
        throw new GoError('interface conversion: slugify smart truncate is not bool');
      smart = a;
    }
  });
  let slug = sanitizeName(name)
    .replace(/[^a-zA-Z0-9\-_]/g, '-')
    .replace(/-+/g, '-')
    .replace(/^[-_]+|[-_]+$/g, '');
  if (maxSize > 0 && slug.length > maxSize) {
    if (smart) {
      let cut = -1;
      for (let i = maxSize; i >= 0; i--) {
        if (slug[i] === '-') {
          cut = i;
          break;
        }
      }
      slug = cut >= 0 ? slug.slice(0, cut) : slug.slice(0, maxSize);
    } else {
      slug = slug.slice(0, maxSize);
    }
  }
  return slug;
}

/** sigs.k8s.io/yaml Marshal (sorted keys, YAML 1.1 quoting, no sequence indent), trailing newline trimmed. */
export function toYaml(v: GoValue): string {
  if (v === undefined || v === null) return 'null';
  const text = stringify(toJsonData(v), {
    version: '1.1',
    sortMapEntries: true,
    lineWidth: 0,
    indentSeq: false,
  });
  return text.replace(/\n$/, '');
}

function parseYamlValue(text: string): unknown {
  const { documents, findings } = loadYaml(text, { file: '<fromYaml>' });
  const problem = findings.find((f) => f.severity === 'error');
  if (problem) throw new GoError(`error converting YAML to JSON: ${problem.message}`);
  return documents[0]?.value ?? null;
}

export function argoFunctions(table: FunctionTable): void {
  table.set(
    'normalize',
    fn(['string'], ([s]) => sanitizeName(s as string)),
  );
  table.set(
    'slugify',
    fn([], (args) => slugifyName(args), 'any'),
  );
  table.set(
    'toYaml',
    fn(['any'], ([v]) => toYaml(v as GoValue)),
  );
  table.set(
    'fromYaml',
    fn(['string'], ([s]) => {
      const v = fromJsonData(parseYamlValue(s as string));
      if (v === null) return {};
      if (!isMap(v))
        throw new GoError(
          'error unmarshaling JSON: cannot unmarshal into Go value of type map[string]interface {}',
        );
      return v;
    }),
  );
  table.set(
    'fromYamlArray',
    fn(['string'], ([s]) => {
      const v = fromJsonData(parseYamlValue(s as string));
      if (v === null) return [];
      if (!Array.isArray(v))
        throw new GoError(
          'error unmarshaling JSON: cannot unmarshal object into Go value of type []interface {}',
        );
      return v;
    }),
  );
}
