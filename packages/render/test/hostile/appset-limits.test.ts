/**
 * ApplicationSet parameter-set caps with small limits (the fixture tree in fixtures/appset-size-limits covers
 * the defaults through the whole pipeline): counted before expansion, reported on the generator that went over.
 */
import { type K8sObject, loadYaml } from '@neuroscale/core';
import { describe, expect, it } from 'vitest';
import { expandApplicationSet } from '../../src/applicationset/index.js';
import type { ApplicationSetContext } from '../../src/applicationset/types.js';

function expand(yaml: string, limits: ApplicationSetContext['limits']) {
  const doc = loadYaml(yaml, { file: 'appset.yaml' }).documents[0]!;
  return expandApplicationSet(doc.value as K8sObject, {
    listRepoFiles: () => [],
    readRepoFile: () => undefined,
    isLocalRepo: () => true,
    location: { file: 'appset.yaml', line: 1, column: 1 },
    locate: doc.locate,
    limits,
  });
}

const appSet = (generators: string) => `apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata: {name: s, namespace: argocd}
spec:
  goTemplate: true
  generators:
${generators}
  template:
    metadata: {name: 'a-{{ .a }}-{{ .b | default "x" }}'}
    spec:
      project: default
      source: {repoURL: https://example.com/r.git, path: p}
      destination: {server: https://kubernetes.default.svc, namespace: n}
`;
const list = (key: string, n: number, extra = '') =>
  `{list: {elements: [${Array.from({ length: n }, (_, i) => `{${key}: "${i}"${extra}}`).join(', ')}]}}`;

const tooMany = (r: ReturnType<typeof expand>) =>
  r.findings
    .filter((f) => f.ruleId === 'render/appset-too-many-params')
    .map((f) => ({ line: f.location?.line, path: f.path, details: f.details }));

describe('ApplicationSet parameter-set limits', () => {
  it('a matrix product over the limit is refused from the counts, before combining', () => {
    const r = expand(appSet(`    - {matrix: {generators: [${list('a', 5)}, ${list('b', 5)}]}}`), {
      maxParamSetsPerGenerator: 20,
    });
    expect(r.applications).toEqual([]);
    expect(tooMany(r)).toEqual([
      { line: 7, path: '/spec/generators/0/matrix', details: { count: 25, limit: 20 } },
    ]);
  });

  it('an interpolated matrix child is counted as it runs and stopped at the limit', () => {
    const r = expand(
      appSet(`    - {matrix: {generators: [${list('a', 5)}, ${list('b', 5, ', c: "{{ .a }}"')}]}}`),
      { maxParamSetsPerGenerator: 12 },
    );
    expect(tooMany(r)).toEqual([
      { line: 7, path: '/spec/generators/0/matrix', details: { count: 15, limit: 12 } },
    ]);
  });

  it('exactly at the limit is accepted', () => {
    const r = expand(appSet(`    - {matrix: {generators: [${list('a', 4)}, ${list('b', 5)}]}}`), {
      maxParamSetsPerGenerator: 20,
    });
    expect(r.findings).toEqual([]);
    expect(r.applications).toHaveLength(20);
  });

  it('generators under their own limit but over the ApplicationSet limit together', () => {
    const r = expand(appSet(`    - ${list('a', 6)}\n    - ${list('a', 6)}`), {
      maxParamSetsPerApplicationSet: 10,
    });
    expect(r.applications).toEqual([]);
    expect(tooMany(r)).toEqual([{ line: 8, path: '/spec/generators/1', details: { count: 12, limit: 10 } }]);
  });

  it('a merge is a left join: its size is its base generator', () => {
    const r = expand(
      appSet(`    - {merge: {mergeKeys: [a], generators: [${list('a', 3)}, ${list('a', 30)}]}}`),
      { maxParamSetsPerGenerator: 10 },
    );
    // the second child alone (30) is over the per-generator limit
    expect(tooMany(r)).toEqual([
      {
        line: 7,
        path: '/spec/generators/0/merge/generators/1/list/elements',
        details: { count: 30, limit: 10 },
      },
    ]);
  });
});
