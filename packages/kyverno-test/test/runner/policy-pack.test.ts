/**
 * The NeuroScale policy pack (<repo>/policies): conventions, and every suite passing with our runner.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readYamlFile } from '@neuroscale/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { runTestSuites, type TestRunResult } from '../../src/index.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const PACK = path.join(REPO, 'policies');
const SYSTEM_NAMESPACES = [
  'kube-system',
  'kube-public',
  'kube-node-lease',
  'argocd',
  'kyverno',
  'kserve',
  'cert-manager',
  'knative-serving',
  'istio-system',
];
// cel/ holds the ValidatingPolicy twins (test/cel/policy-twins.test.ts), not pack policies
const folders = readdirSync(PACK, { withFileTypes: true })
  .filter((e) => e.isDirectory() && e.name !== 'cel')
  .map((e) => e.name)
  .sort();

type Rule = {
  name: string;
  mutate?: unknown;
  exclude?: { any?: { resources?: { namespaces?: string[] } }[] };
};

async function readPolicy(folder: string) {
  const file = path.join(PACK, folder, 'policy.yaml');
  const loaded = await readYamlFile(file, { file: `policies/${folder}/policy.yaml` });
  expect(loaded.findings).toEqual([]);
  // biome-ignore lint/suspicious/noExplicitAny: policy YAML read as loose data in assertions
  return loaded.documents.map((d) => d.value as Record<string, any>);
}

describe('policy pack conventions', () => {
  it('has the expected policies', () => {
    expect(folders).toEqual(
      expect.arrayContaining([
        'require-neuroscale-labels',
        'require-requests-limits',
        'disallow-latest-tag',
        'require-run-as-non-root',
        'disallow-privileged-containers',
        'disallow-privilege-escalation',
        'require-drop-all-capabilities',
        'disallow-host-namespaces-and-paths',
        'inferenceservice-replica-bounds',
      ]),
    );
  });

  for (const folder of folders) {
    it(`${folder}: one Enforce/background ClusterPolicy named after its folder, annotated, system namespaces excluded, with a suite`, async () => {
      const docs = await readPolicy(folder);
      expect(docs).toHaveLength(1);
      const p = docs[0]!;
      expect(p.kind).toBe('ClusterPolicy');
      expect(p.metadata.name).toBe(folder);
      expect(p.spec.validationFailureAction ?? p.spec.failureAction).toBe('Enforce');
      expect(p.spec.background).toBe(true);
      for (const a of ['title', 'category', 'severity', 'description']) {
        expect(p.metadata.annotations[`policies.kyverno.io/${a}`], a).toBeTruthy();
      }
      for (const rule of p.spec.rules as Rule[]) {
        const excluded = (rule.exclude?.any ?? []).flatMap((f) => f.resources?.namespaces ?? []);
        expect(excluded, rule.name).toEqual(expect.arrayContaining(SYSTEM_NAMESPACES));
      }
      expect(existsSync(path.join(PACK, folder, 'kyverno-test.yaml'))).toBe(true);
    });
  }
});

describe('policy pack suites (our runner)', () => {
  let result: TestRunResult;
  beforeAll(async () => {
    result = await runTestSuites(
      folders.map((f) => path.join(PACK, f)),
      { root: REPO },
    );
  });

  it('runs one suite per policy, all loading cleanly, nothing unsupported', () => {
    expect(result.suites.map((s) => s.path)).toEqual(folders.map((f) => `policies/${f}/kyverno-test.yaml`));
    for (const s of result.suites) {
      expect(s.findings ?? [], s.path).toEqual([]);
      expect(s.unsupported ?? [], s.path).toEqual([]);
    }
  });

  it('every expected result matches', () => {
    const mismatches = result.suites.flatMap((s) =>
      s.results
        .filter((r) => !r.ok)
        .map((r) => `${s.path}: ${r.policy}/${r.rule} ${r.resource}: ${r.reason}`),
    );
    expect(mismatches).toEqual([]);
  });

  it('every rule is exercised: a checked failing and passing resource (mutate rules: a patched and a skipped one)', async () => {
    for (const folder of folders) {
      const suite = result.suites.find((s) => s.path === `policies/${folder}/kyverno-test.yaml`)!;
      const [p] = await readPolicy(folder);
      for (const rule of p!.spec.rules as Rule[]) {
        const names = [rule.name, `autogen-${rule.name}`, `autogen-cronjob-${rule.name}`];
        const rows = suite.results.filter((r) => names.includes(r.rule));
        // a mutate rule never fails: it patches (pass, checked against patchedResources) or leaves alone (skip)
        const other = rule.mutate !== undefined ? 'skip' : 'fail';
        expect(
          rows.some((r) => r.actual === other && r.ok),
          `${folder}/${rule.name} ${other}`,
        ).toBe(true);
        expect(
          rows.some((r) => r.actual === 'pass' && r.ok),
          `${folder}/${rule.name} pass`,
        ).toBe(true);
      }
    }
  });

  it('resources in system namespaces are excluded, and only those (no expectation passes by accident)', () => {
    for (const s of result.suites) {
      for (const r of s.results) {
        const ns = r.resource.split('/').at(-2) ?? '';
        if (SYSTEM_NAMESPACES.includes(ns)) expect(r.actual, `${s.path} ${r.resource}`).toBe('excluded');
      }
    }
    const accidental = result.suites.flatMap((s) =>
      s.results
        .filter(
          (r) => r.actual === 'excluded' && !SYSTEM_NAMESPACES.includes(r.resource.split('/').at(-2) ?? ''),
        )
        .map((r) => `${s.path} ${r.rule} ${r.resource}`),
    );
    // the only intended non-system exclusions: a Job for require-probes, GPU workloads in GPU namespaces
    expect(accidental.sort()).toEqual(
      [
        'policies/require-probes/kyverno-test.yaml require-readiness-and-liveness batch/v1/Job/default/batch-job',
        'policies/restrict-gpu-to-gpu-namespaces/kyverno-test.yaml restrict-gpu-inferenceservices serving.kserve.io/v1beta1/InferenceService/ml-serving/gpu-isvc-in-gpu-namespace',
        'policies/restrict-gpu-to-gpu-namespaces/kyverno-test.yaml restrict-gpu-pods v1/Pod/ml-training/gpu-pod-in-gpu-namespace',
      ].sort(),
    );
  });
});
