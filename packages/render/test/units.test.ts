import type { Manifest } from '@neuroscale/core';
import { describe, expect, it } from 'vitest';
import { classifyHook } from '../src/post-render/classify-hooks.js';
import { sortForSync } from '../src/post-render/sync-order.js';
import { createRepoMatcher, normalizeRepoURL } from '../src/repo/repo-url.js';
import { envsubst } from '../src/sources/argocd-env.js';
import { gobwasMatch } from '../src/sources/gobwas-glob.js';
import { jsonMergePatch, normalizeSource } from '../src/sources/normalize-source.js';

describe('repository URL matching', () => {
  const same = [
    'https://github.com/Org/Repo.git',
    'https://github.com/Org/Repo',
    'https://GitHub.com/Org/Repo/',
    'git@github.com:Org/Repo.git',
    'ssh://git@github.com/Org/Repo.git',
    'ssh://git@github.com:22/Org/Repo',
    'https://user:token@github.com/Org/Repo.git',
  ];
  it.each(same)('%s designates github.com/Org/Repo', (url) => {
    expect(normalizeRepoURL(url)).toBe('github.com/Org/Repo');
  });
  it('paths compare case-insensitively as util/git NormalizeGitURL lower-cases them; other repos do not match', () => {
    const m = createRepoMatcher(['git@github.com:Org/Repo.git']);
    expect(m.isLocal('https://github.com/Org/Repo')).toBe(true);
    expect(m.isLocal('https://github.com/org/repo.GIT')).toBe(true);
    expect(m.isLocal('https://github.com/org/repo-x.git')).toBe(false);
    expect(m.isLocal('https://github.com/Org/Repo2')).toBe(false);
    expect(m.isLocal('https://gitlab.com/Org/Repo')).toBe(false);
    expect(m.isLocal(undefined)).toBe(false);
  });
});

describe('gobwas glob without separators (directory include/exclude)', () => {
  it.each([
    ['*.yaml', 'a.yaml', true],
    ['*.yaml', 'sub/a.yaml', true],
    ['*/application.yaml', 'kserve/application.yaml', true],
    ['*/application.yaml', 'application.yaml', false],
    ['config.yaml', 'sub/config.yaml', false],
    ['{a,b}.yaml', 'b.yaml', true],
    ['{a,b}.yaml', 'c.yaml', false],
    ['{config.json,*.txt}', 'config.json', true],
    ['?.yaml', 'x.yaml', true],
    ['[!a]*.yaml', 'a.yaml', false],
    ['[a-c]*.yaml', 'b1.yaml', true],
    ['**/x.yaml', 'a/b/x.yaml', true],
    ['{unclosed', 'x', false],
  ] as const)('%s ~ %s = %s', (pattern, path, match) => {
    expect(gobwasMatch(pattern, path)).toBe(match);
  });
});

describe('envsubst (Go os.Expand with Argo mapping)', () => {
  const env = { ARGOCD_APP_NAME: 'web', ARGOCD_APP_NAMESPACE: 'prod' };
  it.each([
    ['values-$ARGOCD_APP_NAME.yaml', 'values-web.yaml'],
    ['${ARGOCD_APP_NAMESPACE}/v.yaml', 'prod/v.yaml'],
    ['$UNKNOWN-x', '-x'],
    ['cost: $$5', 'cost: $5'],
    ['no vars', 'no vars'],
  ])('%s → %s', (input, out) => {
    expect(envsubst(input, env)).toBe(out);
  });
});

describe('NormalizeSource and .argocd-source merge', () => {
  it('zero blocks vanish, directory include/exclude stays explicit', () => {
    expect(normalizeSource({ path: 'x', helm: {}, kustomize: { namePrefix: '' }, directory: {} })).toEqual({
      path: 'x',
    });
    expect(normalizeSource({ directory: { recurse: false, include: '*.yaml' } })).toEqual({
      directory: { include: '*.yaml' },
    });
    expect(normalizeSource({ directory: { recurse: true } })).toEqual({ directory: { recurse: true } });
  });
  it('JSON merge patch: null deletes, objects merge, arrays replace', () => {
    expect(jsonMergePatch({ a: 1, b: { c: 1, d: 2 }, e: [1] }, { a: null, b: { d: 3 }, e: [2] })).toEqual({
      b: { c: 1, d: 3 },
      e: [2],
    });
  });
});

describe('hook classification', () => {
  const obj = (annotations: Record<string, string>) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'x', annotations },
  });
  it.each([
    [{}, 'resource', []],
    [{ 'argocd.argoproj.io/hook': 'PreSync' }, 'hook', ['PreSync']],
    [{ 'argocd.argoproj.io/hook': 'Skip' }, 'never-applied', ['Skip']],
    [{ 'helm.sh/hook': 'post-install,post-upgrade' }, 'hook', ['PostSync']],
    [{ 'helm.sh/hook': 'test' }, 'never-applied', []],
    [{ 'helm.sh/hook': 'crd-install' }, 'resource', []],
    [{ 'argocd.argoproj.io/hook': 'Sync', 'helm.sh/hook': 'pre-install' }, 'hook', ['Sync']],
  ] as const)('%j → %s', (ann, role, types) => {
    expect(classifyHook(obj(ann))).toEqual({ role, types });
  });
});

describe('sync order', () => {
  const m = (kind: string, name: string, extra: Record<string, unknown> = {}, ns?: string): Manifest => ({
    object: {
      apiVersion:
        kind === 'CustomResourceDefinition'
          ? 'apiextensions.k8s.io/v1'
          : kind === 'Widget'
            ? 'example.com/v1'
            : 'v1',
      kind,
      metadata: { name, ...(ns ? { namespace: ns } : {}) },
      ...extra,
    },
    source: { apps: ['a'], file: 'f', documentIndex: 0, line: 1, column: 1, syncRole: 'resource' },
  });
  it('wave, then kind order, then name; CRD moved before its first CR', () => {
    const widget = m('Widget', 'w');
    widget.object.metadata!.annotations = { 'argocd.argoproj.io/sync-wave': '-1' };
    const crd = m('CustomResourceDefinition', 'widgets.example.com', {
      spec: { group: 'example.com', names: { kind: 'Widget' } },
    });
    const out = sortForSync([m('Service', 'b'), m('ConfigMap', 'z'), m('Namespace', 'n'), crd, widget]).map(
      (x) => `${x.object.kind}/${x.object.metadata?.name}`,
    );
    expect(out).toEqual([
      'CustomResourceDefinition/widgets.example.com',
      'Widget/w',
      'Namespace/n',
      'ConfigMap/z',
      'Service/b',
    ]);
  });
});
