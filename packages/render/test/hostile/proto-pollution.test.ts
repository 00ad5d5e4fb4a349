/**
 * `__proto__` / `constructor.prototype` keys through ApplicationSet expansion (list elements, templates, sprig
 * merge/mergeOverwrite/set/dict/unset/deepCopy, matrix and merge generators, templatePatch) with
 * Object.prototype frozen: nothing may write to it, and the keys must come out as ordinary data, as the Go
 * controller keeps them (they are plain map keys there).
 */
import './frozen-prototype.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type K8sObject, loadYaml } from '@neuroscale/core';
import { describe, expect, it } from 'vitest';
import { expandApplicationSet } from '../../src/applicationset/index.js';
import type { ApplicationSetContext } from '../../src/applicationset/types.js';
import { PROTOTYPE_KEYS_BEFORE, prototypeState } from './frozen-prototype.js';

const APPSETS = join(import.meta.dirname, 'fixtures', 'proto-pollution', 'repo', 'appsets');

function expand(file: string) {
  const { documents, findings } = loadYaml(readFileSync(join(APPSETS, file), 'utf8'), { file });
  expect(findings).toEqual([]);
  const ctx: ApplicationSetContext = {
    listRepoFiles: () => [],
    readRepoFile: () => undefined,
    isLocalRepo: () => true,
    location: { file, line: 1, column: 1 },
  };
  return expandApplicationSet(documents[0]!.value as K8sObject, ctx);
}

const meta = (o: K8sObject) => o.metadata as Record<string, unknown>;
const annotations = (o: K8sObject) => meta(o).annotations as Record<string, string>;
const own = (o: object, k: string) => (Object.hasOwn(o, k) ? (o as Record<string, unknown>)[k] : undefined);

describe('prototype pollution (Object.prototype frozen)', () => {
  it('list elements, sprig map functions and templatePatch keep __proto__ as data', () => {
    const { applications, findings } = expand('list-merge.yaml');
    expect(findings).toEqual([]);
    expect(applications).toHaveLength(1);
    const app = applications[0]!.object;
    const a = annotations(app);
    expect(JSON.parse(a.merged!)).toEqual(
      JSON.parse(
        '{"__proto__":{"polluted":"from-merge"},"a":"1","constructor":{"prototype":{"polluted":"from-merge-constructor"}}}',
      ),
    );
    expect(a.overwritten).toContain('"__proto__":{"polluted":"from-merge"}');
    expect(a.set).toBe('{"__proto__":{"polluted":"from-set"}}');
    expect(a.dict).toBe('{"__proto__":{"polluted":"from-dict"},"constructor":"c"}');
    expect(a.copy).toContain('"__proto__":{"polluted":"from-merge"}');
    expect(a.unset).toBe('{"k":"v"}');
    expect(a['element-proto']).toBe('{"polluted":"from-element"}');
    expect(own(a, '__proto__')).toBe('template-key');
    // templatePatch: own keys, not prototypes
    const labels = meta(app).labels as Record<string, unknown>;
    expect(own(labels, '__proto__')).toBe('patched');
    expect(own(labels, 'constructor')).toBe('patched-constructor');
    expect(own(meta(app), '__proto__')).toEqual(JSON.parse('{"polluted":"from-patch"}'));
    expect(Object.getPrototypeOf(meta(app))).toBe(Object.prototype);
    expect(own(app.spec as object, 'constructor')).toEqual({
      prototype: { polluted: 'from-patch-constructor' },
    });
    expect(prototypeState()).toEqual({ frozen: true, keys: PROTOTYPE_KEYS_BEFORE });
  });

  it('matrix and merge generators merge __proto__ param keys as data (first child wins in a matrix)', () => {
    const { applications, findings } = expand('matrix-merge.yaml');
    expect(findings).toEqual([]);
    const byName = Object.fromEntries(applications.map((a) => [a.object.metadata!.name!, a.object]));
    expect(annotations(byName['proto-dev-eu']!).proto).toBe('{"extra":"b","polluted":"matrix-a"}');
    expect(annotations(byName['proto-prod-us']!).proto).toBe('{"polluted":"merge-override"}');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('flat mode: params named __proto__ and constructor are substituted like any other', () => {
    const { applications, findings } = expand('flat.yaml');
    expect(findings).toEqual([]);
    const a = annotations(applications[0]!.object);
    expect(a).toEqual({ proto: 'polluted-flat', ctor: 'polluted-flat-constructor' });
  });
});
