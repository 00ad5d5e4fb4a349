/**
 * The one check every package runs on its public entry (`test/public-api.test.ts`): the entry is an explicit
 * list (no `export *`), it names exactly the pinned values and types, the runtime module exports exactly the
 * values, and the package README names each of them. A name added or dropped is an API change for every
 * consumer: a changeset and a row in the README's API table.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/** Names in an entry's `export { … } from` / `export type { … } from` lists, split into values and types. */
export function exportedNames(source: string): { values: string[]; types: string[] } {
  const values: string[] = [];
  const types: string[] = [];
  for (const [, typeOnly, list] of source.matchAll(/export\s+(type\s+)?\{([^}]*)\}\s*from/g)) {
    for (const raw of (list ?? '').split(',')) {
      const item = raw.trim();
      if (!item) continue;
      if (typeOnly || item.startsWith('type ')) types.push(item.replace(/^type\s+/, ''));
      else values.push(item);
    }
  }
  return { values: values.sort(), types: types.sort() };
}

export interface PublicEntrySpec {
  /** The package name, for the test titles. */
  name: string;
  /** The imported entry module (`import * as entry from '../src/index.js'`). */
  entry: object;
  /** The package folder (`new URL('..', import.meta.url)` from its test folder). */
  packageDir: URL;
  values: readonly string[];
  types: readonly string[];
}

export function describePublicEntry(spec: PublicEntrySpec): void {
  const read = (file: string) => readFileSync(new URL(file, spec.packageDir), 'utf8');
  describe(`${spec.name} public entry`, () => {
    const source = read('src/index.ts');

    it('lists its exports explicitly', () => {
      expect(source).not.toMatch(/export\s+(type\s+)?\*/);
      expect(exportedNames(source)).toEqual({ values: spec.values, types: spec.types });
    });

    it('exports exactly these values at runtime', () => {
      expect(Object.keys(spec.entry).sort()).toEqual(spec.values);
    });

    it('documents every name in the README', () => {
      const readme = read('README.md');
      const names = [...spec.values, ...spec.types];
      expect(names.filter((n) => !new RegExp(`\\b${n}\\b`).test(readme))).toEqual([]);
    });
  });
}
