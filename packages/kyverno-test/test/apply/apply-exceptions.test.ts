/**
 * Apply mode (`kyverno apply --exceptions`): PolicyExceptions of both kinds, given through
 * `loadPolicies(…, { exceptions })`, spare exactly the objects they match; everything else still gets
 * its finding. Inputs are the runner fixtures whose verdicts follow `kyverno test`.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type K8sObject, loadYaml, type Manifest } from '@neuroscale/core';
import { describe, expect, it } from 'vitest';
import { applyPolicies, loadPolicies } from '../../src/index.js';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/runner');

/** The fixture's objects, namespaced ones defaulted to `default` as `kyverno apply` loads them. */
function manifestsFrom(dir: string, file: string): Manifest[] {
  const loaded = loadYaml(readFileSync(path.join(dir, file), 'utf8'), { file });
  return loaded.documents.map((d) => ({
    object: withNamespace(d.value as K8sObject),
    source: {
      apps: [],
      file,
      documentIndex: d.index,
      line: d.line,
      column: d.column,
      sourceType: 'file' as const,
    },
    locate: d.locate,
  }));
}

function withNamespace(obj: K8sObject): K8sObject {
  if (obj.kind === 'Namespace' || obj.metadata?.namespace) return obj;
  return { ...obj, metadata: { ...obj.metadata, namespace: 'default' } };
}

/** `<policy>/<rule> <Kind>/<name>` of every violation (a ValidatingPolicy has no rule). */
async function violations(suite: string, exceptions: string[]): Promise<string[]> {
  const dir = path.join(FIXTURES, suite);
  const loaded = await loadPolicies(['policy.yaml'], { baseDir: dir, root: dir, exceptions });
  const applied = applyPolicies(manifestsFrom(dir, 'resources.yaml'), loaded.policies, {
    exceptions: loaded.exceptions,
  });
  return applied.findings
    .filter((f) => f.ruleId.startsWith('policy/'))
    .map((f) => `${f.ruleId.slice('policy/'.length)} ${f.object?.kind}/${f.object?.name}`)
    .sort();
}

describe('applyPolicies with PolicyExceptions', () => {
  it('CEL PolicyExceptions spare the ValidatingPolicy resources their matchConditions select', async () => {
    const without = await violations('cel-exceptions', []);
    const withExceptions = await violations('cel-exceptions', ['exception.yaml']);
    expect(without).toContain('disallow-privilege-escalation Deployment/skipped-deployment');
    expect(without).toContain('check-deployment-labels Deployment/labelled-elsewhere');
    expect(withExceptions).toEqual(
      without.filter(
        (v) =>
          !/skipped-(deployment|cronjob|pod)$/.test(v) &&
          v !== 'check-deployment-labels Deployment/labelled-elsewhere',
      ),
    );
    expect(withExceptions).toContain('disallow-privilege-escalation Deployment/bad-deployment');
  });

  it('kyverno.io PolicyExceptions spare the matching objects, and a dangling one is a warning', async () => {
    const dir = path.join(FIXTURES, 'policy-exceptions');
    const loaded = await loadPolicies(['policy.yaml'], {
      baseDir: dir,
      root: dir,
      exceptions: ['exceptions.yaml'],
    });
    expect(loaded.findings.filter((f) => f.ruleId === 'kyverno/exception-unknown-reference')).toHaveLength(1);
    const spared = await violations('policy-exceptions', ['exceptions.yaml']);
    expect(spared).not.toContain('require-team-label/check-team Pod/important-tool');
    expect(spared).not.toContain('require-team-label/autogen-check-team Deployment/important-deploy');
    expect(spared).not.toContain('require-team-label/check-team Pod/legacy-app');
    // exceptions name rules: the other rule still applies to the spared Pod
    expect(spared).toContain('require-team-label/check-owner Pod/important-tool');
    expect(spared).toContain('require-team-label/check-team Pod/plain');
    expect(spared).toContain('require-team-label/check-team Pod/admin-pod');
  });
});

describe('the PolicyReport of a spared resource', () => {
  it('is a skip naming its exceptions, as Kyverno reports it', async () => {
    for (const [suite, exceptionFile, name, expected] of [
      ['policy-exceptions', 'exceptions.yaml', 'important-tool', 'delta-tools'],
      ['cel-exceptions', 'exception.yaml', 'skipped-pod', 'check-name'],
    ] as const) {
      const dir = path.join(FIXTURES, suite);
      const loaded = await loadPolicies(['policy.yaml'], {
        baseDir: dir,
        root: dir,
        exceptions: [exceptionFile],
      });
      const { report } = applyPolicies(manifestsFrom(dir, 'resources.yaml'), loaded.policies, {
        exceptions: loaded.exceptions,
      });
      const spared = report.results.filter((r) => r.resources[0]?.name === name && r.result === 'skip');
      expect(spared.length).toBeGreaterThan(0);
      for (const r of spared) expect(r.properties).toEqual({ exceptions: expected });
    }
  });
});
