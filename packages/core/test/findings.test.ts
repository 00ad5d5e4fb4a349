import { describe, expect, it } from 'vitest';
import {
  countBySeverity,
  finding,
  getAtPointer,
  hasFindingsAtOrAbove,
  objectKey,
  parsePointer,
  sortFindings,
  toPointer,
} from '../src/index.js';

describe('findings', () => {
  const a = finding({ ruleId: 'schema/type', message: 'm', location: { file: 'b.yaml', line: 2 } });
  const b = finding({
    ruleId: 'yaml/syntax',
    severity: 'warning',
    message: 'm',
    location: { file: 'a.yaml', line: 9 },
  });
  const c = finding({
    ruleId: 'render/x',
    severity: 'info',
    message: 'm',
    location: { file: 'a.yaml', line: 3 },
  });

  it('sorts in a total, input-order-independent order', () => {
    expect(sortFindings([a, b, c])).toEqual(sortFindings([c, a, b]));
    expect(sortFindings([a, b, c]).map((f) => f.ruleId)).toEqual(['render/x', 'yaml/syntax', 'schema/type']);
  });

  it('counts and thresholds', () => {
    expect(countBySeverity([a, b, c])).toEqual({ error: 1, warning: 1, info: 1 });
    expect(hasFindingsAtOrAbove([b, c], 'error')).toBe(false);
    expect(hasFindingsAtOrAbove([b, c], 'warning')).toBe(true);
  });
});

describe('json pointers and object keys', () => {
  it('round-trips escaped segments', () => {
    const p = toPointer(['metadata', 'annotations', 'a/b~c']);
    expect(p).toBe('/metadata/annotations/a~1b~0c');
    expect(parsePointer(p)).toEqual(['metadata', 'annotations', 'a/b~c']);
    expect(getAtPointer({ metadata: { annotations: { 'a/b~c': 'v' } } }, p)).toBe('v');
  });

  it('keys objects by group/kind/namespace/name', () => {
    expect(
      objectKey({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'a', namespace: 'n' } }),
    ).toBe('apps/Deployment/n/a');
    expect(objectKey({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a' } })).toBe('/Namespace//a');
  });
});
