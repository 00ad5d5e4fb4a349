/**
 * The trust boundary through the real, spawned CLI: nothing from the scanned tree is executed (a committed
 * `.tools/bin/helm`, the repository's fsmonitor, hooks and smudge filters), `--base` leaves nothing in the
 * temp folder and no registered worktree, and SIGINT during a slow helm removes the temp folders, kills the
 * helm process group and exits 130.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveTool } from '@neuroscale/core';
import { describe, expect, it } from 'vitest';
import { CLI_BIN, tempRepo } from '../helpers.js';
import { childApp, hostileTree } from './hostile-tree.js';

const CHART = {
  'gitops/hostile/Chart.yaml': 'apiVersion: v2\nname: c\nversion: 0.1.0\n',
  'gitops/hostile/values.yaml': 'v: one\n',
  'gitops/hostile/templates/cm.yaml':
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: tpl\ndata:\n  v: {{ .Values.v | quote }}\n',
};
const realHelm = resolveTool('helm');
const SYSTEM_PATH = '/usr/bin:/bin';

function script(dir: string, name: string, body: string): string {
  mkdirSync(dir, { recursive: true });
  const p = join(dir, name);
  writeFileSync(p, `#!/bin/sh\n${body}\n`);
  chmodSync(p, 0o755);
  return p;
}

/** Running (a zombie left for a container init to reap counts as dead). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

const worktrees = (repo: string) =>
  execFileSync('git', ['worktree', 'list', '--porcelain'], { cwd: repo, encoding: 'utf8' })
    .split('\n')
    .filter((l) => l.startsWith('worktree '));

function runCli(args: string[], cwd: string, env: Record<string, string>) {
  return spawnSync(process.execPath, [CLI_BIN, ...args], { cwd, env, encoding: 'utf8', timeout: 120_000 });
}

describe('nothing from the scanned tree is executed', () => {
  it('a committed .tools/bin/helm never runs, even with the tree as cwd and on a relative PATH', () => {
    const marker = join(mkdtempSync(join(tmpdir(), 'ns-marker-')), 'PWNED');
    const repo = tempRepo(
      hostileTree(CHART, { 'gitops/apps/hostile.yaml': childApp('hostile', 'gitops/hostile') }),
    );
    for (const tool of ['helm', 'kubectl'])
      script(join(repo, '.tools', 'bin'), tool, `touch ${marker}; echo "{}"`);
    execFileSync('git', ['add', '-A'], { cwd: repo });
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@e', 'commit', '-qm', 'tools'], {
      cwd: repo,
    });
    const cache = mkdtempSync(join(tmpdir(), 'ns-cache-'));
    const r = runCli(['render', '.', '--format', 'json', '--cache-dir', cache], repo, {
      PATH: `.tools/bin:${SYSTEM_PATH}`,
      HOME: cache,
    });
    expect(r.stderr).not.toContain('internal error');
    const out = JSON.parse(r.stdout) as { manifests: { object: { metadata: { name: string } } }[] };
    // the real helm rendered the chart
    expect(out.manifests.map((m) => m.object.metadata.name)).toContain('tpl');
    expect(existsSync(marker)).toBe(false);
    expect(execFileSync('git', ['status', '--porcelain'], { cwd: repo, encoding: 'utf8' })).toBe('');
  }, 60_000);

  it('programs in the tree never run when PATH points into it (npx puts <repo>/node_modules/.bin first)', () => {
    const marker = join(mkdtempSync(join(tmpdir(), 'ns-marker-')), 'PWNED');
    const repo = tempRepo(
      hostileTree(CHART, { 'gitops/apps/hostile.yaml': childApp('hostile', 'gitops/hostile') }),
    );
    // git, prlimit and a helm/kubectl fallback are looked up on PATH: each fake one leaves the marker
    for (const tool of ['git', 'prlimit', 'helm', 'kubectl'])
      script(join(repo, 'node_modules', '.bin'), tool, `touch ${marker}; exit 1`);
    execFileSync('git', ['add', '-A', '-f'], { cwd: repo });
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@e', 'commit', '-qm', 'bins'], {
      cwd: repo,
    });
    const cache = mkdtempSync(join(tmpdir(), 'ns-cache-'));
    const env = { PATH: `${join(repo, 'node_modules', '.bin')}:${SYSTEM_PATH}`, HOME: cache };
    // from the repository itself and from a subfolder of it, through the pipeline and `--base`
    for (const [args, cwd] of [
      [['render', '.', '--format', 'json', '--cache-dir', cache], repo],
      [['render', '..', '--format', 'json', '--cache-dir', cache], join(repo, 'gitops')],
      [['.', '--base', 'HEAD', '--format', 'json', '--cache-dir', cache], repo],
    ] as const) {
      const r = runCli([...args], cwd, env);
      expect(r.stderr).not.toContain('internal error');
      expect(existsSync(marker)).toBe(false);
    }
    const r = runCli(['render', '.', '--format', 'json', '--cache-dir', cache], repo, env);
    const out = JSON.parse(r.stdout) as { manifests: { object: { metadata: { name: string } } }[] };
    expect(out.manifests.map((m) => m.object.metadata.name)).toContain('tpl');
  }, 90_000);

  it('--base runs no fsmonitor, hook or smudge filter and leaves no temp folder or worktree', () => {
    const marker = join(mkdtempSync(join(tmpdir(), 'ns-marker-')), 'PWNED');
    const repo = tempRepo(
      hostileTree(
        { ...CHART, '.gitattributes': '*.yaml filter=evil\n' },
        { 'gitops/apps/hostile.yaml': childApp('hostile', 'gitops/hostile') },
      ),
    );
    const evil = script(join(repo, '..', `${repo.split('/').pop()}-bin`), 'evil', `touch ${marker}; cat`);
    const git = (...a: string[]) => execFileSync('git', a, { cwd: repo, encoding: 'utf8' });
    git('config', 'filter.evil.smudge', evil);
    git('config', 'filter.evil.clean', 'cat');
    git('config', 'core.fsmonitor', evil);
    git('config', 'core.hooksPath', join(evil, '..'));
    script(join(evil, '..'), 'post-checkout', `touch ${marker}`);
    // the working tree differs from the base: the base is really rendered on its own
    writeFileSync(join(repo, 'gitops/hostile/values.yaml'), 'v: two\n');
    const tmp = mkdtempSync(join(tmpdir(), 'ns-tmp-'));
    const cache = mkdtempSync(join(tmpdir(), 'ns-cache-'));
    const r = runCli(['cost', '.', '--base', 'HEAD', '--format', 'json', '--cache-dir', cache], repo, {
      PATH: SYSTEM_PATH,
      HOME: cache,
      TMPDIR: tmp,
    });
    expect(r.stderr).not.toContain('internal error');
    const cost = JSON.parse(r.stdout) as { base: { workloads: number }; head: { workloads: number } };
    expect(cost.base.workloads).toBe(cost.head.workloads);
    expect(existsSync(marker)).toBe(false);
    expect(readdirSync(tmp)).toEqual([]);
    expect(worktrees(repo)).toHaveLength(1);
    // (the test's own git status must not run the evil fsmonitor either)
    expect(git('-c', 'core.fsmonitor=false', 'status', '--porcelain')).toBe(
      ' M gitops/hostile/values.yaml\n',
    );
  }, 60_000);
});

describe('child process limits', () => {
  it('an output bomb from helm is a finding on its app; the rest of the tree renders', () => {
    const repo = tempRepo(
      hostileTree(CHART, { 'gitops/apps/hostile.yaml': childApp('hostile', 'gitops/hostile') }),
    );
    const bin = mkdtempSync(join(tmpdir(), 'ns-bomb-'));
    const bomb = script(bin, 'helm', 'exec yes PWNED');
    const cache = mkdtempSync(join(tmpdir(), 'ns-cache-'));
    const r = runCli(['render', '.', '--format', 'json', '--cache-dir', cache], repo, {
      PATH: SYSTEM_PATH,
      HOME: cache,
      NEUROSCALE_HELM: bomb,
    });
    expect(r.stderr).not.toContain('internal error');
    const out = JSON.parse(r.stdout) as {
      manifests: { object: { metadata: { name: string } } }[];
      findings: { ruleId: string; message: string; app?: string }[];
    };
    const f = out.findings.find((x) => x.ruleId === 'render/helm-template-failed');
    expect(f?.app).toBe('hostile');
    expect(f?.message).toMatch(/output exceeded the cap/);
    expect(out.manifests.map((m) => m.object.metadata.name)).toContain('still-here');
  }, 60_000);
});

describe('clean exit on SIGINT / SIGTERM', () => {
  it.runIf(realHelm.ok).each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)(
    '%s removes temp folders and the base worktree, kills helm, exits %i',
    async (signal, code) => {
      if (!realHelm.ok) return;
      const repo = tempRepo(
        hostileTree(CHART, { 'gitops/apps/hostile.yaml': childApp('hostile', 'gitops/hostile') }),
      );
      writeFileSync(join(repo, 'gitops/hostile/values.yaml'), 'v: head\n');
      const state = mkdtempSync(join(tmpdir(), 'ns-slow-'));
      // first call (head) is the real helm; the second (base) reports its pid and hangs
      const slow = script(
        state,
        'helm',
        `if [ ! -e ${state}/called ]; then touch ${state}/called; exec ${realHelm.path} "$@"; fi
echo $$ > ${state}/helm.pid
sleep 60 &
echo $! > ${state}/sleep.pid
wait`,
      );
      const tmp = mkdtempSync(join(tmpdir(), 'ns-tmp-'));
      const cache = mkdtempSync(join(tmpdir(), 'ns-cache-'));
      const child = spawn(
        process.execPath,
        [CLI_BIN, 'cost', '.', '--base', 'HEAD', '--format', 'json', '--cache-dir', cache],
        {
          cwd: repo,
          env: { PATH: SYSTEM_PATH, HOME: cache, TMPDIR: tmp, NEUROSCALE_HELM: slow },
          stdio: 'pipe',
        },
      );
      let stderr = '';
      child.stderr.on('data', (d) => {
        stderr += d;
      });
      const exited = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));
      const deadline = Date.now() + 60_000;
      while (!existsSync(join(state, 'sleep.pid')) && Date.now() < deadline) {
        await new Promise((res) => setTimeout(res, 50));
      }
      expect(existsSync(join(state, 'sleep.pid'))).toBe(true);
      // mid-run: the base worktree and the temp folders exist
      expect(worktrees(repo)).toHaveLength(2);
      expect(readdirSync(tmp).length).toBeGreaterThan(0);
      child.kill(signal);
      expect(await exited).toBe(code);
      expect(stderr).toContain(`interrupted (${signal})`);
      expect(readdirSync(tmp)).toEqual([]);
      expect(worktrees(repo)).toHaveLength(1);
      await new Promise((res) => setTimeout(res, 100));
      for (const f of ['helm.pid', 'sleep.pid']) {
        expect(alive(Number(readFileSync(join(state, f), 'utf8')))).toBe(false);
      }
    },
    90_000,
  );
});
