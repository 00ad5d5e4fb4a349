/**
 * `policy test` from the command line: a kyverno-test.yaml may name files anywhere inside the git
 * repository it lives in, even when run from a subfolder (`cd policies && policy test .`), and
 * nothing outside it: a path that leaves the repository is `kyverno-test/path-escape` on the test
 * file, the outside file is never read, and no output names it.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempRepo } from '../helpers.js';

const SECRET = 'OUTSIDE-SECRET-7731';

const POLICY = `apiVersion: kyverno.io/v1
kind: ClusterPolicy
metadata:
  name: require-team
spec:
  validationFailureAction: Enforce
  rules:
    - name: team
      match:
        any:
          - resources:
              kinds: [ConfigMap]
      validate:
        message: team label required
        pattern:
          metadata:
            labels:
              team: "?*"
`;

const cm = (name: string, team?: string) => `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}
  namespace: default
${team ? `  labels:\n    team: ${team}\n` : ''}data:
  note: hello
`;

const suite = (resources: string[]) => `apiVersion: cli.kyverno.io/v1alpha1
kind: Test
metadata:
  name: require-team
policies:
  - policy.yaml
resources:
${resources.map((r) => `  - ${r}`).join('\n')}
results:
  - policy: require-team
    rule: team
    resources: [good]
    kind: ConfigMap
    result: pass
  - policy: require-team
    rule: team
    resources: [bad]
    kind: ConfigMap
    result: fail
`;

describe('policy test: suite paths are confined to the repository, not the working directory', () => {
  it('a suite in a subfolder may name resources elsewhere in the repository', async () => {
    const repo = tempRepo({
      'policies/team/policy.yaml': POLICY,
      'policies/team/kyverno-test.yaml': suite(['../../fixtures/good.yaml', '../../fixtures/bad.yaml']),
      'fixtures/good.yaml': cm('good', 'ml'),
      'fixtures/bad.yaml': cm('bad'),
    });
    const r = await cli(['policy', 'test', '.', '--format', 'json'], { cwd: join(repo, 'policies') });
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout);
    expect(out.summary).toEqual({ pass: 2, fail: 0, unsupported: 0, errors: 0 });
    expect(r.code).toBe(0);
  });

  it('a path leaving the repository is a path-escape finding at its line and is never read', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'ns-outside-'));
    mkdirSync(outside, { recursive: true });
    writeFileSync(join(outside, 'bad.yaml'), `${cm('bad', 'stolen')}# ${SECRET}\n`);
    const repo = tempRepo({
      'policies/team/policy.yaml': POLICY,
      'policies/team/kyverno-test.yaml': suite(['good.yaml', join(outside, 'bad.yaml')]),
      'policies/team/good.yaml': cm('good', 'ml'),
    });
    for (const format of ['json', 'text']) {
      const r = await cli(['policy', 'test', 'policies', '--format', format], { cwd: repo });
      expect(`${r.stdout}${r.stderr}`).not.toContain(SECRET);
      expect(`${r.stdout}${r.stderr}`).not.toContain(outside);
      expect(r.code).toBe(1);
      if (format !== 'json') continue;
      const out = JSON.parse(r.stdout);
      const findings = out.suites.flatMap((s: { findings?: unknown[] }) => s.findings ?? []);
      const pathEscape = findings.find((f: { ruleId: string }) => f.ruleId === 'kyverno-test/path-escape');
      expect(pathEscape).toMatchObject({
        location: { file: 'policies/team/kyverno-test.yaml', line: 9 },
      });
      // the outside `bad` ConfigMap (labelled, so it would pass) was not loaded: its row is not a pass
      const bad = out.suites[0].results.find((row: { resource?: string }) => row.resource === 'bad');
      expect(bad?.status).not.toBe('Ok');
    }
  });
});
