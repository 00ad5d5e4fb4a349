/**
 * Argo CD's normalisation, object by object, on hand-built render results: ignoreDifferences (jsonPointers,
 * jqPathExpressions through a real jq, overrides keyed like argocd-cm), the tracking annotation, Secret masking
 * and equal quantities; and the jq budget: a failing or runaway expression is a finding, never a crash.
 */
import type { AppNode, K8sObject, Manifest } from '@neuroscale/core';
import { describe, expect, it } from 'vitest';
import { type DiffRenderInput, diffRenders } from '../src/index.js';
import { wildcardMatch } from '../src/wildcard-match.js';

const APP: AppNode = {
  name: 'web',
  kind: 'Application',
  location: { file: 'apps/web.yaml', line: 1 },
  destination: { server: 'https://kubernetes.default.svc', namespace: 'web' },
  wave: 0,
  syncOptions: [],
  automated: false,
  sources: [],
  status: 'rendered',
  objectCount: 1,
};

function manifest(object: K8sObject, apps = ['root', 'web']): Manifest {
  return { object, source: { apps, file: 'manifests/web.yaml', documentIndex: 0, line: 3, column: 1 } };
}

function application(ignoreDifferences: unknown[]): Manifest {
  return manifest(
    {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: { name: 'web', namespace: 'argocd' },
      spec: { ignoreDifferences },
    },
    ['root'],
  );
}

function deployment(replicas: number, image: string, extra: Record<string, unknown> = {}): K8sObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'web',
      namespace: 'web',
      annotations: { 'argocd.argoproj.io/tracking-id': 'web:apps/Deployment:web/web' },
    },
    spec: {
      replicas,
      template: {
        spec: { containers: [{ name: 'main', image, resources: { requests: { cpu: '1', memory: '1Gi' } } }] },
      },
    },
    ...extra,
  };
}

const side = (objects: Manifest[]): DiffRenderInput => ({ apps: [APP], manifests: objects });

async function webDiff(base: Manifest[], head: Manifest[], options = {}) {
  const { diff, findings } = await diffRenders(side(base), side(head), options);
  return { app: diff.apps.find((a) => a.name === 'web'), findings };
}

describe('ignoreDifferences', () => {
  const base = [manifest(deployment(2, 'app:1'))];
  const head = [manifest(deployment(5, 'app:2'))];

  it('shows both fields without a rule', async () => {
    const { app } = await webDiff(base, head);
    expect(app?.status).toBe('changed');
    expect(app?.objects[0]?.diff).toContain('-  replicas: 2\n+  replicas: 5');
    expect(app?.objects[0]?.diff).toContain('-          image: app:1\n+          image: app:2');
  });

  it('hides jsonPointers and jqPathExpressions of the Application, evaluated by jq', async () => {
    const rules = [
      { group: 'apps', kind: 'Deployment', jsonPointers: ['/spec/replicas'] },
      {
        group: 'apps',
        kind: 'Deployment',
        jqPathExpressions: ['.spec.template.spec.containers[] | select(.name == "main").image'],
      },
    ];
    // a generous budget: a loaded test machine must not turn a correct expression into a budget finding
    const { app, findings } = await webDiff([application(rules), ...base], [application(rules), ...head], {
      jq: { timeoutMs: 10_000 },
    });
    expect(findings).toEqual([]);
    expect(app?.status).toBe('unchanged');
  });

  it("takes a root Application's rules (read from its file by the caller) for that app only", async () => {
    const rootAppIgnoreDifferences = {
      web: [{ group: 'apps', kind: 'Deployment', jsonPointers: ['/spec/replicas'] }],
    };
    const { app } = await webDiff(base, head, { rootAppIgnoreDifferences });
    expect(app?.objects[0]?.diff).not.toContain('replicas');
    // web is not a root app when another app rendered it: the file's rules do not apply
    const child = { ...APP, parent: 'root' };
    const r = await diffRenders(
      { apps: [child], manifests: base },
      { apps: [child], manifests: head },
      { rootAppIgnoreDifferences },
    );
    expect(r.diff.apps[0]?.objects[0]?.diff).toContain('replicas');
  });

  it('takes overrides keyed like argocd-cm (group_kind, all) with glob group/kind', async () => {
    const hideReplicas = {
      ignoreDifferencesOverrides: { apps_Deployment: { jsonPointers: ['/spec/replicas'] } },
    };
    const a = await webDiff(base, head, hideReplicas);
    expect(a.app?.objects[0]?.diff).not.toContain('replicas');
    expect(a.app?.objects[0]?.diff).toContain('app:2');
    const all = { ignoreDifferencesOverrides: { all: { jqPathExpressions: ['.spec'] } } };
    expect((await webDiff(base, head, all)).app?.status).toBe('unchanged');
    const otherGroup = {
      ignoreDifferencesOverrides: { 'batch/Deployment': { jqPathExpressions: ['.spec'] } },
    };
    expect((await webDiff(base, head, otherGroup)).app?.status).toBe('changed');
  });

  it('a failing or runaway jq expression is a finding with the object source, and the field stays visible', async () => {
    const rules = [
      {
        group: 'apps',
        kind: 'Deployment',
        jqPathExpressions: ['.spec.replicas | (', 'last(range(1e15)) | .spec'],
      },
    ];
    const { app, findings } = await webDiff([application(rules), ...base], [application(rules), ...head], {
      jq: { timeoutMs: 300 },
    });
    expect(app?.objects[0]?.diff).toContain('+  replicas: 5');
    // base and head fail the same way: one finding each
    expect(findings.map((f) => f.ruleId)).toEqual(['diff/jq-failed', 'diff/jq-limit']);
    expect(findings[0]?.location).toEqual({ file: 'manifests/web.yaml', line: 3 });
  }, 30_000);

  it('notes managedFieldsManagers as not applicable offline', async () => {
    const rules = [{ group: 'apps', kind: 'Deployment', managedFieldsManagers: ['kube-controller-manager'] }];
    const { findings } = await webDiff([application(rules), ...base], [application(rules), ...base]);
    expect(findings.map((f) => [f.ruleId, f.severity])).toEqual([['diff/managed-fields-offline', 'info']]);
  });
});

describe('defaults Argo CD does not sync', () => {
  it('ignores the tracking annotation, status, nulls and equal quantities', async () => {
    const b = deployment(2, 'app:1');
    const h = deployment(2, 'app:1', { status: { readyReplicas: 2 } });
    (h.metadata as Record<string, unknown>).annotations = {
      'argocd.argoproj.io/tracking-id': 'other:apps/Deployment:web/web',
    };
    (h.metadata as Record<string, unknown>).creationTimestamp = null;
    const c = (
      h.spec as { template: { spec: { containers: { resources: { requests: Record<string, string> } }[] } } }
    ).template.spec.containers[0];
    if (c) c.resources.requests = { cpu: '1000m', memory: '1024Mi' };
    expect((await webDiff([manifest(b)], [manifest(h)])).app?.status).toBe('unchanged');
    if (c) c.resources.requests = { cpu: '1500m', memory: '1024Mi' };
    expect((await webDiff([manifest(b)], [manifest(h)])).app?.objects[0]?.diff).toContain(
      '-              cpu: "1"\n+              cpu: 1500m\n               memory: 1Gi',
    );
  });
});

describe('Secret masking', () => {
  const secret = (data: Record<string, string>, stringData?: Record<string, string>): K8sObject => ({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 's', namespace: 'web' },
    data,
    ...(stringData ? { stringData } : {}),
  });

  it('shows which keys changed with + runs, never a value', async () => {
    const b = secret({ user: 'YWRtaW4=', pass: 'b2xk' });
    const h = secret({ user: 'YWRtaW4=' }, { pass: 'new-secret', extra: 'x' });
    const { app } = await webDiff([manifest(b)], [manifest(h)]);
    const text = app?.objects[0]?.diff ?? '';
    expect(text).toContain('-  pass: ++++++++\n+  extra: ++++++++\n+  pass: +++++++++');
    expect(text).toContain('   user: ++++++++');
    for (const secretText of [
      'YWRtaW4',
      'b2xk',
      'new-secret',
      'stringData',
      Buffer.from('new-secret').toString('base64'),
    ])
      expect(text).not.toContain(secretText);
  });

  it('masks an added Secret too', async () => {
    const { app } = await webDiff([], [manifest(secret({ k: 'dmFsdWU=' }))]);
    expect(app?.objects[0]?.change).toBe('added');
    expect(app?.objects[0]?.diff).toContain('+  k: ++++++++');
    expect(app?.objects[0]?.diff).not.toContain('dmFsdWU');
  });
});

describe('apps and size limits', () => {
  it('an app that moves to another namespace is removed + added', async () => {
    const moved: AppNode = { ...APP, destination: { ...APP.destination, namespace: 'web2' } };
    const m = manifest(deployment(1, 'a'));
    const { diff } = await diffRenders(side([m]), { apps: [moved], manifests: [m] });
    expect(diff.apps.map((a) => [a.name, a.namespace, a.status])).toEqual([
      ['web', 'web', 'removed'],
      ['web', 'web2', 'added'],
    ]);
  });

  it('an object over the size cap is a note and a finding, not a diff', async () => {
    const { app, findings } = await webDiff(
      [manifest(deployment(1, 'a'))],
      [manifest(deployment(1, 'b'.repeat(5000)))],
      {
        maxObjectBytes: 1000,
      },
    );
    expect(app?.objects[0]?.diff).toMatch(/over the diff limit of 1000/);
    expect(findings.map((f) => f.ruleId)).toEqual(['diff/object-too-large']);
  });
});

describe('wildcardMatch', () => {
  it('matches * across dots and ? as one character, in linear time on hostile patterns', () => {
    expect(wildcardMatch('*.crossplane.io', 'aws.crossplane.io')).toBe(true);
    expect(wildcardMatch('', '')).toBe(true);
    expect(wildcardMatch('', 'apps')).toBe(false);
    expect(wildcardMatch('Deploy?ent', 'Deployment')).toBe(true);
    expect(wildcardMatch(`${'*a'.repeat(500)}b`, 'a'.repeat(5000))).toBe(false);
  });
});
