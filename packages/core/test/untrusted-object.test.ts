import { describe, expect, it } from 'vitest';
import { apiGroup, apiVersionOnly, type K8sObject, objectKey, objectRef } from '../src/index.js';

describe('object helpers on untrusted values (found by scripts/fuzz/mutate-and-run.mjs)', () => {
  it('a non-string apiVersion has no group or version instead of throwing', () => {
    for (const bad of [{}, [], 1, true, null]) {
      const obj = { apiVersion: bad, kind: 'Application', metadata: { name: 'x' } } as unknown as K8sObject;
      expect(apiGroup(obj.apiVersion)).toBe('');
      expect(apiVersionOnly(obj.apiVersion)).toBe('');
      expect(objectRef(obj)).toEqual({ kind: 'Application', name: 'x' });
      expect(objectKey(obj)).toBe('/Application//x');
    }
    expect(apiGroup('argoproj.io/v1alpha1')).toBe('argoproj.io');
    expect(apiVersionOnly('apps/v1')).toBe('v1');
  });
});
