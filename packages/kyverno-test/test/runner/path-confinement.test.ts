/**
 * A kyverno-test.yaml from a pull request names files: every one must resolve, symlinks followed,
 * inside the repository. A path outside (absolute, `..`, a symlink, a symlink inside a named
 * folder) is a `kyverno-test/path-escape` finding on the line that names it; the file is never
 * read, and no finding carries an absolute path or anything of the outside file.
 */
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  loadPolicies,
  type RunTestSuitesOptions,
  runTestSuites,
  type TestRunResult,
} from '../../src/index.js';

const SECRET = 'TOP-SECRET-CONTENT-42';

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

const resource = (name: string, team?: string) => `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}
  namespace: default
${team ? `  labels:\n    team: ${team}\n` : ''}data:
  note: ${SECRET}
`;

/** The outside tree: files that must never be read (they would change verdicts or leak). */
function writeOutside(outside: string): void {
  mkdirSync(outside, { recursive: true });
  writeFileSync(path.join(outside, 'policy.yaml'), POLICY.replace('require-team', 'outside-policy'));
  writeFileSync(path.join(outside, 'resource.yaml'), resource('outside', 'x'));
  writeFileSync(path.join(outside, 'values.yaml'), `policies: []\n# ${SECRET}\n`);
}

let base: string;
let repo: string;
let outside: string;

beforeAll(() => {
  base = realpathSync(mkdtempSync(path.join(tmpdir(), 'ns-confine-')));
  repo = path.join(base, 'repo');
  outside = path.join(base, 'outside');
  writeOutside(outside);
  mkdirSync(path.join(repo, '.git'), { recursive: true });
  mkdirSync(path.join(repo, 'suite', 'res'), { recursive: true });
  writeFileSync(path.join(repo, 'suite', 'policy.yaml'), POLICY);
  writeFileSync(path.join(repo, 'suite', 'res', 'good.yaml'), resource('good', 'a'));
  symlinkSync(path.join(outside, 'resource.yaml'), path.join(repo, 'suite', 'res', 'evil.yaml'));
  symlinkSync(outside, path.join(repo, 'suite', 'res', 'evil-dir'));
  symlinkSync('.', path.join(repo, 'suite', 'res', 'loop'));
  symlinkSync(path.join(outside, 'policy.yaml'), path.join(repo, 'suite', 'linked-policy.yaml'));
  writeFileSync(
    path.join(repo, 'suite', 'kyverno-test.yaml'),
    `apiVersion: cli.kyverno.io/v1alpha1
kind: Test
metadata:
  name: hostile
policies:
  - policy.yaml
  - ${path.join(outside, 'policy.yaml')}
  - ../../outside/policy.yaml
  - linked-policy.yaml
resources:
  - res
  - ../../outside/resource.yaml
variables: ${path.join(outside, 'values.yaml')}
userinfo: ../../outside/values.yaml
exceptions:
  - /etc/passwd
results:
  - policy: require-team
    rule: team
    resources: [good]
    kind: ConfigMap
    result: pass
`,
  );
});

afterAll(() => rmSync(base, { recursive: true, force: true }));

function escapes(result: TestRunResult) {
  return (result.suites[0]?.findings ?? [])
    .filter((f) => f.ruleId === 'kyverno-test/path-escape')
    .map((f) => `${f.location?.file}:${f.location?.line} ${f.message}`);
}

describe('kyverno-test.yaml path confinement', () => {
  it.each([
    ['the caller root', (): RunTestSuitesOptions => ({ root: repo })],
    ['the git repository (no root given)', (): RunTestSuitesOptions => ({})],
    [
      'an explicit repoRoot',
      (): RunTestSuitesOptions => ({ root: path.join(repo, 'suite'), repoRoot: repo }),
    ],
  ])(
    'refuses every path outside the repository (%s)',
    async (_name, opts) => {
      const options = opts();
      const result = await runTestSuites([path.join(repo, 'suite')], options);
      const shown =
        options.root === undefined ? path.join(repo, 'suite', 'kyverno-test.yaml').slice(1) : undefined;
      const file = options.root === repo ? 'suite/kyverno-test.yaml' : (shown ?? 'kyverno-test.yaml');
      if (options.root !== undefined)
        expect(escapes(result)).toEqual([
          `${file}:7 policies[1] resolves outside the repository; it was not read`,
          `${file}:8 policies[2] resolves outside the repository; it was not read`,
          `${file}:9 policies[3] resolves (through a symbolic link) outside the repository; it was not read`,
          `${file}:11 resources[0] holds 2 file(s) or folder(s) that resolve outside the repository; it was not read`,
          `${file}:12 resources[1] resolves outside the repository; it was not read`,
          `${file}:13 variables resolves outside the repository; it was not read`,
          `${file}:14 userinfo resolves outside the repository; it was not read`,
          `${file}:16 exceptions[0] resolves outside the repository; it was not read`,
        ]);
      else expect(escapes(result)).toHaveLength(8);
      // nothing from outside was read: only the inside policy and resource were evaluated
      expect(result.suites[0]?.results.map((r) => [r.policy, r.rule, r.resource, r.actual])).toEqual([
        ['require-team', 'team', 'v1/ConfigMap/default/good', 'pass'],
      ]);
      const text = JSON.stringify(result);
      expect(text).not.toContain(SECRET);
      // no absolute path (display paths are relative to the caller's root, or the working directory)
      expect(text).not.toContain(`"${base}`);
      expect(text).not.toContain(` ${base}`);
      expect(text).not.toContain('/etc/passwd');
      expect(text).not.toContain('outside-policy');
    },
    20_000,
  );
});

describe('loadPolicies (apply mode) path confinement', () => {
  it('refuses policy files that resolve outside the root, through a named folder or a symlink', async () => {
    const r = await loadPolicies(['suite', 'suite/linked-policy.yaml', path.join(outside, 'policy.yaml')], {
      root: repo,
      baseDir: repo,
    });
    expect(
      r.findings
        .filter((f) => f.ruleId === 'kyverno-test/path-escape')
        .map((f) => `${f.location?.file} ${f.message}`),
    ).toEqual([
      'suite path 1 holds 3 file(s) or folder(s) that resolve outside the repository; it was not read',
      'suite/linked-policy.yaml path 2 resolves (through a symbolic link) outside the repository; it was not read',
      '. path 3 resolves outside the repository; it was not read',
    ]);
    expect(r.policies.map((p) => p.policy.name)).toEqual(['require-team']);
    expect(JSON.stringify(r.findings)).not.toContain(base);
  });
});
