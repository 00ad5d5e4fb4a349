import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  generatedDir,
  loadKubernetesSchemaData,
  parseKubernetesSchemaData,
  SUPPORTED_KUBERNETES_VERSIONS,
} from '../src/data/generated-data.js';

const plain = (v: unknown) => JSON.parse(JSON.stringify(v)) as unknown;

describe('the Kubernetes schema data: kinds at once, definitions on first use', () => {
  it.each(SUPPORTED_KUBERNETES_VERSIONS)('v%s reads as the whole file parses', (minor) => {
    const text = readFileSync(join(generatedDir() ?? '', 'kubernetes', `v${minor}.json`), 'utf8');
    const data = loadKubernetesSchemaData(minor);
    // the generator's layout: definitions is a getter until used
    expect(typeof Object.getOwnPropertyDescriptor(data, 'definitions')?.get).toBe('function');
    expect(Object.keys(data)).toEqual(['minor', 'source', 'kinds', 'definitions']);
    expect(plain(data)).toEqual(JSON.parse(text));
    expect(data.definitions).toBe(data.definitions);
  });

  it('parses any other layout whole, with the same result', () => {
    const doc = {
      definitions: { a: { type: 'string' } },
      minor: '1.33',
      source: { path: 'p', sha256: 's', url: 'u' },
      kinds: { v1: { ConfigMap: { definition: 'a', namespaced: true } } },
    };
    const trailing = { ...doc, definitions: doc.definitions, extra: 1 };
    for (const layout of [doc, trailing]) {
      const data = parseKubernetesSchemaData(JSON.stringify(layout));
      expect(plain(data)).toEqual(layout);
      expect(data.definitions).toEqual(doc.definitions);
    }
    // `definitions` followed by another key: the head parses, the tail does not, the getter parses it whole
    const middle = {
      minor: '1.33',
      source: doc.source,
      kinds: doc.kinds,
      definitions: doc.definitions,
      z: 1,
    };
    expect(parseKubernetesSchemaData(JSON.stringify(middle)).definitions).toEqual(doc.definitions);
  });
});
