/**
 * Isolation: nothing outside the repository root is ever read, helm and kustomize get no secrets
 * and no plugins, and the outside content never shows up in the output. Each escape is a finding
 * (render/path-escape, or the helm/kustomize failure Argo CD would show).
 */
import { existsSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Finding } from '@neuroscale/core';
import { isolatedToolEnv, TOOL_ENV_ALLOWLIST } from '@neuroscale/render';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, tempRepo } from '../helpers.js';
import { childApp, goodAppValidated, hostileTree, runJson } from './hostile-tree.js';

const SECRET = 'TOPSECRET-4242-outside-the-repo';
const outside = mkdtempSync(join(tmpdir(), 'ns-outside-'));
const OUT = basename(outside);

beforeAll(() => {
  writeFileSync(
    join(outside, 'secret.yaml'),
    `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: leaked\ndata:\n  s: ${SECRET}\n`,
  );
  writeFileSync(join(outside, 'values.yaml'), `leak: ${SECRET}\n`);
  mkdirSync(join(outside, 'base'), { recursive: true });
  writeFileSync(join(outside, 'base/kustomization.yaml'), 'resources: [../secret.yaml]\n');
});

const CHART = {
  'gitops/hostile/Chart.yaml': 'apiVersion: v2\nname: c\nversion: 0.1.0\n',
  'gitops/hostile/values.yaml': 'leak: none\n',
  'gitops/hostile/templates/cm.yaml': [
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    '  name: tpl',
    'data:',
    '  v: {{ .Values.leak | quote }}',
    `  up: {{ .Files.Get "../../../${OUT}/secret.yaml" | quote }}`,
    '  abs: {{ .Files.Get "/etc/passwd" | quote }}',
    '  link: {{ .Files.Get "link.yaml" | quote }}',
    '',
  ].join('\n'),
};
const helmValueFiles = (files: string[]) =>
  `    helm:\n      valueFiles: [${files.map((v) => JSON.stringify(v)).join(', ')}]\n`;

interface RenderRun {
  code: number;
  out: string;
  findings: Finding[];
  manifests: { object: { kind: string; metadata: { name: string }; data?: Record<string, string> } }[];
}

/** `render . --format json` (manifests and findings) on a hostile tree; `after` adds symlinks. */
async function renderTree(
  files: Record<string, string>,
  apps: Record<string, string> = {},
  after?: (dir: string) => void,
): Promise<RenderRun & { dir: string }> {
  const dir = tempRepo(hostileTree(files, apps));
  after?.(dir);
  // hostile trees are rendered offline: no URL they name is ever requested from a test
  const r = await cli(['render', '.', '--format', 'json', '--offline'], { cwd: dir });
  const parsed = JSON.parse(r.stdout);
  return {
    dir,
    code: r.code,
    out: r.stdout + r.stderr,
    findings: parsed.findings,
    manifests: parsed.manifests,
  };
}

function hostileFindings(findings: Finding[]) {
  return findings
    .filter((f) => f.object?.name !== 'still-here')
    .map((f) => ({ ruleId: f.ruleId, file: f.location?.file, line: f.location?.line }));
}

function expectNoLeak(run: RenderRun) {
  expect(run.out).not.toContain(SECRET);
  expect(run.out).not.toContain('root:x:0:0');
  expect(run.manifests.map((m) => m.object.metadata.name)).not.toContain('leaked');
  // the good app still renders
  expect(run.manifests.map((m) => m.object.metadata.name)).toContain('still-here');
}

describe('source paths stay inside the repository', () => {
  it('a path with .. → render/path-escape at the Application path line', async () => {
    const r = await renderTree({}, { 'gitops/apps/hostile.yaml': childApp('hostile', `../${OUT}`) });
    expect(hostileFindings(r.findings)).toEqual([
      { ruleId: 'render/path-escape', file: 'gitops/apps/hostile.yaml', line: 11 },
    ]);
    expectNoLeak(r);
  });

  it('a path that climbs out after going in (gitops/../../x) → render/path-escape', async () => {
    const r = await renderTree(
      {},
      { 'gitops/apps/hostile.yaml': childApp('hostile', `gitops/../../${OUT}`) },
    );
    expect(hostileFindings(r.findings)).toEqual([
      { ruleId: 'render/path-escape', file: 'gitops/apps/hostile.yaml', line: 11 },
    ]);
    expectNoLeak(r);
  });

  it('an absolute path → render/path-escape', async () => {
    const r = await renderTree({}, { 'gitops/apps/hostile.yaml': childApp('hostile', outside) });
    expect(hostileFindings(r.findings)).toEqual([
      { ruleId: 'render/path-escape', file: 'gitops/apps/hostile.yaml', line: 11 },
    ]);
    expect(r.findings.find((f) => f.ruleId === 'render/path-escape')?.message).toMatch(/absolute/);
    expectNoLeak(r);
  });

  it('a directory source that is a symlink to a folder outside → render/path-escape', async () => {
    const r = await renderTree({ 'gitops/keep.txt': '' }, {}, (dir) =>
      symlinkSync(outside, join(dir, 'gitops/hostile')),
    );
    expect(hostileFindings(r.findings)).toEqual([
      { ruleId: 'render/path-escape', file: 'gitops/apps/hostile.yaml', line: 11 },
    ]);
    expectNoLeak(r);
  });

  it('a manifest symlink to a file outside → render/path-escape at the link', async () => {
    const r = await renderTree(
      { 'gitops/hostile/ok.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ok}\n' },
      {},
      (dir) => symlinkSync(join(outside, 'secret.yaml'), join(dir, 'gitops/hostile/link.yaml')),
    );
    expect(hostileFindings(r.findings)).toEqual([
      { ruleId: 'render/path-escape', file: 'gitops/hostile/link.yaml', line: 1 },
    ]);
    expectNoLeak(r);
  });

  it('the pipeline reports the same escape and still validates the rest', async () => {
    const dir = tempRepo(hostileTree({ 'gitops/keep.txt': '' }));
    symlinkSync(outside, join(dir, 'gitops/hostile'));
    const r = await runJson(dir);
    expect(r.findings.map((f) => f.ruleId)).toContain('render/path-escape');
    expect(r.stdout).not.toContain(SECRET);
    expect(goodAppValidated(r.findings)).toBe(true);
  });
});

describe('helm value files and chart files stay inside the repository', () => {
  it('valueFiles ../../etc/passwd resolves inside the repo (not found); deeper ../ escapes → path-escape', async () => {
    const r = await renderTree(CHART, {
      'gitops/apps/hostile.yaml': childApp(
        'hostile',
        'gitops/hostile',
        helmValueFiles(['../../etc/passwd', '../../../../../../../etc/passwd']),
      ),
    });
    expect(hostileFindings(r.findings)).toEqual([
      { ruleId: 'render/value-file-not-found', file: 'gitops/apps/hostile.yaml', line: 13 },
      { ruleId: 'render/path-escape', file: 'gitops/apps/hostile.yaml', line: 13 },
    ]);
    expectNoLeak(r);
  });

  it('a value file that is a symlink to a file outside → render/path-escape', async () => {
    const r = await renderTree(
      CHART,
      {
        'gitops/apps/hostile.yaml': childApp(
          'hostile',
          'gitops/hostile',
          helmValueFiles(['linked-values.yaml']),
        ),
      },
      (dir) => symlinkSync(join(outside, 'values.yaml'), join(dir, 'gitops/hostile/linked-values.yaml')),
    );
    expect(hostileFindings(r.findings)).toEqual([
      { ruleId: 'render/path-escape', file: 'gitops/apps/hostile.yaml', line: 13 },
    ]);
    expectNoLeak(r);
  });

  it('a $ref value file climbing out of the ref source → render/path-escape', async () => {
    const app = `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: hostile
  namespace: argocd
spec:
  project: default
  sources:
    - repoURL: https://github.com/example/platform.git
      targetRevision: HEAD
      path: gitops/hostile
      helm:
        valueFiles: ["$values/../${OUT}/values.yaml"]
    - repoURL: https://github.com/example/platform.git
      targetRevision: HEAD
      ref: values
  destination:
    server: https://kubernetes.default.svc
    namespace: demo
`;
    const r = await renderTree(CHART, { 'gitops/apps/hostile.yaml': app });
    expect(hostileFindings(r.findings)).toEqual([
      { ruleId: 'render/path-escape', file: 'gitops/apps/hostile.yaml', line: 13 },
    ]);
    expectNoLeak(r);
  });

  it('.Files.Get with ../ or an absolute path reads nothing (helm sees only the copied chart)', async () => {
    const r = await renderTree(CHART);
    expect(hostileFindings(r.findings)).toEqual([]);
    const tpl = r.manifests.find((m) => m.object.metadata.name === 'tpl');
    expect(tpl?.object.data).toEqual({ v: 'none', up: '', abs: '', link: '' });
    expectNoLeak(r);
  });

  it('a chart file symlinked outside → render/path-escape, not copied, .Files.Get sees nothing', async () => {
    const r = await renderTree(CHART, {}, (dir) =>
      symlinkSync(join(outside, 'secret.yaml'), join(dir, 'gitops/hostile/link.yaml')),
    );
    expect(hostileFindings(r.findings)).toEqual([
      { ruleId: 'render/path-escape', file: 'gitops/apps/hostile.yaml', line: 11 },
    ]);
    expectNoLeak(r);
  });
});

describe('kustomize stays inside the repository and offline', () => {
  it('resources: [../../outside] → render/path-escape for each reference', async () => {
    const r = await renderTree({
      'gitops/hostile/kustomization.yaml': `resources:\n  - ../../../${OUT}/base\n  - ../../../${OUT}/secret.yaml\n`,
    });
    expect(hostileFindings(r.findings)).toEqual([
      { ruleId: 'render/path-escape', file: 'gitops/apps/hostile.yaml', line: 11 },
      { ruleId: 'render/path-escape', file: 'gitops/apps/hostile.yaml', line: 11 },
    ]);
    expectNoLeak(r);
  });

  it('URL resources are refused offline → coverage/app-not-rendered (remote kustomize base)', async () => {
    const r = await renderTree({
      'gitops/hostile/kustomization.yaml':
        'resources:\n  - https://example.com/evil.yaml\n  - github.com/evil/repo//base?ref=main\n',
    });
    const rules = hostileFindings(r.findings).map((f) => f.ruleId);
    expect(rules).toEqual(['coverage/app-not-rendered', 'coverage/app-not-rendered']);
    expect(
      r.findings.filter((f) => f.details?.cause === 'render/remote-kustomize-base-unavailable'),
    ).toHaveLength(2);
    expectNoLeak(r);
  });

  it('an exec KRM function is never run → render/kustomize-build-failed', async () => {
    const marker = join(outside, 'PWNED-exec');
    const r = await renderTree({
      'gitops/hostile/kustomization.yaml': 'generators:\n  - fn.yaml\n',
      'gitops/hostile/fn.yaml': [
        'apiVersion: example.com/v1',
        'kind: Gen',
        'metadata:',
        '  name: gen',
        '  annotations:',
        '    config.kubernetes.io/function: |',
        '      exec:',
        '        path: ./run.sh',
        '',
      ].join('\n'),
      'gitops/hostile/run.sh': `#!/bin/sh\ncat ${outside}/secret.yaml\ntouch ${marker}\n`,
    });
    expect(hostileFindings(r.findings)).toEqual([
      { ruleId: 'render/kustomize-build-failed', file: 'gitops/apps/hostile.yaml', line: 8 },
    ]);
    expect(r.findings.find((f) => f.ruleId === 'render/kustomize-build-failed')?.message).toMatch(
      /external plugins disabled/,
    );
    expect(existsSync(marker)).toBe(false);
    expectNoLeak(r);
  });

  it('a container KRM function is never run → render/kustomize-build-failed', async () => {
    const r = await renderTree({
      'gitops/hostile/kustomization.yaml': 'resources: [cm.yaml]\ntransformers:\n  - fn.yaml\n',
      'gitops/hostile/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n',
      'gitops/hostile/fn.yaml': [
        'apiVersion: example.com/v1',
        'kind: T',
        'metadata:',
        '  name: t',
        '  annotations:',
        '    config.kubernetes.io/function: |',
        '      container:',
        '        image: evil/image:1',
        '',
      ].join('\n'),
    });
    expect(hostileFindings(r.findings).map((f) => f.ruleId)).toEqual(['render/kustomize-build-failed']);
    expectNoLeak(r);
  });
});

describe('helm and kubectl get no secrets from the environment', () => {
  const planted = {
    AWS_SECRET_ACCESS_KEY: 'leak-aws',
    GITHUB_TOKEN: 'leak-gh',
    KUBECONFIG: '/root/.kube/leak-config',
    HELM_PLUGINS: '/tmp/leak-plugins',
    NPM_TOKEN: 'leak-npm',
  };

  it('the env builder keeps only PATH, LANG, LC_ALL, TZ and points every home at the temp folder', () => {
    const env = isolatedToolEnv({
      home: '/tmp/h',
      parentEnv: {
        ...planted,
        PATH: '/usr/bin',
        LANG: 'C.UTF-8',
        TZ: 'UTC',
        HOME: '/root',
        SSH_AUTH_SOCK: '/x',
      },
      extra: { ARGOCD_APP_NAME: 'a' },
    });
    expect(TOOL_ENV_ALLOWLIST).toEqual(['PATH', 'LANG', 'LC_ALL', 'TZ']);
    expect(Object.values(env).join('\n')).not.toMatch(/leak/);
    expect(env).toEqual({
      PATH: '/usr/bin',
      LANG: 'C.UTF-8',
      TZ: 'UTC',
      HOME: '/tmp/h',
      TMPDIR: '/tmp/h/tmp',
      KUBECONFIG: '/tmp/h/kubeconfig',
      HELM_CACHE_HOME: '/tmp/h/cache',
      HELM_CONFIG_HOME: '/tmp/h/config',
      HELM_DATA_HOME: '/tmp/h/data',
      HELM_PLUGINS: '/tmp/h/plugins',
      XDG_CACHE_HOME: '/tmp/h/cache',
      XDG_CONFIG_HOME: '/tmp/h/config',
      XDG_DATA_HOME: '/tmp/h/data',
      ARGOCD_APP_NAME: 'a',
    });
  });

  describe('end to end: planted secrets never show up in a render', () => {
    const saved: Record<string, string | undefined> = {};
    beforeAll(() => {
      for (const [k, v] of Object.entries(planted)) {
        saved[k] = process.env[k];
        process.env[k] = v;
      }
    });
    afterAll(() => {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    });

    // helm removes sprig's env/expandenv and kustomize v5 no longer fills value-less env-file keys from the
    // environment; the env builder above is the guarantee, this is the belt to its braces.
    it('an env file naming GITHUB_TOKEN / AWS_SECRET_ACCESS_KEY renders them empty; a helm chart cannot reach them', async () => {
      const r = await renderTree({
        'gitops/hostile/kustomization.yaml':
          'configMapGenerator:\n  - name: env\n    envs: [keys.env]\ngeneratorOptions:\n  disableNameSuffixHash: true\n',
        'gitops/hostile/keys.env': `${Object.keys(planted).join('\n')}\nSET=yes\n`,
      });
      expect(r.out).not.toMatch(/leak-/);
      const cm = r.manifests.find((m) => m.object.metadata.name === 'env');
      expect(cm, JSON.stringify(r.findings)).toBeDefined();
      expect(cm?.object.data).toEqual({
        ...Object.fromEntries(Object.keys(planted).map((k) => [k, ''])),
        SET: 'yes',
      });
      const helm = await renderTree({
        ...CHART,
        'gitops/hostile/templates/cm.yaml':
          'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: tpl\ndata:\n  h: {{ env "GITHUB_TOKEN" | quote }}\n',
      });
      expect(helm.out).not.toMatch(/leak-/);
      const failed = helm.findings.find((f) => f.ruleId === 'render/helm-template-failed');
      expect(failed?.message).toMatch(/function "env" not defined/);
      expect(helm.manifests.map((m) => m.object.metadata.name)).toContain('still-here');
    });
  });
});
