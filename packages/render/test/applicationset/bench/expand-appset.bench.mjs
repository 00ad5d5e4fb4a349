#!/usr/bin/env node
/**
 * Benchmark for ApplicationSet expansion (not a test: prints throughput, wall time and peak RSS).
 *   node packages/render/test/applicationset/bench/expand-appset.bench.mjs [apps=2000]
 * The package entry point does not export expandApplicationSet (render() calls it), so this bundles
 * src/applicationset/index.ts with esbuild into a temp dir and imports that build.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const pkg = resolve(here, '../../..');
// esbuild comes with tsup (a root devDependency)
const fromRoot = createRequire(resolve(pkg, '../../package.json'));
const fromTsup = createRequire(fromRoot.resolve('tsup'));
const { build } = await import(pathToFileURL(fromTsup.resolve('esbuild')).href);
const out = mkdtempSync(join(tmpdir(), 'appset-bench-'));
try {
  await build({
    entryPoints: [join(pkg, 'src/applicationset/index.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    conditions: ['@neuroscale/source'],
    outfile: join(out, 'appset.mjs'),
    logLevel: 'error',
    banner: {
      js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
    },
  });
  const { expandApplicationSet } = await import(pathToFileURL(join(out, 'appset.mjs')).href);

  const N = Number(process.argv[2] ?? 2000);
  const files = new Map();
  for (let i = 0; i < N; i++) {
    const name = `${i % 7 === 0 ? 'exp-' : ''}model-${String(i).padStart(5, '0')}`;
    files.set(`apps/${name}/inferenceservice.yaml`, 'kind: InferenceService\n');
    files.set(
      `apps/${name}/config.json`,
      JSON.stringify({ app: { name, replicas: (i % 5) + 1, big: 1000000, owner: { team: `t${i % 9}` } } }),
    );
  }
  files.set('apps/_template/README.md', '# scratch\n');
  const list = [...files.keys()].sort();
  const ctx = {
    listRepoFiles: () => list,
    readRepoFile: (p) => files.get(p),
    isLocalRepo: (u) => u.includes('neuroscale/gitops'),
    knownProjects: new Set(['models', 'default']),
    location: { file: 'clusters/k3d/root/models-appset.yaml' },
  };
  const template = {
    metadata: { name: 'model-{{ .path.basenameNormalized }}', labels: { 'neuroscale.io/kind': 'model' } },
    spec: {
      project: 'models',
      source: {
        repoURL: 'https://github.com/neuroscale/gitops.git',
        targetRevision: 'HEAD',
        path: '{{ .path.path }}',
      },
      destination: {
        server: 'https://kubernetes.default.svc',
        namespace: 'model-{{ .path.basenameNormalized }}',
      },
      syncPolicy: { automated: { prune: true, selfHeal: true }, syncOptions: ['CreateNamespace=true'] },
    },
  };
  const appSets = [
    {
      spec: {
        goTemplate: true,
        goTemplateOptions: ['missingkey=error'],
        generators: [
          {
            git: {
              repoURL: 'https://github.com/neuroscale/gitops.git',
              directories: [{ path: 'apps/*' }, { path: 'apps/_*', exclude: true }],
            },
          },
        ],
        template,
        templatePatch:
          'metadata:\n  annotations:\n    neuroscale.io/generated-from: \'{{ .path.path }}\'\n{{- if hasPrefix "exp-" .path.basename }}\nspec:\n  syncPolicy:\n    automated: null\n{{- end }}\n',
      },
    },
    {
      spec: {
        generators: [
          {
            git: {
              repoURL: 'https://github.com/neuroscale/gitops.git',
              files: [{ path: 'apps/*/config.json' }],
            },
          },
        ],
        template: {
          metadata: {
            name: '{{app.name}}-files',
            annotations: { replicas: '{{app.replicas}}', big: '{{app.big}}', team: '{{app.owner.team}}' },
          },
          spec: {
            project: 'default',
            source: { repoURL: 'https://github.com/neuroscale/gitops.git', path: '{{path}}' },
            destination: { server: 'https://kubernetes.default.svc', namespace: '{{path.basename}}' },
          },
        },
      },
    },
    {
      spec: {
        goTemplate: true,
        generators: [
          {
            matrix: {
              generators: [
                { list: { elements: [{ env: 'dev' }, { env: 'staging' }, { env: 'prod' }] } },
                {
                  git: {
                    repoURL: 'https://github.com/neuroscale/gitops.git',
                    directories: [{ path: 'apps/*' }],
                  },
                },
              ],
            },
          },
        ],
        template: { ...template, metadata: { name: '{{ .env }}-{{ .path.basename | trunc 40 }}' } },
      },
    },
  ];
  const start = performance.now();
  let apps = 0;
  let findings = 0;
  for (const [i, s] of appSets.entries()) {
    const r = expandApplicationSet(
      {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'ApplicationSet',
        metadata: { name: `s${i}`, namespace: 'argocd' },
        ...s,
      },
      ctx,
    );
    apps += r.applications.length;
    findings += r.findings.length;
  }
  const ms = performance.now() - start;
  const rssMiB = process.resourceUsage().maxRSS / 1024;
  console.log(
    `ApplicationSet expansion: ${appSets.length} ApplicationSets over ${N} app dirs → ${apps} Applications, ${findings} findings`,
  );
  console.log(
    `wall ${ms.toFixed(0)} ms, ${(apps / (ms / 1000)).toFixed(0)} Applications/s, peak RSS ${rssMiB.toFixed(0)} MiB`,
  );
} finally {
  rmSync(out, { recursive: true, force: true });
}
