import { describe, expect, it } from 'vitest';
import { expandPolicyPaths, patternBase } from '../src/input/expand-policy-paths.js';
import { tempRepo } from './helpers.js';

describe('expandPolicyPaths', () => {
  const dir = tempRepo({
    'policies/a/policy.yaml': 'x: 1\n',
    'policies/a/kyverno-test.yaml': 'x: 1\n',
    'policies/b/policy.yaml': 'x: 1\n',
    'policies/cel/c/policy-cel.yaml': 'x: 1\n',
    'policies/cel/d/policy.yaml': 'x: 1\n',
  });
  const rel = (paths: string[]) => paths.map((p) => p.slice(dir.length + 1));

  it('`*` stays within one segment (unlike Argo CD include globs)', () => {
    expect(rel(expandPolicyPaths(dir, ['policies/*/policy.yaml']).paths)).toEqual([
      'policies/a/policy.yaml',
      'policies/b/policy.yaml',
    ]);
  });

  it('`**` crosses folders', () => {
    expect(rel(expandPolicyPaths(dir, ['policies/**/policy.yaml']).paths)).toEqual([
      'policies/a/policy.yaml',
      'policies/b/policy.yaml',
      'policies/cel/d/policy.yaml',
    ]);
  });

  it('folders and files pass through; misses and escapes are reported', () => {
    const r = expandPolicyPaths(dir, ['policies/cel', 'policies/nope/*.yaml', '../outside']);
    expect(rel(r.paths)).toEqual(['policies/cel']);
    expect(r.missing).toEqual(['policies/nope/*.yaml']);
    expect(r.outside).toEqual(['../outside']);
  });

  it('patternBase is the folder before the first glob', () => {
    expect(patternBase('policies/*/policy.yaml')).toBe('policies');
    expect(patternBase('policies')).toBe('policies');
    expect(patternBase('*.yaml')).toBe('.');
  });
});
