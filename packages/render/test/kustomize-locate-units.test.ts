/** Pure parts of kustomize output locating: patch targets, name candidates, merge-key walk, inline patches. */
import { loadYaml } from '@neuroscale/core';
import { describe, expect, it } from 'vitest';
import { walkInput } from '../src/sources/kustomize-merge-walk.js';
import {
  labelSelectorMatches,
  nameCandidates,
  selectorMatches,
} from '../src/sources/kustomize-patch-target.js';
import { collectPatches, type LayerView } from '../src/sources/kustomize-patches.js';
import { splitImage } from '../src/sources/kustomize-transformer-locations.js';

describe('patch targets', () => {
  it('label selectors: =, ==, !=, in, notin, exists, !exists', () => {
    const l = { app: 'web', tier: 'front' };
    expect(labelSelectorMatches('app=web', l)).toBe(true);
    expect(labelSelectorMatches('app==web,tier!=back', l)).toBe(true);
    expect(labelSelectorMatches('app=api', l)).toBe(false);
    expect(labelSelectorMatches('tier in (front, back)', l)).toBe(true);
    expect(labelSelectorMatches('tier notin (front)', l)).toBe(false);
    expect(labelSelectorMatches('app,!canary', l)).toBe(true);
    expect(labelSelectorMatches('canary', l)).toBe(false);
    expect(labelSelectorMatches('a b c', l)).toBe(false);
  });
  it('names before namePrefix/nameSuffix (stacked layers)', () => {
    expect(nameCandidates('prod-eu-api-v2', ['eu-', 'prod-'], ['-v2']).sort()).toEqual(
      ['api', 'api-v2', 'eu-api', 'eu-api-v2', 'prod-eu-api', 'prod-eu-api-v2'].sort(),
    );
    expect(nameCandidates('api', ['prod-'], [])).toEqual(['api']);
  });
  it('selector fields are anchored regular expressions', () => {
    const id = {
      object: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'prod-api' } },
      names: ['prod-api', 'api'],
    };
    expect(selectorMatches({ kind: 'Deploy' }, id)).toBe(false);
    expect(selectorMatches({ kind: 'Deploy.*', name: 'api' }, id)).toBe(true);
    expect(selectorMatches({ group: 'apps', version: 'v1' }, id)).toBe(true);
    expect(selectorMatches({ group: '', kind: 'Service' }, id)).toBe(false);
  });
  it('image references split at the tag after the last slash', () => {
    expect(splitImage('localhost:5000/a/b:1.2@sha256:x')).toEqual({
      repo: 'localhost:5000/a/b',
      tag: '1.2',
      digest: 'sha256:x',
    });
    expect(splitImage('localhost:5000/a/b')).toEqual({ repo: 'localhost:5000/a/b' });
  });
});

describe('merge-key walk', () => {
  const output = {
    spec: {
      containers: [{ name: 'api', env: [{ name: 'A', value: '1' }] }, { name: 'side' }],
      args: ['a', 'b'],
    },
  };
  it('matches containers by name, not index', () => {
    const patch = { spec: { containers: [{ name: 'side', image: 'x' }] } };
    expect(walkInput(output, patch, ['spec', 'containers', '1', 'name'])).toMatchObject({
      resolved: true,
      docPointer: '/spec/containers/0/name',
    });
    expect(walkInput(output, patch, ['spec', 'containers', '0', 'name']).resolved).toBe(false);
  });
  it('lists without merge key: by position when replaced whole', () => {
    expect(walkInput(output, { spec: { args: ['a', 'b'] } }, ['spec', 'args', '1'])).toMatchObject({
      resolved: true,
      node: 'b',
    });
    expect(walkInput(output, { spec: { args: ['b'] } }, ['spec', 'args', '1'])).toMatchObject({
      resolved: true,
      docPointer: '/spec/args/0',
    });
  });
});

describe('inline patches', () => {
  const layerOf = (text: string): LayerView => {
    const doc = loadYaml(text, { file: 'k.yaml' }).documents[0]!;
    return {
      file: 'k.yaml',
      dirRel: '',
      textOf: () => text,
      value: doc.value as Record<string, unknown>,
      locate: doc.locate,
    };
  };
  it('a block scalar maps patch lines to kustomization lines', () => {
    const text =
      'patches:\n  - target: {kind: Service}\n    patch: |-\n      - op: replace\n        path: /spec/type\n        value: NodePort\n';
    const [p] = collectPatches([layerOf(text)], () => undefined);
    expect(p!.kind).toBe('json6902');
    expect(p!.at('/0/value')).toEqual({ file: 'k.yaml', line: 6, column: 9 });
  });
  it('a quoted patch cannot be mapped line for line: the entry line', () => {
    const text =
      'patches:\n  - target: {kind: Service}\n    patch: "[{op: replace, path: /spec/type, value: NodePort}]"\n';
    const [p] = collectPatches([layerOf(text)], () => undefined);
    expect(p!.at('/0/value')).toEqual({ file: 'k.yaml', line: 3, column: 5 });
  });
  it('an SMP patch file relative to the kustomization folder, every document', () => {
    const text = 'patchesStrategicMerge:\n  - ../p.yaml\n';
    const layer = { ...layerOf(text), dirRel: 'ov/prod', file: 'ov/prod/kustomization.yaml' };
    const files: Record<string, string> = {
      'ov/p.yaml': 'kind: A\nmetadata: {name: a}\n---\nkind: B\nmetadata: {name: b}\n',
    };
    const ps = collectPatches([layer], (rel) => files[rel]);
    expect(ps.map((p) => [p.kind, p.at('/kind')])).toEqual([
      ['smp', { file: 'ov/p.yaml', line: 1, column: 1 }],
      ['smp', { file: 'ov/p.yaml', line: 4, column: 1 }],
    ]);
  });
});
