/**
 * The Argo CD environment: discovery as Argo CD reads its settings, config over tree over default, the
 * namespaces Argo CD watches, kustomize build options, and per-cluster versions. Each case cites the upstream rule.
 */

import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isNamespaceEnabled } from '../src/environment/application-namespaces.js';
import { resolveArgocdEnvironment, splitFields } from '../src/environment/argocd-environment.js';
import { discoverArgocdSettings } from '../src/environment/discover-argocd-settings.js';
import { render } from '../src/index.js';
import { kustomizeBuildArgs } from '../src/sources/kustomize-build-options.js';
import { FIXTURE_REMOTE } from './helpers/fixture-repo.js';

const at = (object: Record<string, unknown>, file = 'argocd/x.yaml', line = 1) => ({ object, file, line });

describe('application namespaces (util/security/application_namespaces.go IsNamespaceEnabled)', () => {
  it('the control plane always; others by glob or /regex/ (util/glob/list.go MatchStringInList)', () => {
    expect(isNamespaceEnabled('argocd', 'argocd', [])).toBe(true);
    expect(isNamespaceEnabled('team-a', 'argocd', [])).toBe(false);
    expect(isNamespaceEnabled('team-a', 'argocd', ['team-*'])).toBe(true);
    expect(isNamespaceEnabled('teamx', 'argocd', ['team-*'])).toBe(false);
    // regexp.MatchString is a search, not a full match
    expect(isNamespaceEnabled('my-sandbox-7', 'argocd', ['/sandbox-[0-9]+/'])).toBe(true);
    expect(isNamespaceEnabled('sandbox-x', 'argocd', ['/^sandbox-[0-9]+$/'])).toBe(false);
    expect(isNamespaceEnabled('anything', 'argocd', ['*'])).toBe(true);
  });
});

describe('discovery (util/settings/settings.go, util/db/cluster.go)', () => {
  it('cluster Secrets: data is base64, stringData wins, name defaults to server, last-applied dropped', () => {
    const found = discoverArgocdSettings([
      at({
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: {
          name: 's1',
          labels: { 'argocd.argoproj.io/secret-type': 'cluster', env: 'prod' },
          annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}', team: 'a' },
        },
        data: {
          server: Buffer.from('https://a.example.com').toString('base64'),
          name: Buffer.from('from-data').toString('base64'),
        },
        stringData: { name: 'a', project: 'platform' },
      }),
      at(
        {
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: { name: 's2', labels: { 'argocd.argoproj.io/secret-type': 'cluster' } },
          stringData: { server: 'https://b.example.com/' },
        },
        'argocd/y.yaml',
      ),
      // not a cluster Secret
      at({
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'repo', labels: { 'argocd.argoproj.io/secret-type': 'repository' } },
      }),
    ]);
    expect(found.clusters.map((c) => [c.name, c.server, c.project, c.annotations])).toEqual([
      ['a', 'https://a.example.com', 'platform', { team: 'a' }],
      ['https://b.example.com/', 'https://b.example.com', undefined, {}],
    ]);
  });

  it('argocd-cm and argocd-cmd-params-cm: first declaration wins, values as Argo CD parses them', () => {
    const found = discoverArgocdSettings([
      at(
        {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: 'argocd-cm', namespace: 'gitops' },
          data: {
            'kustomize.buildOptions': '  --enable-helm\n\t--load-restrictor  LoadRestrictionsNone ',
            'cluster.inClusterEnabled': 'false',
          },
        },
        'a.yaml',
        3,
      ),
      at(
        {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: 'argocd-cm', namespace: 'other' },
          data: {},
        },
        'b.yaml',
      ),
      at({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'argocd-cmd-params-cm' },
        data: { 'application.namespaces': ' a-* , b ,' },
      }),
    ]);
    expect(found.namespace).toEqual({ value: 'gitops', origin: { source: 'tree', file: 'a.yaml', line: 3 } });
    expect(found.kustomizeBuildOptions?.value).toEqual([
      '--enable-helm',
      '--load-restrictor',
      'LoadRestrictionsNone',
    ]);
    expect(found.applicationNamespaces?.value).toEqual(['a-*', 'b']);
    // cluster.inClusterEnabled: "false" removes the in-cluster entry (util/settings InClusterEnabled)
    const env = resolveArgocdEnvironment({}, found);
    expect(env.clusters).toEqual([]);
    expect(resolveArgocdEnvironment({}, { clusters: [], projects: [] }).clusters.map((c) => c.name)).toEqual([
      'in-cluster',
    ]);
  });

  it('the config overrides discovery, per setting', () => {
    const found = discoverArgocdSettings([
      at({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'argocd-cm', namespace: 'argocd' },
        data: { 'application.resourceTrackingMethod': 'label' },
      }),
    ]);
    const env = resolveArgocdEnvironment(
      { namespace: 'openshift-gitops', file: 'neuroscale.config.yaml' },
      found,
    );
    expect(env.namespace).toEqual({
      value: 'openshift-gitops',
      origin: { source: 'config', file: 'neuroscale.config.yaml' },
    });
    expect(env.trackingMethod.value).toBe('label');
    expect(env.applicationNamespaces.origin).toEqual({ source: 'default' });
  });

  it('strings.Fields splits on any run of white space', () => {
    expect(splitFields(' a\tb\n\nc ')).toEqual(['a', 'b', 'c']);
  });
});

describe('kustomize build options (util/kustomize/kustomize.go)', () => {
  it('--enable-helm runs the pinned helm; exec and plugin options are refused', () => {
    const r = kustomizeBuildArgs(
      [
        '--enable-helm',
        '--load-restrictor',
        'LoadRestrictionsNone',
        '--enable-alpha-plugins',
        '--helm-kube-version=1.31',
        '--enable-exec',
      ],
      '/pinned/helm',
    );
    expect(r.args).toEqual([
      '--enable-helm',
      '--helm-command',
      '/pinned/helm',
      '--load-restrictor',
      'LoadRestrictionsNone',
      '--helm-kube-version=1.31',
    ]);
    expect(r.refused).toEqual(['--enable-alpha-plugins', '--enable-exec']);
    expect(kustomizeBuildArgs(['--enable-helm'], undefined).refused).toEqual([
      '--enable-helm (helm not found)',
    ]);
  });
});

describe('render with the environment', () => {
  const base = mkdtempSync(join(tmpdir(), 'ns-render-env-'));
  afterAll(() => rmSync(base, { recursive: true, force: true }));
  const repoWith = (files: Record<string, string>) => {
    const root = mkdtempSync(join(base, 'repo-'));
    for (const [p, c] of Object.entries(files)) {
      mkdirSync(dirname(join(root, p)), { recursive: true });
      writeFileSync(join(root, p), c);
    }
    execFileSync('git', ['init', '-q'], { cwd: root });
    execFileSync('git', ['remote', 'add', 'origin', FIXTURE_REMOTE], { cwd: root });
    return root;
  };
  const app = (name: string, path: string, dest: string) => `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: ${name}
  namespace: argocd
spec:
  project: default
  source:
    repoURL: ${FIXTURE_REMOTE}
    path: ${path}
  destination:
    ${dest}
    namespace: demo
`;

  it("helm gets the destination cluster's kubeVersion and apiVersions (config argocd.clusters)", async () => {
    const root = repoWith({
      'bootstrap/apps.yaml': `${app('old', 'chart', 'name: old-cluster')}---\n${app('local', 'chart', 'server: https://kubernetes.default.svc')}`,
      'chart/Chart.yaml': 'apiVersion: v2\nname: caps\nversion: 0.1.0\n',
      'chart/templates/cm.yaml':
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: caps-{{ .Release.Name }}\ndata:\n  minor: "{{ .Capabilities.KubeVersion.Minor }}"\n  monitoring: "{{ .Capabilities.APIVersions.Has "monitoring.coreos.com/v1" }}"\n',
    });
    const r = await render({
      repoRoot: root,
      roots: ['bootstrap/*.yaml'],
      cacheDir: false,
      kubeVersion: '1.33',
      argocd: {
        clusters: [
          {
            name: 'old-cluster',
            server: 'https://old.example.com',
            kubeVersion: '1.30',
            apiVersions: ['monitoring.coreos.com/v1'],
          },
        ],
      },
    });
    const data = Object.fromEntries(r.manifests.map((m) => [m.source.apps.at(-1), m.object.data]));
    expect(data.old).toEqual({ minor: '30', monitoring: 'true' });
    expect(data.local).toEqual({ minor: '33', monitoring: 'false' });
    expect(r.findings.filter((f) => f.severity !== 'info')).toEqual([]);
  }, 60_000);

  it('--enable-helm inflates a vendored helmCharts chart with the values given', async () => {
    const root = repoWith({
      'bootstrap/app.yaml': app('inflated', 'k', 'server: https://kubernetes.default.svc'),
      'k/kustomization.yaml':
        'helmCharts:\n  - name: demo\n    releaseName: r\n    valuesInline:\n      mode: inline\n',
      'k/charts/demo/Chart.yaml': 'apiVersion: v2\nname: demo\nversion: 0.1.0\n',
      'k/charts/demo/values.yaml': 'mode: default\n',
      'k/charts/demo/templates/cm.yaml':
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: demo\ndata:\n  mode: "{{ .Values.mode }}"\n',
      'argocd/argocd-cm.yaml':
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: argocd-cm\n  namespace: argocd\ndata:\n  kustomize.buildOptions: --enable-helm\n',
    });
    const r = await render({ repoRoot: root, roots: ['bootstrap/*.yaml'], cacheDir: false });
    expect(r.environment.kustomizeBuildOptions).toEqual({
      value: ['--enable-helm'],
      origin: { source: 'tree', file: 'argocd/argocd-cm.yaml', line: 1 },
    });
    expect(r.findings.map((f) => f.message)).toEqual([]);
    expect(r.manifests.map((m) => m.object.data)).toEqual([{ mode: 'inline' }]);
    // without the option kustomize refuses helmCharts, as Argo CD without --enable-helm does
    const without = await render({
      repoRoot: root,
      roots: ['bootstrap/*.yaml'],
      cacheDir: false,
      argocd: { kustomize: { buildOptions: '' } },
    });
    expect(without.findings.map((f) => f.ruleId)).toContain('render/kustomize-build-failed');
  }, 60_000);
});
