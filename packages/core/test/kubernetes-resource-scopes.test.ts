import { describe, expect, it } from 'vitest';
import {
  normalizeKubernetesVersion,
  SUPPORTED_KUBERNETES_VERSIONS,
} from '../src/kubernetes/kubernetes-versions.js';
import {
  clusterScopedKinds,
  KUBE_RESOURCES,
  kubernetesResourcesFor,
  PLATFORM_CRD_SCOPES,
} from '../src/kubernetes/resource-scopes.js';

const kindOf = (gvk: string) => gvk.slice(gvk.lastIndexOf('/') + 1);

describe('resource scope table', () => {
  it('has one generated table per supported Kubernetes minor', () => {
    expect(Object.keys(KUBE_RESOURCES).sort()).toEqual([...SUPPORTED_KUBERNETES_VERSIONS]);
  });

  it('never has a kind name that is cluster-scoped in one group and namespaced in another', () => {
    const cluster = new Set([
      ...Object.values(KUBE_RESOURCES).flatMap((t) => t.cluster.map(kindOf)),
      ...PLATFORM_CRD_SCOPES.filter((c) => c.scope === 'Cluster').map((c) => c.kind),
    ]);
    const namespaced = new Set([
      ...Object.values(KUBE_RESOURCES).flatMap((t) => t.namespaced.map(kindOf)),
      ...PLATFORM_CRD_SCOPES.filter((c) => c.scope === 'Namespaced').map((c) => c.kind),
    ]);
    expect([...cluster].filter((k) => namespaced.has(k))).toEqual([]);
  });

  it.each([
    ['1.33', '1.33'],
    ['v1.32.4', '1.32'],
    ['1.29', '1.30'],
    ['1.40', '1.35'],
    ['', '1.30'],
  ])('kubernetesResourcesFor(%j) reads %s', (version, minor) => {
    expect(kubernetesResourcesFor(version).minor).toBe(minor);
  });

  it.each([
    // kind, 1.32 built-in only, 1.32 with platform CRDs
    ['Namespace', true, true],
    ['ClusterRole', true, true],
    ['PersistentVolume', true, true],
    ['ResourceSlice', true, true],
    ['StorageVersionMigration', true, true],
    ['Pod', false, false],
    ['ClusterPolicy', false, true],
    ['ClusterServingRuntime', false, true],
    ['Policy', false, false],
    ['InferenceService', false, false],
  ])('%s: cluster-scoped %s (built-in) / %s (with platform CRDs)', (kind, builtIn, withCrds) => {
    expect(clusterScopedKinds({ kubernetesVersion: '1.32', platformCrds: false }).has(kind)).toBe(builtIn);
    expect(clusterScopedKinds({ kubernetesVersion: '1.32', platformCrds: true }).has(kind)).toBe(withCrds);
  });
});

describe('normalizeKubernetesVersion', () => {
  it.each([
    ['1.33', '1.33'],
    ['v1.33', '1.33'],
    ['1.33.2', '1.33'],
    [' v1.30.0 ', '1.30'],
    [undefined, '1.33'],
    ['', '1.33'],
    ['1.29', undefined],
    ['latest', undefined],
  ])('%j → %j', (input, expected) => {
    expect(normalizeKubernetesVersion(input)).toBe(expected);
  });
});
