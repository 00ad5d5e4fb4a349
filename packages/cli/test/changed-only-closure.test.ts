/**
 * `--changed-only --base <ref>` selects exactly the apps whose rendered output a change alters. The fixture
 * (test/fixtures/changed-only) holds an app-of-apps (directory), a directory app, a kustomize app with a base
 * and a component outside its folder (and a configMapGenerator file), a multi-source helm app with a `$ref`
 * value file in another folder and a `file://` dependency, and an ApplicationSet with a git files generator.
 * Every file carries `tok-` text that reaches some rendered output. For every file in turn: commit a change
 * to it on a branch, render the whole tree at the base and at the change with the real pinned tools, see
 * which Applications' objects differ, and run the CLI with `--changed-only --base main`: the selected apps
 * must be exactly those, except the documented supersets (render's README, "Provenance"):
 * - a parent's defining file (here the root Application's file) selects every app below that parent;
 * - a file an ApplicationSet's generator reads (here a config.json) selects every app it generates.
 * Deleted files, files added inside a source folder and uncommitted changes count too.
 */
import { execFileSync } from 'node:child_process';
import {
  appendFileSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveTool } from '@neuroscale/core';
import { render } from '@neuroscale/render';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, REPO_ROOT } from './helpers.js';

const FIXTURE = join(REPO_ROOT, 'packages/cli/test/fixtures/changed-only');
const helm = resolveTool('helm');
const kubectl = resolveTool('kubectl');
const toolsThere = helm.ok && kubectl.ok;
if (!toolsThere)
  console.warn(
    '[changed-only-closure] SKIPPED: the pinned helm/kubectl are missing (pnpm install fetches them)',
  );

/** Every file of the fixture, repo-relative, sorted. */
function fixtureFiles(dir = FIXTURE, prefix = ''): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...fixtureFiles(join(dir, e.name), rel));
    else out.push(rel);
  }
  return out.sort();
}

const FILES = fixtureFiles();

/** Apps every change of the file may select beyond those whose output changed (see top). */
const DOCUMENTED_SUPERSET: Record<string, string[]> = {
  'gitops/bootstrap/root.yaml': ['dir-app', 'gen-a', 'gen-b', 'helm-app', 'kust-app', 'root'],
  'appset-config/a/config.json': ['gen-a', 'gen-b'],
  'appset-config/b/config.json': ['gen-a', 'gen-b'],
};

let repo: string;
let cacheDir: string;
let baseOutput: Map<string, string>;

const git = (...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
    cwd: repo,
    stdio: 'ignore',
  });

/** Each Application's rendered objects (JSON), by app name: what "its output changed" compares. */
async function outputByApp(): Promise<Map<string, string>> {
  const result = await render({ repoRoot: repo, cacheDir, offline: true });
  const out = new Map<string, string>();
  for (const app of result.apps) {
    if (app.kind !== 'Application') continue;
    const objects = result.manifests.filter((m) => m.source.apps.at(-1) === app.name).map((m) => m.object);
    out.set(app.name, JSON.stringify({ status: app.status, objects }));
  }
  return out;
}

/** Names whose output differs between the base and now (apps that exist now). */
async function changedApps(): Promise<string[]> {
  const head = await outputByApp();
  return [...head.keys()].filter((name) => head.get(name) !== baseOutput.get(name)).sort();
}

/** What `--changed-only --base main` checked and what it listed as skipped-unchanged. */
async function selectedApps(): Promise<{ selected: string[]; unchanged: string[] }> {
  const r = await cli(
    ['.', '--changed-only', '--base', 'main', '--offline', '--cache-dir', cacheDir, '--format', 'json'],
    {
      cwd: repo,
    },
  );
  if (r.code === 2) throw new Error(`CLI failed: ${r.stderr}`);
  const report = JSON.parse(r.stdout) as {
    apps?: { kind: string; name: string }[];
    changedOnly: { unchanged: string[]; everything?: string };
  };
  expect(report.changedOnly.everything).toBeUndefined();
  const selected = (report.apps ?? []).filter((a) => a.kind === 'Application').map((a) => a.name);
  return { selected: [...new Set(selected)].sort(), unchanged: report.changedOnly.unchanged };
}

/** Run one change on a fresh branch from main and compare the selection with the changed outputs. */
async function checkChange(
  change: () => void,
  options: { commit?: boolean; superset?: string[] } = {},
): Promise<{ changed: string[]; selected: string[] }> {
  git('checkout', '-q', '-B', 'change', 'main');
  change();
  if (options.commit !== false) {
    git('add', '-A');
    git('commit', '-qm', 'change');
  }
  try {
    const changed = await changedApps();
    const { selected, unchanged } = await selectedApps();
    // complete: every app whose output changed is selected
    expect(selected).toEqual(expect.arrayContaining(changed));
    // exact but for the documented supersets
    const extra = selected.filter((a) => !changed.includes(a));
    expect(extra.filter((a) => !(options.superset ?? []).includes(a))).toEqual([]);
    // nothing dropped silently: every app of the tree is either checked or listed as skipped-unchanged
    const all = [...(await outputByApp()).keys()];
    for (const app of all) expect(selected.includes(app) || unchanged.includes(app), app).toBe(true);
    return { changed, selected };
  } finally {
    git('reset', '-q', '--hard');
    git('clean', '-qfd');
    git('checkout', '-q', 'main');
  }
}

describe.skipIf(!toolsThere)('--changed-only selects exactly the apps whose output a change alters', () => {
  beforeAll(async () => {
    repo = mkdtempSync(join(tmpdir(), 'ns-changed-'));
    cacheDir = mkdtempSync(join(tmpdir(), 'ns-changed-cache-'));
    cpSync(FIXTURE, repo, { recursive: true });
    execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: repo });
    git('remote', 'add', 'origin', 'https://github.com/example/platform.git');
    git('add', '-A');
    git('commit', '-qm', 'base');
    baseOutput = await outputByApp();
    // the fixture renders every kind of app it is meant to hold
    expect([...baseOutput.keys()].sort()).toEqual([
      'dir-app',
      'gen-a',
      'gen-b',
      'helm-app',
      'kust-app',
      'root',
    ]);
    for (const [name, out] of baseOutput) expect(JSON.parse(out).status, name).toBe('rendered');
  }, 120_000);

  it('every fixture file holds text that reaches some output', () => {
    expect(FILES.length).toBeGreaterThan(20);
    for (const f of FILES) expect(readFileSync(join(FIXTURE, f), 'utf8'), f).toContain('tok-');
  });

  it.each(FILES)(
    'a change to %s',
    async (file) => {
      const { changed, selected } = await checkChange(
        () => {
          const abs = join(repo, file);
          writeFileSync(abs, readFileSync(abs, 'utf8').replaceAll('tok-', 'tak-'));
        },
        { superset: DOCUMENTED_SUPERSET[file] ?? [] },
      );
      // the file nobody reads changes nothing and selects nothing; a label on the root Application changes no
      // rendered object (the documented superset selects the tree below it); any other file changes some output
      if (file === 'values/unused.yaml') expect(selected).toEqual([]);
      else if (file !== 'gitops/bootstrap/root.yaml')
        expect(changed.length, `${file} changes no rendered output`).toBeGreaterThan(0);
    },
    60_000,
  );

  it('a deleted file an app read selects that app', async () => {
    const { changed, selected } = await checkChange(() => rmSync(join(repo, 'apps/dir-app/cm2.yaml')));
    expect(changed).toEqual(['dir-app']);
    expect(selected).toEqual(['dir-app']);
  }, 60_000);

  it('a new file inside a source folder selects that app', async () => {
    const { selected } = await checkChange(() =>
      writeFileSync(
        join(repo, 'apps/dir-app/new.yaml'),
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: new\ndata:\n  a: b\n',
      ),
    );
    expect(selected).toEqual(['dir-app']);
  }, 60_000);

  it('a new generator file generates a new app, which is selected', async () => {
    const { changed, selected } = await checkChange(
      () => {
        mkdirSync(join(repo, 'appset-config/c'), { recursive: true });
        writeFileSync(join(repo, 'appset-config/c/config.json'), '{ "name": "c", "ns": "c" }\n');
      },
      { superset: ['gen-a', 'gen-b'] },
    );
    expect(changed).toEqual(['gen-c']);
    expect(selected).toContain('gen-c');
  }, 60_000);

  it('uncommitted changes of the working tree count (the render reads the working tree)', async () => {
    const { changed, selected } = await checkChange(
      () => appendFileSync(join(repo, 'values/helm-app.yaml'), 'own: changed\n'),
      { commit: false },
    );
    expect(changed).toEqual(['helm-app']);
    expect(selected).toEqual(['helm-app']);
  }, 60_000);

  it('render does not build unaffected apps: without the helm and kustomize apps no tool runs', async () => {
    const full = await render({ repoRoot: repo, cacheDir: false, offline: true });
    expect(full.stats.subprocesses).toBeGreaterThan(0);
    const only = await render({
      repoRoot: repo,
      cacheDir: false,
      offline: true,
      selectApp: (app) => app.name === 'dir-app',
    });
    expect(only.stats.subprocesses).toBe(0);
    const status = Object.fromEntries(
      only.apps.map((a) => [a.name, `${a.status}${a.reason ? ` (${a.reason})` : ''}`]),
    );
    expect(status['helm-app']).toBe('skipped (not selected)');
    expect(status['kust-app']).toBe('skipped (not selected)');
    // the app-of-apps is rendered all the same (its children must be found), and so is the ApplicationSet
    expect(status.root).toBe('rendered');
    expect(status['gen-a']).toBe('skipped (not selected)');
    expect(status['dir-app']).toBe('rendered');
    // only selected apps count in the coverage
    expect(only.coverage.applications.total).toBe(1);
  }, 60_000);
});
