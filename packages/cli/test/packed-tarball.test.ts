/**
 * The published package, not the workspace: pack every package, install the tarballs into an
 * empty project, and run `npx neuroscale-validate` on a copy of this repository's GitOps tree.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from './helpers.js';

const PACKAGES = ['core', 'render', 'validate', 'kyverno-test', 'cost-proxy', 'cli'];
const built = PACKAGES.every((p) => existsSync(join(REPO_ROOT, 'packages', p, 'dist', 'index.js')));
if (!built)
  console.warn(
    '[packed-tarball] SKIPPED: packages are not built (run `pnpm run build` first; `pnpm test` does)',
  );

describe.skipIf(!built)('npx neuroscale-validate from packed tarballs', () => {
  let project: string;
  let tree: string;

  beforeAll(() => {
    const packs = mkdtempSync(join(tmpdir(), 'ns-packs-'));
    // one folder per package: @neuroscale/validate and neuroscale-validate pack to the same file name
    const tarballs = PACKAGES.flatMap((p) => {
      const dest = join(packs, p);
      execFileSync('pnpm', ['pack', '--pack-destination', dest], {
        cwd: join(REPO_ROOT, 'packages', p),
        stdio: 'ignore',
      });
      return readdirSync(dest)
        .filter((f) => f.endsWith('.tgz'))
        .map((f) => join(dest, f));
    });
    expect(tarballs).toHaveLength(PACKAGES.length);
    project = mkdtempSync(join(tmpdir(), 'ns-consumer-'));
    writeFileSync(
      join(project, 'package.json'),
      JSON.stringify({ name: 'consumer', private: true, type: 'module' }),
    );
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', ...tarballs], {
      cwd: project,
      stdio: 'ignore',
    });

    tree = mkdtempSync(join(tmpdir(), 'ns-tree-'));
    for (const p of ['gitops', 'policies', 'neuroscale.config.yaml'])
      cpSync(join(REPO_ROOT, p), join(tree, p), { recursive: true });
    const git = (...args: string[]) => execFileSync('git', args, { cwd: tree, stdio: 'ignore' });
    git('init', '-q', '-b', 'main');
    git('add', '-A');
    git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', 'tree');
  }, 600_000);

  it('ships only built files (no sources, no tests) and the generated schema data', () => {
    const list = execFileSync('npm', ['ls', '--all', '--parseable'], { cwd: project, encoding: 'utf8' });
    expect(list).toContain('neuroscale-validate');
    const validateDir = join(project, 'node_modules/@neuroscale/validate');
    expect(existsSync(join(validateDir, 'generated'))).toBe(true);
    expect(existsSync(join(validateDir, 'src'))).toBe(false);
    expect(existsSync(join(project, 'node_modules/neuroscale-validate/test'))).toBe(false);
  });

  it("runs the full pipeline on this repository's gitops/ tree", () => {
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
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.tool.name).toBe('neuroscale-validate');
    const apps = (report.apps as { name: string }[]).map((a) => a.name);
    expect(apps).toEqual(expect.arrayContaining(['root', 'backstage', 'ai-model-alpha']));
    expect(report.summary.errors).toBe(0);
    expect(report.summary.objects).toBeGreaterThan(10);
  }, 300_000);
});
