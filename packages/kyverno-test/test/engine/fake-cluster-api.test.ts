import { describe, expect, it } from 'vitest';
import { fakeClusterGet, guessResourceOfKind } from '../../src/engine/variables/fake-cluster-api.js';

const objects = [
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'team-a' }, data: { k: '1' } },
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b', namespace: 'team-b' } },
  {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'deny', namespace: 'team-a' },
  },
  {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'widgets.example.io' },
    spec: {
      group: 'example.io',
      names: { kind: 'Widget', plural: 'widgets' },
      versions: [
        { name: 'v1beta1', storage: false },
        { name: 'v1', storage: true },
      ],
    },
  },
];

describe('fakeClusterGet (kyverno dclient rawAbsPathForFakeClient)', () => {
  it('guesses resource names as client-go does', () => {
    expect(['Pod', 'Ingress', 'NetworkPolicy', 'Endpoints', 'ComputeClass'].map(guessResourceOfKind)).toEqual(
      ['pods', 'ingresses', 'networkpolicies', 'endpoints', 'computeclasses'],
    );
  });

  it('gets a namespaced object by name, only in its namespace', () => {
    expect(fakeClusterGet('/api/v1/namespaces/team-a/configmaps/a', 'GET', objects)).toBe(objects[0]);
    expect(() => fakeClusterGet('/api/v1/namespaces/team-b/configmaps/a', 'GET', objects)).toThrow(
      'failed to GET resource with raw url: /api/v1/namespaces/team-b/configmaps/a: failed to get resource v1/ConfigMap/a: configmaps "a" not found',
    );
    expect(() =>
      fakeClusterGet('/apis/networking.k8s.io/v1/namespaces/team-a/networkpolicies/x', 'GET', objects),
    ).toThrow('networkpolicies.networking.k8s.io "x" not found');
  });

  it('lists one namespace or all of them, and a CRD resource with no object as an empty list', () => {
    const inA = fakeClusterGet('/api/v1/namespaces/team-a/configmaps', 'GET', objects) as {
      items: unknown[];
    };
    expect(inA).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMapList',
      metadata: { resourceVersion: '' },
      items: [objects[0]],
    });
    expect((fakeClusterGet('/api/v1/configmaps', 'GET', objects) as { items: unknown[] }).items).toHaveLength(
      2,
    );
    expect(fakeClusterGet('/apis/example.io/v1/widgets', 'GET', objects)).toEqual({
      apiVersion: 'example.io/v1',
      kind: 'WidgetList',
      metadata: { resourceVersion: '' },
      items: [],
    });
    // the CRD serves its storage version only
    expect(() => fakeClusterGet('/apis/example.io/v1beta1/widgets', 'GET', objects)).toThrow(
      /failed to list resources/,
    );
  });

  it('refuses other methods and paths it cannot parse, as the fake client does', () => {
    expect(() => fakeClusterGet('/api/v1/configmaps', 'POST', objects)).toThrow(
      'failed to POST resource with raw url: /api/v1/configmaps: method POST not supported for fake client',
    );
    expect(() => fakeClusterGet('/api/v1/namespaces/team-a', 'GET', objects)).toThrow(
      'failed to parse path: api/v1/namespaces/team-a',
    );
    expect(() => fakeClusterGet('/version', 'GET', objects)).toThrow('failed to parse path: version');
  });
});
