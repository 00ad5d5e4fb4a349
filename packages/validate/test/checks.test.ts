import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppNode, Manifest } from '@neuroscale/core';
import { describe, expect, it } from 'vitest';
import { apiStatus } from '../src/checks/deprecated-apis.js';
import { validate } from '../src/index.js';
import { fixtures, hasGenerated, manifests } from './helpers.js';

const dir = join(fixtures, 'checks');
const cases = readdirSync(dir)
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => f.replace(/\.yaml$/, ''))
  .sort();

function app(name: string, extra: Partial<AppNode> = {}): AppNode {
  return {
    name,
    kind: 'Application',
    location: { file: `apps/${name}.yaml`, line: 1 },
    wave: 0,
    syncOptions: [],
    automated: true,
    sources: [],
    status: 'rendered',
    objectCount: 0,
    ...extra,
  };
}

function inApp(ms: Manifest[], name: string): Manifest[] {
  return ms.map((m) => ({ ...m, source: { ...m.source, apps: ['root', name] } }));
}

describe.skipIf(!hasGenerated)('checks beyond the schema', () => {
  it.each(cases)('%s: findings match the expected file', async (name) => {
    const text = readFileSync(join(dir, `${name}.yaml`), 'utf8');
    const expected = JSON.parse(readFileSync(join(dir, `${name}.expected.json`), 'utf8'));
    const r = await validate(manifests(text, `${name}.yaml`), { kubeVersion: '1.33' });
    expect(
      r.findings
        .filter((f) => f.ruleId !== 'schema/cel-not-evaluated')
        .map((f) => [f.ruleId, f.severity, f.location?.line]),
    ).toEqual(expected);
  });

  it('explains removals with the version and the replacement', async () => {
    const text = readFileSync(join(dir, 'removed-apis.yaml'), 'utf8');
    const r = await validate(manifests(text), { kubeVersion: '1.33' });
    const messages = r.findings.map((f) => f.message);
    expect(messages).toContain(
      'extensions/v1beta1 Deployment was removed in Kubernetes 1.16 and cannot be applied to 1.33; use apps/v1',
    );
    expect(messages).toContain(
      'flowcontrol.apiserver.k8s.io/v1beta3 FlowSchema was removed in Kubernetes 1.32 and cannot be applied to 1.33; use flowcontrol.apiserver.k8s.io/v1',
    );
    // on 1.31 the same FlowSchema is still served, with a warning
    expect(apiStatus('flowcontrol.apiserver.k8s.io/v1beta3', 'FlowSchema', '1.31')).toEqual({
      goneIn: '1.32',
      replacement: 'flowcontrol.apiserver.k8s.io/v1',
    });
    const on131 = await validate(manifests(text), { kubeVersion: '1.31' });
    expect(on131.findings.find((f) => f.object?.kind === 'FlowSchema')?.ruleId).toBe('api/deprecated');
  });

  it('suggests the kind meant when a kind is misspelt', async () => {
    const r = await validate(
      manifests(
        'apiVersion: apps/v1\nkind: Deploymnet\nmetadata: {name: a}\n---\napiVersion: kyverno.io/v1\nkind: ClusterPolicyy\nmetadata: {name: p}\n',
      ),
    );
    expect(r.findings.map((f) => f.message)).toEqual([
      'Kubernetes 1.33 has no kind Deploymnet in apps/v1; did you mean Deployment?',
      'no schema for ClusterPolicyy kyverno.io/v1: no CustomResourceDefinition among the manifests, none in the bundled catalog and none in the schema locations; the object was not validated (the known kinds of kyverno.io include ClusterPolicy: a typo?)',
    ]);
  });

  it('warns about CRD versions the bundled catalog marks deprecated', async () => {
    const r = await validate(
      manifests(
        'apiVersion: kyverno.io/v2beta1\nkind: PolicyException\nmetadata: {name: e, namespace: kyverno}\nspec:\n  exceptions: []\n  match: {any: []}\n',
      ),
    );
    expect(
      r.findings.filter((f) => f.ruleId === 'api/deprecated').map((f) => [f.severity, f.location?.line]),
    ).toEqual([['warning', 1]]);
  });

  it('reports an object two Applications render, at both places, using destination namespaces', async () => {
    const cm = (ns?: string) =>
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: shared\n${ns ? `  namespace: ${ns}\n` : ''}data: {a: b}\n`;
    const a = inApp(manifests(cm(), 'apps/a/cm.yaml'), 'a');
    const b = inApp(manifests(cm('shop'), 'apps/b/cm.yaml'), 'b');
    const c = inApp(manifests(cm(), 'apps/c/cm.yaml'), 'c');
    const apps = [
      app('a', { destination: { namespace: 'shop' } }),
      app('b'),
      app('c', { destination: { namespace: 'other' } }),
    ];
    const r = await validate([...a, ...b, ...c], { apps });
    const dups = r.findings.filter((f) => f.ruleId === 'duplicate/object');
    expect(dups.map((f) => [f.location?.file, f.location?.line, f.app])).toEqual([
      ['apps/a/cm.yaml', 4, 'a'],
      ['apps/b/cm.yaml', 4, 'b'],
    ]);
    expect(dups[0]?.message).toBe(
      'ConfigMap shop/shared is also defined at apps/b/cm.yaml:1 (app b): several Applications manage the same object and overwrite each other on every sync',
    );
  });

  it('checks labels and annotations in every map they sit in, each finding at its own pointer', async () => {
    const bad = '{"bad key!": x}';
    const cron = `apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c, labels: ${bad}, annotations: ${bad}}\nspec:\n  schedule: "* * * * *"\n  selector: {matchLabels: ${bad}}\n  template: {metadata: {labels: ${bad}, annotations: ${bad}}}\n  jobTemplate:\n    metadata: {labels: ${bad}}\n    spec:\n      selector: {matchLabels: ${bad}}\n      template: {metadata: {labels: ${bad}}}\n`;
    const svc = `apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {selector: ${bad}}\n`;
    const r = await validate(manifests(`${cron}---\n${svc}`), { skipChecks: ['duplicates'] });
    const paths = r.findings
      .filter((f) => f.ruleId === 'metadata/invalid-label' || f.ruleId === 'metadata/invalid-annotation')
      .map((f) => `${f.location?.file}:${f.location?.line} ${f.path}`);
    expect(paths.sort()).toEqual(
      [
        'test.yaml:3 /metadata/annotations/bad key!',
        'test.yaml:3 /metadata/labels/bad key!',
        'test.yaml:6 /spec/selector/matchLabels/bad key!',
        'test.yaml:7 /spec/template/metadata/annotations/bad key!',
        'test.yaml:7 /spec/template/metadata/labels/bad key!',
        'test.yaml:9 /spec/jobTemplate/metadata/labels/bad key!',
        'test.yaml:11 /spec/jobTemplate/spec/selector/matchLabels/bad key!',
        'test.yaml:12 /spec/jobTemplate/spec/template/metadata/labels/bad key!',
        'test.yaml:17 /spec/selector/bad key!',
      ].sort(),
    );
  });

  it('an object rendered three times: each copy names the other two, in input order, beside a single object', async () => {
    const cm = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}, namespace: x}\n`;
    const r = await validate(manifests([cm('a'), cm('b'), cm('a'), cm('a')].join('---\n'), 'three.yaml'));
    const dups = r.findings.filter((f) => f.ruleId === 'duplicate/object');
    expect(dups.map((f) => [f.location?.line, f.message])).toEqual([
      [
        3,
        'ConfigMap x/a is also defined at three.yaml:9, three.yaml:13: the object is rendered more than once; only the last copy is applied',
      ],
      [
        11,
        'ConfigMap x/a is also defined at three.yaml:1, three.yaml:13: the object is rendered more than once; only the last copy is applied',
      ],
      [
        15,
        'ConfigMap x/a is also defined at three.yaml:1, three.yaml:9: the object is rendered more than once; only the last copy is applied',
      ],
    ]);
  });

  it('does not count implicit CreateNamespace Namespaces or hooks as duplicates', async () => {
    const ns = (file: string, appName: string) =>
      inApp(manifests('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: kserve\n', file), appName).map(
        (m) => ({
          ...m,
          source: { ...m.source, sourceType: 'generated' as const },
        }),
      );
    const hook = (file: string, appName: string) =>
      inApp(
        manifests(
          'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: migrate\n  namespace: db\nspec: {template: {spec: {restartPolicy: Never, containers: [{name: m, image: "busybox:1.36"}]}}}\n',
          file,
        ),
        appName,
      ).map((m) => ({
        ...m,
        source: { ...m.source, syncRole: 'hook' as const },
      }));
    const r = await validate(
      [
        ...ns('apps/a.yaml', 'a'),
        ...ns('apps/b.yaml', 'b'),
        ...hook('apps/a/job.yaml', 'a'),
        ...hook('apps/b/job.yaml', 'b'),
      ],
      {
        apps: [app('a'), app('b')],
      },
    );
    expect(r.findings.filter((f) => f.ruleId === 'duplicate/object')).toEqual([]);
  });

  it('flags a CRD too large for client-side apply unless ServerSideApply or Replace is set', async () => {
    const props: Record<string, unknown> = {};
    for (let i = 0; i < 3000; i++) props[`field${i}`] = { type: 'string', description: 'x'.repeat(80) };
    const crd = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'bigs.example.com' },
      spec: {
        group: 'example.com',
        scope: 'Namespaced',
        names: { kind: 'Big', plural: 'bigs' },
        versions: [
          {
            name: 'v1',
            served: true,
            storage: true,
            schema: {
              openAPIV3Schema: {
                type: 'object',
                properties: { spec: { type: 'object', properties: props } },
              },
            },
          },
        ],
      },
    };
    const text = JSON.stringify(crd);
    const plain = inApp(manifests(text, 'crds/big.json'), 'crds');
    const r = await validate(plain, { apps: [app('crds')] });
    const big = r.findings.filter((f) => f.ruleId === 'apply/crd-too-large');
    expect(big).toHaveLength(1);
    expect(big[0]?.message).toContain('ServerSideApply=true');
    const ssa = await validate(plain, {
      apps: [app('crds', { syncOptions: ['CreateNamespace=true', 'ServerSideApply=true'] })],
    });
    expect(ssa.findings.filter((f) => f.ruleId.startsWith('apply/'))).toEqual([]);
    const annotated = structuredClone(crd) as typeof crd & {
      metadata: { annotations?: Record<string, string> };
    };
    annotated.metadata.annotations = { 'argocd.argoproj.io/sync-options': 'Replace=true' };
    const byAnnotation = await validate(manifests(JSON.stringify(annotated)), {});
    expect(byAnnotation.findings.filter((f) => f.ruleId.startsWith('apply/'))).toEqual([]);
  });

  it('reports documents that are not Kubernetes objects without crashing', async () => {
    const r = await validate(
      manifests(
        'replicaCount: 2\nimage:\n  tag: v1\n---\n- a\n- b\n---\napiVersion: v1\nmetadata: {name: x}\n---\napiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata: {name: a}\n    datta: {}\n',
      ),
    );
    expect(r.findings.map((f) => [f.ruleId, f.location?.line, f.path ?? ''])).toEqual([
      ['schema/missing-kind', 1, ''],
      ['schema/missing-kind', 5, ''],
      ['schema/missing-kind', 8, ''],
      ['schema/unknown-field', 17, '/items/0/datta'],
    ]);
    expect(r.summary).toEqual({ objects: 4, valid: 0, invalid: 4, skipped: 0 });
  });
});
