import type { K8sObject, Manifest } from '@neuroscale/core';
import { describe, expect, it } from 'vitest';
import { cleanSetParameter } from '../src/sources/render-helm-source.js';
import { useRenderedFixture } from './helpers/fixture-repo.js';

const fixture = useRenderedFixture('helm');

const find = (app: string, kind: string, name: string): Manifest | undefined =>
  fixture.result.manifests.find(
    (m) => m.source.apps.at(-1) === app && m.object.kind === kind && m.object.metadata?.name === name,
  );
const data = (app: string, name: string) =>
  (find(app, 'ConfigMap', name)!.object as K8sObject & { data: Record<string, string> }).data;

describe('helm value precedence', () => {
  it('chart values are the base', () => {
    expect(data('values-object', 'vo-values').a).toBe('chart');
    expect(data('values-object', 'vo-values').b).toBe('chart');
  });
  it('valueFiles override chart values, later files win', () => {
    const d = data('precedence', 'precedence-values');
    expect(d.b).toBe('file1');
    expect(d.c).toBe('file2');
  });
  it('inline values override value files', () => {
    expect(data('precedence', 'precedence-values').d).toBe('inline');
  });
  it('parameters override inline values; commas escaped, {a,b} kept as a list, forceString', () => {
    const d = data('precedence', 'precedence-values');
    expect(d.e).toBe('param');
    expect(d.f).toBe('x,y');
    expect(d.list).toBe('["one","two"]');
    expect(d.g).toBe('string:true');
  });
  it('$ARGOCD_APP_NAME is substituted in parameter values', () => {
    expect(data('precedence', 'precedence-values').a).toBe('precedence');
  });
  it('valuesObject replaces values (no merge)', () => {
    const d = data('values-object', 'vo-values');
    expect(d.d).toBe('from-values-object');
    expect(d.e).toBe('chart');
  });
  it('releaseName, namespace = destination.namespace, kube version 1.33', () => {
    const d = data('values-object', 'vo-values');
    expect(d.namespace).toBe('other');
    expect(d.kubeVersion).toBe('v1.33.0');
  });
  it('$ref value files resolve from the ref source root', () => {
    expect(data('multi-source', 'ms-values').a).toBe('from-ref');
  });
  it('ignoreMissingValueFiles skips the missing file, and a leading / is repo-root relative', () => {
    const d = data('ignore-missing', 'ignore-missing-values');
    expect(d.c).toBe('file2');
    const app = fixture.result.apps.find((a) => a.name === 'ignore-missing')!;
    expect(app.sources[0]!.helm!.valueFiles).toEqual(['charts/demo/values-2.yaml']);
  });
  it('a missing value file is an error located at the valueFiles entry', () => {
    const f = fixture.result.findings.find((x) => x.ruleId === 'render/value-file-not-found')!;
    expect(f).toMatchObject({
      severity: 'error',
      app: 'missing-values',
      location: { file: 'bootstrap/apps.yaml', line: 68 },
    });
    expect(fixture.result.apps.find((a) => a.name === 'missing-values')!.status).toBe('failed');
  });
  it('api-versions include CRDs rendered in the tree, so Capabilities-gated templates render', () => {
    expect(data('precedence', 'precedence-values').hasWidget).toBe('true');
    const widget = find('precedence', 'Widget', 'precedence-widget')!;
    // cluster-scoped per the CRD's spec.scope: namespace cleared
    expect(widget.object.metadata?.namespace).toBeUndefined();
  });
  it('skipCrds leaves crds/ out', () => {
    expect(find('ignore-missing', 'CustomResourceDefinition', 'widgets.example.com')).toBeUndefined();
    expect(find('precedence', 'CustomResourceDefinition', 'widgets.example.com')).toBeDefined();
  });
  it('a broken template is a finding carrying helm’s message', () => {
    const f = fixture.result.findings.find((x) => x.ruleId === 'render/helm-template-failed')!;
    expect(f.app).toBe('broken-chart');
    expect(f.message).toMatch(/nil pointer|missing/);
    expect(f.message).not.toMatch(/neuroscale-render-/);
  });
  it('provenance points at the template file and lists the value files', () => {
    const m = find('precedence', 'ConfigMap', 'precedence-values')!;
    expect(m.source).toMatchObject({
      file: 'charts/demo/templates/configmap.yaml',
      line: 2,
      sourceType: 'helm',
    });
    expect(m.source.valueFiles).toEqual(['charts/demo/values-1.yaml', 'charts/demo/values-2.yaml']);
  });
  it('hooks are classified: helm pre-install → PreSync hook, helm test → never applied', () => {
    expect(find('precedence', 'Job', 'precedence-pre')!.source).toMatchObject({
      syncRole: 'hook',
      hookTypes: ['PreSync'],
    });
    expect(find('precedence', 'Pod', 'precedence-test')!.source.syncRole).toBe('never-applied');
    expect(fixture.result.apps.find((a) => a.name === 'precedence')!.objectCount).toBe(3);
  });
  it('tracking annotation: <app>:<group>/<Kind>:<ns>/<name>; CRDs untracked', () => {
    expect(
      find('precedence', 'ConfigMap', 'precedence-values')!.object.metadata?.annotations?.[
        'argocd.argoproj.io/tracking-id'
      ],
    ).toBe('precedence:/ConfigMap:demo/precedence-values');
    expect(
      find('precedence', 'Widget', 'precedence-widget')!.object.metadata?.annotations?.[
        'argocd.argoproj.io/tracking-id'
      ],
    ).toBe('precedence:example.com/Widget:demo/precedence-widget');
    expect(
      find('precedence', 'CustomResourceDefinition', 'widgets.example.com')!.object.metadata?.annotations,
    ).toBeUndefined();
  });
});

describe('cleanSetParameter (Argo v3.0 cleanSetParameters)', () => {
  it.each([
    ['a,b', 'a\\,b'],
    ['a\\,b', 'a\\,b'],
    ['{a,b}', '{a,b}'],
    [',a', ',a'],
    ['a,,b', 'a\\,,b'],
  ])('%s → %s', (input, out) => {
    expect(cleanSetParameter(input)).toBe(out);
  });
});
