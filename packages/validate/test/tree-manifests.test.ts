/**
 * `treeManifests`: validate one part of a rendered tree (a CI shard) against the whole of it — CRDs rendered
 * by other apps give scopes, and the duplicate-object check sees objects of other apps.
 */
import type { AppNode, Manifest } from '@neuroscale/core';
import { describe, expect, it } from 'vitest';
import { validate } from '../src/index.js';
import { hasGenerated, manifests } from './helpers.js';

const app = (name: string): AppNode => ({
  name,
  kind: 'Application',
  location: { file: `apps/${name}.yaml`, line: 1 },
  destination: { namespace: 'shop' },
  wave: 0,
  syncOptions: [],
  automated: true,
  sources: [],
  status: 'rendered',
  objectCount: 0,
});
const inApp = (ms: Manifest[], name: string): Manifest[] =>
  ms.map((m) => ({ ...m, source: { ...m.source, apps: ['root', name] } }));
const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: shared\ndata: {a: b}\n';
const crd = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  names: {kind: Widget, plural: widgets}
  scope: Cluster
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec: {type: object, properties: {size: {type: integer}}}
`;
const widget =
  'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n  namespace: shop\nspec: {size: "big"}\n';

describe.skipIf(!hasGenerated)('validate with treeManifests', () => {
  const a = inApp(manifests(cm, 'apps/a/cm.yaml'), 'a');
  const b = inApp(manifests(cm, 'apps/b/cm.yaml'), 'b');
  const apps = [app('a'), app('b')];

  it('finds a duplicate with an object outside the part it validates', async () => {
    const alone = await validate(a, { apps, kubeVersion: '1.33' });
    expect(alone.findings.filter((f) => f.ruleId === 'duplicate/object')).toEqual([]);
    const part = await validate(a, { apps, kubeVersion: '1.33', treeManifests: [...a, ...b] });
    expect(part.summary.objects).toBe(1);
    expect(
      part.findings.filter((f) => f.ruleId === 'duplicate/object').map((f) => [f.app, f.location?.file]),
    ).toEqual([
      ['a', 'apps/a/cm.yaml'],
      ['b', 'apps/b/cm.yaml'],
    ]);
  });

  it('takes the scope and schema of a custom resource from a CRD another app rendered', async () => {
    const defs = inApp(manifests(crd, 'apps/crds/crd.yaml'), 'crds');
    const objs = inApp(manifests(widget, 'apps/w/widget.yaml'), 'w');
    const alone = await validate(objs, { kubeVersion: '1.33' });
    const part = await validate(objs, { kubeVersion: '1.33', treeManifests: [...defs, ...objs] });
    const rules = (r: typeof part) => r.findings.map((f) => f.ruleId).sort();
    // without the CRD there is no schema for Widget; with it the wrong type and the cluster scope are found
    expect(rules(alone)).not.toEqual(rules(part));
    expect(part.findings.some((f) => f.path === '/spec/size')).toBe(true);
  });
});
