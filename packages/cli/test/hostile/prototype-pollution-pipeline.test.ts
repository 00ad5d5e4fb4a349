/**
 * Prototype pollution through the whole pipeline: the render package's hostile ApplicationSets (`__proto__`
 * and `constructor.prototype` keys through sprig merge/set/dict, matrix and merge generators, templatePatch,
 * `.argocd-source`) plus keys aimed at what later stages look up (`failOn`, per-rule severities, the
 * `severity` of a finding), then a Kyverno policy that must still fail the run with an error. Nothing may be
 * added to Object.prototype, and the Kyverno error must stay an error (the attack the issue describes:
 * polluted defaults turning errors into warnings).
 */

import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, REPO_ROOT } from '../helpers.js';

const FIXTURE = join(REPO_ROOT, 'packages/render/test/hostile/fixtures/proto-pollution/repo');

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
        message: team label required
        pattern:
          metadata:
            labels:
              team: "?*"
`;

// aimed at the stages after render: defaults read from plain objects
const STAGE_BAIT = `apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata:
  name: stage-bait
  namespace: argocd
spec:
  goTemplate: true
  generators:
    - list:
        elements:
          - name: bait
            evil:
              __proto__:
                severity: info
                failOn: never
                "policy/needs-team/team": info
                level: none
  template:
    metadata:
      name: 'bait-{{ .name }}'
      annotations:
        merged: '{{ merge (dict) .evil | toJson }}'
        set: '{{ set (dict) "__proto__" .evil | toJson }}'
    spec:
      project: default
      source:
        repoURL: https://github.com/example/gitops-fixtures.git
        path: apps/plain
      destination:
        server: https://kubernetes.default.svc
        namespace: bait
`;

function repo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ns-proto-pipeline-'));
  cpSync(FIXTURE, dir, { recursive: true });
  writeFileSync(join(dir, 'appsets', 'stage-bait.yaml'), STAGE_BAIT);
  writeFileSync(join(dir, 'policy.yaml'), POLICY);
  writeFileSync(join(dir, 'neuroscale.config.yaml'), 'roots: [bootstrap/*.yaml]\n');
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'ignore' });
  git('init', '-q', '-b', 'main');
  git('remote', 'add', 'origin', 'https://github.com/example/gitops-fixtures.git');
  git('add', '-A');
  git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', 'init');
  return dir;
}

describe('prototype keys through render, validate, policy and report', () => {
  it('leave Object.prototype untouched and the Kyverno error an error', async () => {
    const before = Object.getOwnPropertyNames(Object.prototype).sort();
    const dir = repo();
    const r = await cli(['.', '--policies', 'policy.yaml', '--format', 'json'], { cwd: dir });
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(before);
    const probe: Record<string, unknown> = {};
    for (const key of ['polluted', 'severity', 'failOn', 'level', 'policy/needs-team/team'])
      expect(probe[key], key).toBeUndefined();
    const report = JSON.parse(r.stdout) as {
      findings: { ruleId: string; severity: string; object?: { namespace?: string } }[];
      summary: { failed: boolean };
    };
    // the rendered apps exist (the tree was really walked) ...
    const kyverno = report.findings.filter((f) => f.ruleId === 'policy/needs-team/team');
    expect(kyverno.some((f) => f.object?.namespace === 'bait')).toBe(true);
    // ... and every Kyverno violation is still an error that fails the run
    expect(new Set(kyverno.map((f) => f.severity))).toEqual(new Set(['error']));
    expect(report.summary.failed).toBe(true);
    expect(r.code).toBe(1);
  });
});
