/**
 * spec.source.kustomize overrides and .argocd-source-<app>.yaml, observed in kubectl kustomize's output.
 */
import { join } from 'node:path';
import type { K8sObject, Manifest } from '@neuroscale/core';
import { describe, expect, it } from 'vitest';
import { applyKustomizeOverrides, parseImageArg } from '../src/sources/kustomize-overrides.js';
import { useRenderedFixture } from './helpers/fixture-repo.js';

const fixture = useRenderedFixture('kustomize');

const find = (app: string, kind: string, name: string): Manifest =>
  fixture.result.manifests.find(
    (m) => m.source.apps.at(-1) === app && m.object.kind === kind && m.object.metadata?.name === name,
  )!;
type Deploy = K8sObject & {
  spec: {
    replicas: number;
    template: {
      metadata: { annotations?: Record<string, string>; labels: Record<string, string> };
      spec: { containers: { image: string }[] };
    };
  };
};

describe('kustomize overrides', () => {
  it('namePrefix, nameSuffix and namespace', () => {
    const d = find('prod', 'Deployment', 'pre-api-suf');
    expect(d.object.metadata?.namespace).toBe('payments');
  });
  it('images: name=newName:tag', () => {
    const d = find('prod', 'Deployment', 'pre-api-suf').object as Deploy;
    expect(d.spec.template.spec.containers[0]!.image).toBe('registry.local/api:2.0.0');
  });
  it('replicas', () => {
    expect((find('prod', 'Deployment', 'pre-api-suf').object as Deploy).spec.replicas).toBe(3);
  });
  it('commonLabels are added next to the kustomization’s own; commonAnnotations', () => {
    const d = find('prod', 'Deployment', 'pre-api-suf').object as Deploy;
    expect(d.metadata?.labels).toMatchObject({ env: 'prod', team: 'payments' });
    expect(d.metadata?.annotations?.owner).toBe('team-payments');
  });
  it('components and patches are appended', () => {
    const d = find('prod', 'Deployment', 'pre-api-suf').object as Deploy;
    expect(d.spec.template.metadata.annotations?.debug).toBe('on');
    expect(
      (find('prod', 'ConfigMap', 'pre-api-config-suf').object as K8sObject & { data: Record<string, string> })
        .data.mode,
    ).toBe('patched');
  });
  it('.argocd-source-<app>.yaml overrides apply to that app only', () => {
    const d = find('prod-from-file', 'Deployment', 'api').object as Deploy;
    expect(d.spec.template.spec.containers[0]!.image).toBe('ghcr.io/example/api:9.9.9-from-argocd-source');
    expect(fixture.result.apps.find((a) => a.name === 'prod')!.sources[0]!.spec).not.toHaveProperty(
      'kustomize.images.1',
    );
  });
  it('unchanged objects keep their resource file as provenance, with a locator', () => {
    const svc = find('prod-from-file', 'Service', 'api');
    expect(svc.source.file).toBe('base/service.yaml');
    const d = find('prod-from-file', 'Deployment', 'api');
    expect(d.source.file).toBe('base/deployment.yaml');
  });
  it('add label without force fails on an existing key, like kustomize edit', () => {
    const f = fixture.result.findings.find((x) => x.ruleId === 'render/kustomize-edit-failed')!;
    expect(f.app).toBe('label-conflict');
    expect(f.message).toMatch(/team already in kustomization/);
  });
  it('the repository is never modified', async () => {
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(join(fixture.repo.root, 'overlays/prod/kustomization.yaml'), 'utf8')).not.toMatch(
      /namePrefix/,
    );
  });
});

describe('parseImageArg (kustomize edit set image)', () => {
  it.each([
    ['nginx:1.2', { name: 'nginx', newTag: '1.2' }],
    ['nginx=private/nginx:1.2', { name: 'nginx', newName: 'private/nginx', newTag: '1.2' }],
    ['alpine@sha256:abc', { name: 'alpine', digest: 'sha256:abc' }],
    ['mysql=mariadb', { name: 'mysql', newName: 'mariadb' }],
    ['localhost:5000/app:v1', { name: 'localhost:5000/app', newTag: 'v1' }],
  ])('%s', (arg, expected) => {
    expect(parseImageArg(arg)).toEqual(expected);
  });
  it('upserts: a new tag drops the digest', () => {
    const r = applyKustomizeOverrides({
      kustomization: { images: [{ name: 'a', digest: 'sha256:1' }] },
      overrides: { images: ['a:2'] },
      env: {},
      appDirAbs: '/nonexistent',
    });
    expect(r.kustomization.images).toEqual([{ name: 'a', newTag: '2' }]);
  });
  it('labelWithoutSelector writes a labels entry', () => {
    const r = applyKustomizeOverrides({
      kustomization: {},
      overrides: { commonLabels: { a: 'b' }, labelWithoutSelector: true },
      env: {},
      appDirAbs: '/x',
    });
    expect(r.kustomization.labels).toEqual([{ pairs: { a: 'b' }, includeSelectors: false }]);
  });
});
