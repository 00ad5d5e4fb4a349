/**
 * Admission before validation on rendered manifests: the pack's mutate policy fixes a label the validate
 * rule asks for (the finding disappears), a generate rule adds objects that are validated too, and every
 * change is an info finding on the original object's source line.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadYaml, manifestsFromDocuments } from '@neuroscale/core';
import { describe, expect, it } from 'vitest';
import { admitManifests, applyPolicies, loadPolicies } from '../../src/index.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

const TREE = `apiVersion: v1
kind: Namespace
metadata:
  name: team-checkout
  labels:
    neuroscale.io/env: prod
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: checkout
  namespace: team-checkout
spec:
  selector:
    matchLabels:
      app: checkout
  template:
    metadata:
      labels:
        app: checkout
        neuroscale.io/owner: jdoe
        neuroscale.io/team: checkout
        neuroscale.io/cost-center: CC-1
    spec:
      containers:
        - name: checkout
          image: ghcr.io/neuroscale/checkout:1.0.0
`;

async function setup() {
  const loaded = await loadPolicies(
    ['policies/add-neuroscale-defaults/policy.yaml', 'policies/require-neuroscale-labels/policy.yaml'],
    { root: REPO, baseDir: REPO },
  );
  expect(loaded.findings).toEqual([]);
  const docs = loadYaml(TREE, { file: 'gitops/apps/checkout/all.yaml' });
  return {
    policies: loaded.policies,
    manifests: manifestsFromDocuments('gitops/apps/checkout/all.yaml', docs.documents),
  };
}

describe('admitManifests', () => {
  it('mutates before validation: the missing env label is defaulted and the label rule passes', async () => {
    const { policies, manifests } = await setup();
    const labelErrors = (ms: typeof manifests) =>
      applyPolicies(ms, policies).findings.filter(
        (f) => f.ruleId === 'policy/require-neuroscale-labels/check-pod-labels',
      );
    // as rendered: the label rule fails
    expect(labelErrors(manifests)).toHaveLength(1);
    const admitted = admitManifests(manifests, policies);
    expect(admitted.mutatedObjects).toBe(1);
    expect(admitted.generatedObjects).toBe(0);
    expect(labelErrors(admitted.manifests)).toEqual([]);
    const deployment = admitted.manifests[1]!.object as {
      spec: { template: { metadata: { labels: Record<string, string> } } };
    };
    expect(deployment.spec.template.metadata.labels['neuroscale.io/env']).toBe('prod');
    // the rendered manifests are untouched
    expect(JSON.stringify(manifests[1]!.object)).not.toContain('neuroscale.io/env');
    const infos = admitted.findings.filter((f) => f.severity === 'info');
    expect(infos.map((f) => [f.ruleId, f.location?.file, f.location?.line])).toEqual([
      ['policy/add-neuroscale-defaults/default-env-prod', 'gitops/apps/checkout/all.yaml', 8],
      ['policy/add-neuroscale-defaults/default-container-requests', 'gitops/apps/checkout/all.yaml', 8],
    ]);
    expect(infos[0]!.message).toContain('/spec/template/metadata/labels/neuroscale.io~1env');
  });

  it('records which rules (autogen names, as Kyverno reports them) mutated an object, counts the unchanged ones, and admits a shard as the whole tree', async () => {
    const { policies, manifests } = await setup();
    const admitted = admitManifests(manifests, policies);
    expect(admitted.unchangedObjects).toBe(1);
    expect(admitted.failedObjects).toBe(0);
    expect(admitted.manifests[0]).toBe(manifests[0]);
    expect(admitted.manifests[1]!.source.admission).toEqual({
      mutatedBy: [
        'add-neuroscale-defaults/autogen-default-env-prod',
        'add-neuroscale-defaults/autogen-default-container-requests',
      ],
    });
    // a shard holding the Deployment without its Namespace: the env label still comes from the namespace
    const shard = manifests.slice(1);
    const alone = admitManifests(shard, policies);
    const withTree = admitManifests(shard, policies, { treeManifests: manifests });
    const env = (m: (typeof manifests)[number]) =>
      (m.object as { spec: { template: { metadata: { labels: Record<string, string> } } } }).spec.template
        .metadata.labels['neuroscale.io/env'];
    expect(env(alone.manifests[0]!)).toBeUndefined();
    expect(env(withTree.manifests[0]!)).toBe('prod');
  });
});

describe('admitManifests with a GeneratingPolicy', () => {
  it('adds the generated objects to the admitted set, provenance on the trigger', async () => {
    const { manifests } = await setup();
    const loaded = await loadPolicies(['packages/kyverno-test/test/fixtures/apply/team-default-deny.yaml'], {
      root: REPO,
      baseDir: REPO,
    });
    expect(loaded.findings).toEqual([]);
    const admitted = admitManifests(manifests, loaded.policies);
    expect(admitted.generatedObjects).toBe(1);
    const generated = admitted.manifests.at(-1)!;
    expect(generated.object).toMatchObject({
      kind: 'NetworkPolicy',
      metadata: { name: 'default-deny', namespace: 'team-checkout' },
    });
    expect(generated.source.sourceType).toBe('generated');
    const info = admitted.findings.find((f) => f.ruleId === 'policy/team-default-deny/team-default-deny');
    expect(info?.location).toMatchObject({ file: 'gitops/apps/checkout/all.yaml', line: 1 });
  });
});

describe('admitManifests then applyPolicies: the stage each validation sees', () => {
  it('classic validate rules see the classic mutate rules only; admission policies and ValidatingPolicies see every mutation', async () => {
    const fixture = path.join(
      path.dirname(fileURLToPath(import.meta.url)),
      '../fixtures/runner/validation-after-admission-order',
    );
    const loaded = await loadPolicies(['policies.yaml'], { root: fixture, baseDir: fixture });
    const docs = loadYaml(
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: default\n  labels:\n    stage: none\n',
      { file: 'settings.yaml' },
    );
    const manifests = manifestsFromDocuments('settings.yaml', docs.documents);
    const admission = admitManifests(manifests, loaded.policies);
    expect(admission.manifests[0]!.object.metadata?.labels).toEqual({ stage: 'map-mpol' });
    const verdicts = (classicStage?: Map<unknown, unknown>) =>
      applyPolicies(
        admission.manifests,
        loaded.policies,
        classicStage ? { classicStage: classicStage as never } : {},
      )
        .report.results.filter((r) => r.rule !== 'set-stage')
        .map((r) => `${r.policy}:${r.result}`)
        .sort();
    expect(verdicts(admission.classicStage)).toEqual([
      'classic-sees-classic-stage:pass',
      'vap-sees-final-stage:pass',
      'vpol-sees-final-stage:pass',
    ]);
    // without the classic stage the classic rule would check the final object (and fail)
    expect(verdicts()).toContain('classic-sees-classic-stage:fail');
  });
});
