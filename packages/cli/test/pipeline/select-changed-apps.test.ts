/**
 * select-changed-apps.ts: the change since `--base` (committed, uncommitted, untracked, deleted), refs as
 * untrusted text, the changes that make every app affected, and the predicate over render's inputs.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { AppNode } from '@neuroscale/core';
import { describe, expect, it } from 'vitest';
import {
  affectedBy,
  isSafeRef,
  listChangedFiles,
  selectChangedApps,
  selectChangedPart,
  skippedUnchangedFinding,
} from '../../src/pipeline/select-changed-apps.js';
import { tempRepo } from '../helpers.js';

const BASE_FILES = {
  'gitops/apps/a.yaml': 'kind: ConfigMap\n',
  'apps/a/cm.yaml': 'kind: ConfigMap\n',
  'apps/b/cm.yaml': 'kind: ConfigMap\n',
  'policies/p.yaml': 'kind: ClusterPolicy\n',
  'env/project.yaml': 'apiVersion: argoproj.io/v1alpha1\nkind: AppProject\nmetadata:\n  name: team\n',
  'neuroscale.config.yaml': 'kubeVersion: "1.33"\n',
};

function branch(repo: string, change: (write: (p: string, text: string) => void) => void, commit = true) {
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
      cwd: repo,
      stdio: 'ignore',
    });
  git('checkout', '-q', '-B', 'change', 'main');
  change((p, text) => {
    mkdirSync(dirname(join(repo, p)), { recursive: true });
    writeFileSync(join(repo, p), text);
  });
  if (commit) {
    git('add', '-A');
    git('commit', '-qm', 'change');
  }
}

const select = (repo: string) =>
  selectChangedApps({
    repoRoot: repo,
    base: 'main',
    configFile: 'neuroscale.config.yaml',
    policies: ['policies'],
  });

describe('the change since --base', () => {
  it('is the committed change plus uncommitted and untracked files, deletions included', () => {
    const repo = tempRepo(BASE_FILES);
    branch(repo, (write) => write('apps/a/cm.yaml', 'kind: ConfigMap\ndata: {}\n'));
    writeFileSync(join(repo, 'apps/b/cm.yaml'), 'changed\n');
    writeFileSync(join(repo, 'apps/b/new.yaml'), 'new\n');
    rmSync(join(repo, 'gitops/apps/a.yaml'));
    const listed = listChangedFiles(repo, 'main');
    expect(listed.ok && listed.files).toEqual([
      'apps/a/cm.yaml',
      'apps/b/cm.yaml',
      'apps/b/new.yaml',
      'gitops/apps/a.yaml',
    ]);
  });

  it('refuses ref text that is no revision name (options, ranges), and names a missing one', () => {
    for (const bad of ['--output=/tmp/x', '-p', 'main..HEAD', 'a b', '', 'main;rm', '@{-1}'])
      expect(isSafeRef(bad), bad).toBe(false);
    for (const good of ['main', 'origin/main', 'HEAD~2', 'v1.2.3', 'refs/heads/x', 'abc123^'])
      expect(isSafeRef(good), good).toBe(true);
    const repo = tempRepo(BASE_FILES);
    expect(listChangedFiles(repo, '--output=x')).toEqual({
      ok: false,
      message: '--base "--output=x" is not a revision name',
    });
    const missing = listChangedFiles(repo, 'nope');
    expect(missing.ok).toBe(false);
    // a change git cannot list is a warning, and every app is checked
    const selection = selectChangedApps({ repoRoot: repo, base: 'nope' });
    expect(selection.everything).toBe('the change could not be listed');
    expect(selection.findings.map((f) => [f.ruleId, f.severity])).toEqual([
      ['coverage/changed-only-unavailable', 'warning'],
    ]);
  });
});

describe('changes every app depends on', () => {
  const cases: [string, (write: (p: string, t: string) => void) => void, RegExp | undefined][] = [
    ['an app file', (w) => w('apps/a/cm.yaml', 'x: 1\n'), undefined],
    ['the config file', (w) => w('neuroscale.config.yaml', 'kubeVersion: "1.32"\n'), /config file/],
    ['a policy', (w) => w('policies/p.yaml', 'changed\n'), /policy file policies\/p.yaml/],
    [
      'an AppProject',
      (w) => w('env/project.yaml', `${BASE_FILES['env/project.yaml']}spec: {}\n`),
      /env\/project.yaml/,
    ],
    [
      'a new cluster Secret',
      (w) =>
        w(
          'env/cluster.yaml',
          'kind: Secret\nmetadata:\n  labels:\n    argocd.argoproj.io/secret-type: cluster\n',
        ),
      /Argo CD environment file env\/cluster.yaml/,
    ],
    ['argocd-cm', (w) => w('env/cm.yaml', 'kind: ConfigMap\nmetadata:\n  name: argocd-cm\n'), /env\/cm.yaml/],
    ['the pinned tools', (w) => w('.tool-versions', 'helm 3.18.0\n'), /pinned tool versions/],
  ];
  it.each(cases)('%s', (_name, change, everything) => {
    const repo = tempRepo(BASE_FILES);
    branch(repo, change);
    const selection = select(repo);
    if (everything) expect(selection.everything).toMatch(everything);
    else expect(selection.everything).toBeUndefined();
  });

  it('a deleted AppProject is read at the base', () => {
    const repo = tempRepo(BASE_FILES);
    branch(repo, () => rmSync(join(repo, 'env/project.yaml')));
    expect(select(repo).everything).toBe('the Argo CD environment file env/project.yaml changed');
  });
});

describe('the affected part of the tree', () => {
  const app = (name: string, inputs: string[]): AppNode => ({
    name,
    kind: 'Application',
    location: { file: 'gitops/apps/x.yaml', line: 1, column: 1 },
    wave: 0,
    syncOptions: [],
    automated: false,
    sources: [],
    status: 'rendered',
    objectCount: 0,
    inputs,
  });
  const selection = { base: 'main', files: ['apps/a/new.yaml', 'values/b.yaml'], findings: [] };

  it('an app is affected by a changed input file, or by any file below an input folder', () => {
    const affected = affectedBy(selection);
    expect(affected(app('a', ['apps/a/', 'gitops/apps/a.yaml']))).toBe(true);
    expect(affected(app('b', ['apps/b/', 'values/b.yaml']))).toBe(true);
    expect(affected(app('c', ['apps/c/', 'values/c.yaml', 'apps/a']))).toBe(false);
    // a folder whose name is a prefix of another is not that other folder
    expect(affected(app('d', ['apps/a-other/']))).toBe(false);
    // no recorded inputs: checked, never skipped on no evidence
    expect(affected({})).toBe(true);
    expect(affectedBy({ ...selection, everything: 'the config file x changed' })(app('c', []))).toBe(true);
  });

  it('drops the unaffected apps, their objects and findings, and lists them in an info finding', () => {
    const tree = {
      apps: [app('a', ['apps/a/']), app('c', ['apps/c/'])],
      manifests: [],
    };
    const part = selectChangedPart(tree, selection);
    expect(part.apps.map((a) => a.name)).toEqual(['a']);
    expect(part.unchanged.map((a) => a.name)).toEqual(['c']);
    expect([part.owns({ app: 'a' }), part.owns({ app: 'c' }), part.owns({})]).toEqual([true, false, true]);
    const info = skippedUnchangedFinding(selection, part);
    expect(info?.ruleId).toBe('coverage/skipped-unchanged');
    expect(info?.message).toBe(
      '--changed-only: 1 app skipped-unchanged (no input changed since main, 2 files changed): c',
    );
  });
});
