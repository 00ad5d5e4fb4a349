/**
 * Loading under a frozen Object.prototype (`node --frozen-intrinsics`, the render hostile tests): js-yaml's
 * plain assignment of a `constructor:` or `toString:` key throws there, so such a document is loaded by the
 * `yaml` package instead — with the same values as js-yaml gives in a normal process.
 */
import { describe, expect, it } from 'vitest';
import { loadYaml } from '../src/index.js';

const TEXT = `apiVersion: v1
kind: ConfigMap
metadata:
  name: c
  labels: &l {constructor: a, toString: b, __proto__: c}
data:
  on: yes
  mode: 0755
  when: 2024-01-02
  merged: {<<: *l, extra: e}
`;

describe('loadYaml with Object.prototype frozen', () => {
  it('loads prototype-named keys as own data, with the same values as an unfrozen load', () => {
    const normal = loadYaml(TEXT, { file: 'c.yaml' });
    expect(normal.findings).toEqual([]);
    const expected = JSON.stringify(normal.documents[0]!.value);
    Object.freeze(Object.prototype);
    const frozen = loadYaml(TEXT, { file: 'c.yaml' });
    expect(frozen.findings).toEqual([]);
    const value = frozen.documents[0]!.value as { metadata: { labels: object } };
    expect(JSON.stringify(value)).toBe(expected);
    expect(Object.hasOwn(value.metadata.labels, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(value.metadata.labels)).toBe(Object.prototype);
  });
});
