/**
 * A source in another git repository: cloned shallow at its targetRevision (a tag here) from a local bare
 * repository into the cache by the real git, then rendered; a warm run needs no repository at all; offline
 * without the cache it is a coverage/app-not-rendered warning; `repos:` maps a repoURL to a folder.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RenderResult, render } from '../../src/index.js';

const REPO_URL = 'https://example.com/platform.git';
let base: string;
let bare: string;
let otherURL: string;

function write(root: string, files: Record<string, string>): void {
  for (const [p, c] of Object.entries(files)) {
    mkdirSync(join(root, p, '..'), { recursive: true });
    writeFileSync(join(root, p), c);
  }
}
const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
    cwd,
    stdio: 'pipe',
  });
const cm = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`;

const app = (url: string, revision: string) => `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: elsewhere
  namespace: argocd
spec:
  project: default
  destination:
    server: https://kubernetes.default.svc
    namespace: elsewhere
  source:
    repoURL: ${url}
    targetRevision: ${revision}
    path: manifests
`;

function makeTree(url: string, revision: string): string {
  const root = mkdtempSync(join(base, 'tree-'));
  write(root, { 'gitops/bootstrap/root.yaml': app(url, revision) });
  return root;
}
const names = (r: RenderResult) =>
  r.manifests.filter((m) => m.source.apps.at(-1) === 'elsewhere').map((m) => m.object.metadata?.name);

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'ns-other-repos-'));
  const work = join(base, 'work');
  mkdirSync(work);
  git(work, 'init', '-q', '-b', 'main');
  write(work, { 'manifests/cm.yaml': cm('from-v1') });
  git(work, 'add', '-A');
  git(work, 'commit', '-qm', 'v1');
  git(work, 'tag', 'v1.0.0');
  write(work, { 'manifests/cm.yaml': cm('from-main') });
  git(work, 'commit', '-qam', 'main');
  bare = join(base, 'other.git');
  git(base, 'clone', '-q', '--bare', work, bare);
  otherURL = `file://${bare}`;
});

afterAll(() => {
  if (base) rmSync(base, { recursive: true, force: true });
});

describe('other repositories', () => {
  it('clones another repository at a tag, and a warm run needs no repository', async () => {
    const tree = makeTree(otherURL, 'v1.0.0');
    const cacheDir = join(base, 'cache');
    const cold = await render({ repoRoot: tree, cacheDir, repoURLs: [REPO_URL], offline: false });
    expect(cold.findings.map((f) => f.message)).toEqual([]);
    expect(names(cold)).toEqual(['from-v1']);
    expect(cold.apps.find((a) => a.name === 'elsewhere')?.status).toBe('rendered');
    renameSync(bare, `${bare}.gone`);
    try {
      const warm = await render({ repoRoot: tree, cacheDir, repoURLs: [REPO_URL], offline: false });
      expect(names(warm)).toEqual(['from-v1']);
      const offline = await render({ repoRoot: tree, cacheDir, repoURLs: [REPO_URL], offline: true });
      expect(names(offline)).toEqual(['from-v1']);
    } finally {
      renameSync(`${bare}.gone`, bare);
    }
  }, 60_000);

  it('HEAD is the default branch', async () => {
    const r = await render({
      repoRoot: makeTree(otherURL, 'HEAD'),
      cacheDir: join(base, 'cache-head'),
      repoURLs: [REPO_URL],
      offline: false,
    });
    expect(names(r)).toEqual(['from-main']);
  }, 60_000);

  it('offline without the cache: coverage/app-not-rendered naming the URL', async () => {
    const r = await render({
      repoRoot: makeTree(otherURL, 'v1.0.0'),
      cacheDir: join(base, 'cache-empty'),
      repoURLs: [REPO_URL],
    });
    const w = r.findings.filter((f) => f.ruleId === 'coverage/app-not-rendered' && f.app === 'elsewhere');
    expect(w).toHaveLength(1);
    expect(w[0]!.message).toContain(otherURL);
    expect(w[0]!.message).toContain('the network is off');
  }, 60_000);

  it('repos: maps a repoURL to a local folder, offline', async () => {
    const folder = join(base, 'mapped');
    write(folder, { 'manifests/cm.yaml': cm('from-folder') });
    const url = 'https://git.example.com/team/other.git';
    const r = await render({
      repoRoot: makeTree(url, 'main'),
      cacheDir: join(base, 'cache-mapped'),
      repoURLs: [REPO_URL],
      repos: { [url]: folder },
    });
    expect(names(r)).toEqual(['from-folder']);
  }, 60_000);
});
