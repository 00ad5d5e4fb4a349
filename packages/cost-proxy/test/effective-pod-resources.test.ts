import { describe, expect, it } from 'vitest';
import { effectivePodResources, podInputFromSpec } from '../src/pod/effective-pod-resources.js';
import { formatResource, type ResourceList } from '../src/quantity/resource-list.js';

const c = (
  name: string,
  requests?: Record<string, unknown>,
  limits?: Record<string, unknown>,
  extra = {},
) => ({
  name,
  image: 'x',
  resources: { ...(requests ? { requests } : {}), ...(limits ? { limits } : {}) },
  ...extra,
});

function pod(spec: Record<string, unknown>) {
  const built = podInputFromSpec(spec, '/spec');
  expect(built.problems).toEqual([]);
  const r = effectivePodResources(built.pod);
  const fmt = (l: ResourceList) =>
    Object.fromEntries(Object.entries(l).map(([k, v]) => [k, formatResource(k, v)]));
  return {
    requests: fmt(r.requests),
    limits: fmt(r.limits),
    problems: r.problems,
    missing: r.missingRequests,
  };
}

describe('effective pod requests (Kubernetes sidecar-containers.md worked examples)', () => {
  it('sidecar listed before an init container: 100m + 200m = 300m', () => {
    const r = pod({
      initContainers: [
        c('sidecar', { cpu: '100m' }, undefined, { restartPolicy: 'Always' }),
        c('init', { cpu: '200m' }),
      ],
      containers: [c('app', { cpu: '50m' })],
    });
    expect(r.requests.cpu).toBe('300m');
  });

  it('the same containers with the init container first: 200m', () => {
    const r = pod({
      initContainers: [
        c('init', { cpu: '200m' }),
        c('sidecar', { cpu: '100m' }, undefined, { restartPolicy: 'Always' }),
      ],
      containers: [c('app', { cpu: '50m' })],
    });
    expect(r.requests.cpu).toBe('200m');
  });

  it('steady state wins when app + sidecars exceed every init step', () => {
    const r = pod({
      initContainers: [
        c('sidecar', { cpu: '300m', memory: '64Mi' }, undefined, { restartPolicy: 'Always' }),
        c('init', { cpu: '100m' }),
      ],
      containers: [c('a', { cpu: '250m', memory: '128Mi' }), c('b', { cpu: '250m', memory: '128Mi' })],
    });
    expect(r.requests).toEqual({ cpu: '800m', memory: '320Mi' });
  });

  it('classic rule without sidecars: max(max(init), sum(app)) per resource', () => {
    const r = pod({
      initContainers: [c('migrate', { cpu: '2', memory: '64Mi' }), c('warm', { cpu: '500m', memory: '1Gi' })],
      containers: [c('a', { cpu: '250m', memory: '256Mi' }), c('b', { cpu: '250m', memory: '256Mi' })],
    });
    expect(r.requests).toEqual({ cpu: '2', memory: '1Gi' });
  });

  it('a limit with no request counts as the request; overhead is added', () => {
    const r = pod({
      containers: [c('a', { memory: '100Mi' }, { cpu: '1', memory: '200Mi', 'nvidia.com/gpu': 1 })],
      overhead: { cpu: '250m', memory: '120Mi' },
    });
    expect(r.requests).toEqual({ cpu: '1250m', memory: '220Mi', 'nvidia.com/gpu': '1' });
    expect(r.limits).toEqual({ cpu: '1250m', memory: '320Mi', 'nvidia.com/gpu': '1' });
  });

  it('overhead is added to limits only where a limit exists', () => {
    const r = pod({
      containers: [c('a', { cpu: '1', memory: '1Gi' }, { memory: '2Gi' })],
      overhead: { cpu: '100m', memory: '10Mi' },
    });
    expect(r.limits).toEqual({ memory: '2058Mi' });
  });

  it('pod-level spec.resources overrides cpu and memory, not extended resources', () => {
    const r = pod({
      resources: { requests: { cpu: '3', memory: '4Gi' } },
      containers: [c('a', { cpu: '1', memory: '1Gi', 'example.com/foo': '2' })],
    });
    expect(r.requests).toEqual({ cpu: '3', memory: '4Gi', 'example.com/foo': '2' });
  });

  it('reports containers with neither request nor limit', () => {
    const r = pod({ containers: [c('a', { cpu: '1' }), { name: 'b', image: 'x' }] });
    expect(r.missing).toEqual(['a', 'b']);
    expect(r.requests).toEqual({ cpu: '1' });
  });

  it('returns located problems for malformed quantities', () => {
    const built = podInputFromSpec(
      { containers: [c('a', { cpu: '1 core', memory: '-1Gi' })] },
      '/spec/template/spec',
    );
    const r = effectivePodResources(built.pod);
    expect(r.problems.map((p) => [p.pointer, p.kind])).toEqual([
      ['/spec/template/spec/containers/0/resources/requests/cpu', 'quantity'],
      ['/spec/template/spec/containers/0/resources/requests/memory', 'quantity'],
    ]);
  });
});
