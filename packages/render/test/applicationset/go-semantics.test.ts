import { compileLabelSelector, labelRequirementsMatch } from '@neuroscale/core';
import { describe, expect, it } from 'vitest';
import { flattenToStrings } from '../../src/applicationset/go-flatten.js';
import {
  pathBase,
  pathDir,
  pathMatch,
  pathspecMatch,
  walkDirectories,
} from '../../src/applicationset/go-path.js';
import { formatFloatV } from '../../src/applicationset/gotemplate/index.js';
import { strategicMergePatch } from '../../src/applicationset/strategic-merge-patch.js';

describe('Go path semantics', () => {
  it('path.Match: * is one segment', () => {
    expect(pathMatch('apps/*', 'apps/a')).toBe(true);
    expect(pathMatch('apps/*', 'apps/a/b')).toBe(false);
    expect(pathMatch('apps/**', 'apps/a/b')).toBe(false);
    expect(pathMatch('apps/[ab]?', 'apps/bx')).toBe(true);
    expect(pathMatch('apps/[', 'apps/[')).toBe(false);
  });
  it('git pathspec: * crosses /, literal paths select directories', () => {
    expect(pathspecMatch('apps/*/config.json', 'apps/b/c/config.json')).toBe(true);
    expect(pathspecMatch('apps/*/config.json', 'other/b/config.json')).toBe(false);
    expect(pathspecMatch('apps', 'apps/x/y')).toBe(true);
    expect(pathspecMatch('config.json', 'apps/config.json')).toBe(false);
  });
  it('path.Dir / path.Base', () => {
    expect(pathDir('config.json')).toBe('.');
    expect(pathDir('a/b/c.json')).toBe('a/b');
    expect(pathBase('.')).toBe('.');
    expect(pathBase('a/b')).toBe('b');
  });
  it('directories come from tracked files, hidden ones skipped, WalkDir order', () => {
    expect(walkDirectories(['a-b/x', 'a/b/x', '.github/w.yaml', 'a/.h/x', 'top.txt'])).toEqual([
      'a',
      'a/b',
      'a-b',
    ]);
  });
});

describe('Go %v formatting and flattening', () => {
  it('formats float64 like fmt %v', () => {
    expect([3, 1000000, 123456, 1234567, 0.0001, 0.00001, -2.5, 1e21, 1 / 3].map(formatFloatV)).toEqual([
      '3',
      '1e+06',
      '123456',
      '1.234567e+06',
      '0.0001',
      '1e-05',
      '-2.5',
      '1e+21',
      '0.3333333333333333',
    ]);
  });
  it('flattens nested objects with dots and %v', () => {
    expect(flattenToStrings({ a: { b: 1000000, c: [true, null] }, e: {} })).toEqual({
      'a.b': '1e+06',
      'a.c.0': 'true',
      'a.c.1': '<nil>',
    });
  });
});

describe('label selector', () => {
  it('matchLabels and matchExpressions', () => {
    const s = compileLabelSelector({
      matchLabels: { env: 'prod' },
      matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['x'] }],
    });
    if (!s.ok) throw new Error(s.error);
    expect(labelRequirementsMatch(s.requirements, { env: 'prod' })).toBe(true);
    expect(labelRequirementsMatch(s.requirements, { env: 'prod', tier: 'x' })).toBe(false);
    expect(compileLabelSelector({ matchExpressions: [{ key: 'a', operator: 'Bad' }] }).ok).toBe(false);
  });
});

describe('strategic merge patch (Application)', () => {
  it('merges maps, deletes on null, replaces lists, merges finalizers', () => {
    const app = {
      metadata: { name: 'a', finalizers: ['f1'], labels: { x: '1' } },
      spec: {
        sources: [{ a: 1 }, { b: 2 }],
        syncPolicy: { automated: { prune: true }, retry: { limit: 1 } },
      },
    };
    const out = strategicMergePatch(app, {
      metadata: { finalizers: ['f2'], labels: { y: '2' } },
      spec: { sources: [{ c: 3 }], syncPolicy: { automated: null } },
    });
    expect(out).toEqual({
      metadata: { name: 'a', finalizers: ['f1', 'f2'], labels: { x: '1', y: '2' } },
      spec: { sources: [{ c: 3 }], syncPolicy: { retry: { limit: 1 } } },
    });
    expect(strategicMergePatch(app, { spec: { $patch: 'replace', project: 'p' } }).spec).toEqual({
      project: 'p',
    });
  });
});
