/**
 * The published package, not the workspace: pack every package with `pnpm pack:all` (one folder per
 * package, so `@neuroscale/validate` and `neuroscale-validate` cannot overwrite each other), install the
 * tarballs into an empty project with plain npm, and run `npx neuroscale-validate` on a small Helm app.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from './helpers.js';

const PACKAGES = ['core', 'render', 'validate', 'kyverno-test', 'cost-proxy', 'diff', 'cli'];
const built = PACKAGES.every((p) => existsSync(join(REPO_ROOT, 'packages', p, 'dist', 'index.js')));
if (!built)
  console.warn(
    '[packed-tarball] SKIPPED: packages are not built (run `pnpm run build` first; `pnpm test` does)',
  );

const app = (name: string, path: string, source = '') => `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: ${name}
  namespace: argocd
spec:
  project: default
  source:
    repoURL: https://github.com/example/consumer.git
    targetRevision: HEAD
    path: ${path}
${source}  destination:
    server: https://kubernetes.default.svc
    namespace: web
`;

/** A root Application and one Helm app whose chart renders a Deployment from its values. */
const HELM_TREE: Record<string, string> = {
  'gitops/bootstrap/root.yaml': app('root', 'gitops/apps'),
  'gitops/apps/web.yaml': app(
    'web',
    'gitops/charts/web',
    '    helm:\n      valueFiles: [values-prod.yaml]\n',
  ),
  'gitops/charts/web/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 0.1.0\n',
  'gitops/charts/web/values.yaml': 'replicas: 1\nimage: nginx:1.27\n',
  'gitops/charts/web/values-prod.yaml': 'replicas: 2\n',
  'gitops/charts/web/templates/deployment.yaml': [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: web',
    'spec:',
    '  replicas: {{ .Values.replicas }}',
    '  selector:',
    '    matchLabels: {app: web}',
    '  template:',
    '    metadata:',
    '      labels: {app: web}',
    '    spec:',
    '      containers:',
    '        - name: web',
    '          image: {{ .Values.image }}',
    '',
  ].join('\n'),
};

function withoutPackageManagerConfig(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([k]) => !/^npm_/i.test(k)));
}

describe.skipIf(!built)('npx neuroscale-validate from packed tarballs', () => {
  let project: string;
  let tree: string;
  let installLog: string;

  beforeAll(() => {
    const packs = mkdtempSync(join(tmpdir(), 'ns-packs-'));
    // the JS that `pnpm test` just built; declarations are a release step (pack:all without --no-types)
    const packed = JSON.parse(
      execFileSync(
        process.execPath,
        [join(REPO_ROOT, 'scripts/pack-all.mjs'), '--no-build', '--no-types', '--dest', packs, '--json'],
        { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
      ),
    ) as { name: string; file: string }[];
    expect(packed.map((p) => p.name).sort()).toEqual(
      [
        '@neuroscale/core',
        '@neuroscale/cost-proxy',
        '@neuroscale/diff',
        '@neuroscale/kyverno-test',
        '@neuroscale/render',
        '@neuroscale/validate',
        'neuroscale-validate',
      ].sort(),
    );
    expect(new Set(packed.map((p) => p.file)).size).toBe(PACKAGES.length);
    project = mkdtempSync(join(tmpdir(), 'ns-consumer-'));
    writeFileSync(
      join(project, 'package.json'),
      JSON.stringify({ name: 'consumer', private: true, type: 'module' }),
    );
    const install = spawnSync(
      'npm',
      ['install', '--no-audit', '--no-fund', '--prefer-offline', ...packed.map((p) => p.file)],
      // plain npm, as a consumer runs it: without the npm_config_* that `pnpm test` exports to scripts
      { cwd: project, encoding: 'utf8', env: withoutPackageManagerConfig(process.env) },
    );
    installLog = `${install.stdout}\n${install.stderr}`;
    expect(install.status, installLog).toBe(0);

    tree = mkdtempSync(join(tmpdir(), 'ns-tree-'));
    for (const [p, content] of Object.entries(HELM_TREE)) {
      mkdirSync(dirname(join(tree, p)), { recursive: true });
      writeFileSync(join(tree, p), content);
    }
    const git = (...args: string[]) => execFileSync('git', args, { cwd: tree, stdio: 'ignore' });
    git('init', '-q', '-b', 'main');
    git('remote', 'add', 'origin', 'https://github.com/example/consumer.git');
    git('add', '-A');
    git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', 'tree');
  }, 600_000);

  it('installs without warnings on the supported Node versions (no dependency needs a newer engine)', () => {
    expect(installLog).not.toMatch(/EBADENGINE|npm warn/i);
  });

  it('ships only built files (no sources, no tests) and the generated schema data', () => {
    const list = execFileSync('npm', ['ls', '--all', '--parseable'], { cwd: project, encoding: 'utf8' });
    expect(list).toContain('neuroscale-validate');
    const validateDir = join(project, 'node_modules/@neuroscale/validate');
    expect(existsSync(join(validateDir, 'generated'))).toBe(true);
    expect(existsSync(join(validateDir, 'src'))).toBe(false);
    expect(existsSync(join(project, 'node_modules/neuroscale-validate/test'))).toBe(false);
  });

  it('runs the full pipeline on a small Helm app', () => {
    const r = spawnSync('npx', ['--no-install', 'neuroscale-validate', tree, '--format', 'json'], {
      cwd: project,
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        NEUROSCALE_HELM: join(REPO_ROOT, '.tools/bin/helm'),
        NEUROSCALE_KUBECTL: join(REPO_ROOT, '.tools/bin/kubectl'),
      },
      timeout: 300_000,
    });
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.status, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.tool.name).toBe('neuroscale-validate');
    const apps = (report.apps as { name: string }[]).map((a) => a.name);
    expect(apps).toEqual(expect.arrayContaining(['root', 'web']));
    expect(report.summary.errors).toBe(0);
    const objects = (report.objects ?? []) as { kind?: string; name?: string }[];
    if (objects.length)
      expect(objects).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'Deployment' })]));
    expect(report.summary.objects).toBeGreaterThanOrEqual(1);
  }, 300_000);
});
