/**
 * PolicyExceptions given to `policy apply --exceptions` and to the pipeline (`policyExceptions:` in
 * neuroscale.config.yaml, or the same flag): a spared object gets no violation, an exception naming a
 * rule the pack does not have is a warning, and exceptions inside the policy folder apply as well.
 */
import { describe, expect, it } from 'vitest';
import { cli, tempRepo } from '../helpers.js';

const configMap = (name: string) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: apps\ndata:\n  mode: fast\n`;

const POLICY = `apiVersion: kyverno.io/v1
kind: ClusterPolicy
metadata:
  name: require-owner
spec:
  validationFailureAction: Enforce
  rules:
  - name: owner-label
    match:
      any:
      - resources:
          kinds: [ConfigMap]
    validate:
      message: label owner is required
      pattern:
        metadata:
          labels:
            owner: "?*"
`;

const EXCEPTION = `apiVersion: kyverno.io/v2
kind: PolicyException
metadata:
  name: legacy-settings
  namespace: apps
spec:
  exceptions:
  - policyName: require-owner
    ruleNames: [owner-label]
  match:
    any:
    - resources:
        kinds: [ConfigMap]
        names: [legacy]
---
apiVersion: kyverno.io/v2
kind: PolicyException
metadata:
  name: stale
spec:
  exceptions:
  - policyName: require-owner
    ruleNames: [owner-labels]
  match:
    any:
    - resources:
        kinds: [ConfigMap]
`;

interface JsonReport {
  findings: { ruleId: string; severity: string; object?: { name?: string } }[];
}

const FILES = {
  'policies/require-owner.yaml': POLICY,
  'exceptions/legacy.yaml': EXCEPTION,
  'manifests/cms.yaml': `${configMap('legacy')}---\n${configMap('fresh')}`,
};

const violations = (stdout: string) =>
  (JSON.parse(stdout) as JsonReport).findings
    .filter((f) => f.ruleId === 'policy/require-owner/owner-label')
    .map((f) => f.object?.name)
    .sort();
const dangling = (stdout: string) =>
  (JSON.parse(stdout) as JsonReport).findings.filter(
    (f) => f.ruleId === 'kyverno/exception-unknown-reference',
  );

describe('policy exceptions from the command line and the config file', () => {
  it('policy apply --exceptions spares the excepted object and reports the dangling exception', async () => {
    const dir = tempRepo(FILES);
    const without = await cli(
      ['policy', 'apply', '--policies', 'policies', '--format', 'json', 'manifests'],
      {
        cwd: dir,
      },
    );
    expect(violations(without.stdout)).toEqual(['fresh', 'legacy']);
    const withExceptions = await cli(
      [
        'policy',
        'apply',
        '--policies',
        'policies',
        '--exceptions',
        'exceptions',
        '--format',
        'json',
        'manifests',
      ],
      { cwd: dir },
    );
    expect(violations(withExceptions.stdout)).toEqual(['fresh']);
    expect(dangling(withExceptions.stdout)).toHaveLength(1);
    expect(dangling(withExceptions.stdout)[0]?.severity).toBe('warning');
  });

  it('the pipeline reads policyExceptions from neuroscale.config.yaml', async () => {
    const dir = tempRepo({
      ...FILES,
      'neuroscale.config.yaml': 'policies: policies\npolicyExceptions: [exceptions/legacy.yaml]\n',
    });
    const run = await cli(['policy', 'apply', '--format', 'json', 'manifests'], { cwd: dir });
    expect(violations(run.stdout)).toEqual(['fresh']);
  });

  it('an --exceptions path that matches nothing is a finding of the policy stage', async () => {
    const dir = tempRepo(FILES);
    const run = await cli(
      [
        'policy',
        'apply',
        '--policies',
        'policies',
        '--exceptions',
        'nowhere',
        '--format',
        'json',
        'manifests',
      ],
      { cwd: dir },
    );
    const missing = (JSON.parse(run.stdout) as JsonReport).findings.filter(
      (f) => f.ruleId === 'policy/folder-not-found',
    );
    expect(missing).toHaveLength(1);
    expect(violations(run.stdout)).toEqual(['fresh', 'legacy']);
  });
});
