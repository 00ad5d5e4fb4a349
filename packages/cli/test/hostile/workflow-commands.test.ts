/**
 * Text from a pull request never becomes a GitHub Actions workflow command in the check's log. The
 * runner treats a line whose first non-blank characters are `::` as a command, and `##[command]`
 * anywhere in a line (actions/runner ActionCommand.TryParseV2 / TryParse). A Kyverno message, object
 * data, a file name and a config value carry both forms here; every format we print keeps them as
 * data, and the machine-readable ones still parse to exactly the same values.
 */

import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { cli, tempRepo } from '../helpers.js';
import { childApp, hostileTree } from './hostile-tree.js';

const INJECT =
  '\n::add-mask::token\n  ::error file=README.md,line=1::FAKE\n##[set-output name=result;]passed';

const POLICY = `apiVersion: kyverno.io/v1
kind: ClusterPolicy
metadata:
  name: needs-team
spec:
  validationFailureAction: Enforce
  rules:
    - name: team
      match:
        any:
          - resources:
              kinds: [ConfigMap]
      validate:
        message: ${JSON.stringify(`team label required${INJECT}`)}
        pattern:
          metadata:
            labels:
              team: "?*"
`;

const CONFIGMAP = `apiVersion: v1
kind: ConfigMap
metadata:
  name: payload
data:
  script: |
    echo hello
    ::error file=a,line=1::FAKE FROM DATA
    ##[add-mask]secret
  "##[warning]key": "::notice::value"
`;

const SUITE = `apiVersion: cli.kyverno.io/v1alpha1
kind: Test
metadata:
  name: "##[error]suite"
policies: [policy.yaml]
resources: [resource.yaml]
results:
  - policy: needs-team
    rule: team
    resources: [payload]
    kind: ConfigMap
    result: pass
`;

function repo(): string {
  return tempRepo(
    hostileTree(
      {
        'gitops/hostile/configmap.yaml': CONFIGMAP,
        'gitops/hostile/##[error]named.yaml':
          'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: n\n  bad: x\n',
        'policies/needs-team/policy.yaml': POLICY,
        'policies/needs-team/kyverno-test.yaml': SUITE,
        'policies/needs-team/resource.yaml': CONFIGMAP,
      },
      { 'gitops/apps/hostile.yaml': childApp('hostile', 'gitops/hostile') },
    ),
  );
}

/** Lines of output the runner would execute as commands. */
function commandLines(text: string): string[] {
  return text.split(/\r?\n/).filter((l) => /^\s*::/.test(l) || l.includes('##['));
}

describe('no workflow command from the pull request in anything we print', () => {
  const dir = repo();

  for (const format of ['text', 'json', 'sarif', 'junit', 'markdown']) {
    it(`pipeline --format ${format}`, async () => {
      const r = await cli(['.', '--policies', 'policies/needs-team/policy.yaml', '--format', format], {
        cwd: dir,
      });
      expect(r.code).toBe(1);
      // the injected texts are there (as data), but no line is a command
      expect(r.stdout).toMatch(/add-mask/);
      expect(commandLines(r.stdout)).toEqual([]);
      expect(commandLines(r.stderr)).toEqual([]);
      if (format === 'json' || format === 'sarif') {
        // the JSON escape parses back to the original message
        expect(JSON.stringify(JSON.parse(r.stdout))).toContain('##[set-output name=result;]passed');
      }
    });
  }

  it('pipeline --format github: every line is one of our annotations, the data escaped', async () => {
    const r = await cli(['.', '--policies', 'policies/needs-team/policy.yaml', '--format', 'github'], {
      cwd: dir,
    });
    const lines = r.stdout.split('\n').filter(Boolean);
    expect(lines.length).toBeGreaterThan(0);
    for (const l of lines) expect(l).toMatch(/^::(error|warning|notice)[ :]/);
    expect(r.stdout).not.toMatch(/\n\s*::add-mask/);
  });

  it('render --format yaml prints the same objects as --format json, without command lines', async () => {
    const yaml = await cli(['render', '.', '--format', 'yaml'], { cwd: dir });
    const json = await cli(['render', '.', '--format', 'json'], { cwd: dir });
    expect(commandLines(yaml.stdout)).toEqual([]);
    expect(commandLines(json.stdout)).toEqual([]);
    expect(commandLines(yaml.stderr)).toEqual([]);
    const fromYaml = parseAllDocuments(yaml.stdout).map((d) => d.toJS());
    const fromJson = (JSON.parse(json.stdout) as { manifests: { object: unknown }[] }).manifests.map(
      (m) => m.object,
    );
    expect(fromYaml).toEqual(fromJson);
    expect(JSON.stringify(fromYaml)).toContain('##[add-mask]secret');
  });

  it('policy test, text and json', async () => {
    for (const format of ['text', 'json']) {
      const r = await cli(['policy', 'test', 'policies', '--format', format], { cwd: dir });
      expect(commandLines(r.stdout)).toEqual([]);
      expect(commandLines(r.stderr)).toEqual([]);
    }
  });

  it('a config value quoted in a usage error on stderr', async () => {
    const bad = tempRepo({
      'neuroscale.config.yaml': `kubeVersion: ${JSON.stringify(`1.33${INJECT}`)}\n`,
      'gitops/bootstrap/root.yaml': childApp('root', 'gitops/apps'),
    });
    const r = await cli(['.'], { cwd: bad });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/kube-version/);
    expect(commandLines(r.stderr)).toEqual([]);
  });
});
