/**
 * Chart dependencies, built as Argo CD builds them (argo-cd reposerver/repository/repository.go runHelmBuild,
 * util/helm/helm.go DependencyBuild): only after `helm template` failed with "found in Chart.yaml, but missing
 * in charts/ directory"; each `https://` dependency repository is added with `helm repo add <url with / → ->
 * <url>`, then `helm dependency build` runs in the chart folder. `file://` dependencies are built offline from
 * folders inside the repository (a path that leaves it is refused). The archives helm writes into `charts/`
 * are kept in the remote cache (key: the chart's Chart.yaml and Chart.lock and the file:// dependencies'
 * files), so a warm run builds nothing and makes no request.
 */
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { loadYaml, registerTempPath } from '@neuroscale/core';
import { isRecord } from '../render-context.js';
import { isInsideRepo } from '../repo/path-safety.js';
import { collectFiles } from '../sources/collect-files.js';
import { runIsolatedTool } from '../tool-sandbox/run-isolated-tool.js';
import type { RemoteChartSettings } from './resolve-remote-chart.js';

export const DEPENDENCY_MISSING =
  /found in (Chart\.yaml|requirements\.yaml), but missing in charts\/ directory/;

export interface DependencyBuildInput {
  settings: RemoteChartSettings;
  /** Folder chartDirRel is relative to (the repository, or an extracted remote chart). */
  root: string;
  chartDirAbs: string;
  chartDirRel: string;
  /** The chart's files as staged for helm template. */
  files: { rel: string; abs: string }[];
}

export type DependencyBuild =
  | { ok: true; files: { rel: string; abs: string }[] }
  | { ok: false; cause: string };

interface Dependency {
  name: string;
  repository: string;
}

async function readDependencies(chartDirAbs: string): Promise<Dependency[]> {
  const out: Dependency[] = [];
  for (const file of ['Chart.yaml', 'requirements.yaml']) {
    let text: string;
    try {
      text = await readFile(join(chartDirAbs, file), 'utf8');
    } catch {
      continue;
    }
    const doc = loadYaml(text, { file }).documents[0]?.value;
    const deps = isRecord(doc) && Array.isArray(doc.dependencies) ? doc.dependencies : [];
    for (const d of deps) {
      if (isRecord(d) && typeof d.name === 'string') {
        out.push({ name: d.name, repository: typeof d.repository === 'string' ? d.repository : '' });
      }
    }
  }
  return out;
}

const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

/** The `file://` dependencies' files (confined to root), or why one cannot be used. */
async function localDependencyFiles(
  input: DependencyBuildInput,
  deps: Dependency[],
): Promise<{ rel: string; abs: string }[] | string> {
  const files: { rel: string; abs: string }[] = [];
  for (const d of deps.filter((x) => x.repository.startsWith('file://'))) {
    const target = resolve(input.chartDirAbs, d.repository.slice('file://'.length));
    if (!isInsideRepo(input.root, target)) {
      return `dependency ${d.name}: ${d.repository} is outside the repository; it was not read`;
    }
    const rel = relative(input.root, target).split(sep).join('/');
    try {
      files.push(...(await collectFiles(input.root, target, rel)).files);
    } catch {
      return `dependency ${d.name}: ${d.repository} does not exist`;
    }
  }
  return files;
}

// long: stage the chart, add the repositories, run helm dependency build and keep what it wrote, in one place
export async function buildChartDependencies(input: DependencyBuildInput): Promise<DependencyBuild> {
  const { settings } = input;
  const deps = await readDependencies(input.chartDirAbs);
  const remote = deps.filter((d) => !d.repository.startsWith('file://'));
  const aliased = remote.find((d) => d.repository.startsWith('@') || d.repository.startsWith('alias:'));
  if (aliased) {
    return {
      ok: false,
      cause: `dependency ${aliased.name} names a repository alias (${aliased.repository}) that only Argo CD's repository configuration defines`,
    };
  }
  const local = await localDependencyFiles(input, deps);
  if (typeof local === 'string') return { ok: false, cause: local };
  const staged = [...new Map([...input.files, ...local].map((f) => [f.rel, f])).values()];
  const contents = await Promise.all(staged.map((f) => readFile(f.abs)));
  const key = sha256(
    JSON.stringify(['deps', input.chartDirRel, staged.map((f, i) => [f.rel, sha256(contents[i]!)]).sort()]),
  );
  const cached = await settings.cache.read(key);
  const chartsRel = input.chartDirRel ? `${input.chartDirRel}/charts` : 'charts';
  const asFiles = (dir: string, names: [string, string][]) =>
    names.map(([p]) => ({ rel: `${chartsRel}/${p}`, abs: join(dir, p) }));
  if (cached.status === 'hit') return { ok: true, files: asFiles(cached.dir, cached.meta.files) };
  if (cached.status === 'corrupt') await settings.cache.discard(key);
  if (remote.length > 0 && settings.offline) {
    return { ok: false, cause: 'the network is off (--offline) and the dependencies are not in the cache' };
  }
  if (!settings.helm) return { ok: false, cause: 'helm is not available' };
  const work = await mkdtemp(join(tmpdir(), 'neuroscale-deps-'));
  const unregister = registerTempPath(work);
  try {
    await Promise.all(
      staged.map(async (f, i) => {
        const dest = join(work, 'repo', f.rel);
        await mkdir(dirname(dest), { recursive: true });
        await writeFile(dest, contents[i]!);
      }),
    );
    const chartWork = join(work, 'repo', input.chartDirRel);
    const before = new Set(staged.map((f) => f.rel));
    // repositories live in this work folder only: nothing of the user's helm configuration is changed
    const env = {
      HELM_REPOSITORY_CONFIG: join(work, 'repositories.yaml'),
      HELM_REPOSITORY_CACHE: join(work, 'repository-cache'),
    };
    const run = (args: string[]) =>
      runIsolatedTool({
        binary: settings.helm!,
        args,
        cwd: chartWork,
        env,
        timeoutMs: settings.limits.totalTimeoutMs,
        maxOutputBytes: 1024 * 1024,
      });
    const repos = [...new Set(remote.map((d) => d.repository).filter((r) => /^https?:\/\//.test(r)))].sort();
    for (const url of repos) {
      const added = await run(['repo', 'add', url.replace(/\//g, '-'), url]);
      if (added.exitCode !== 0)
        return { ok: false, cause: `helm repo add ${url}: ${firstLine(added.stderr)}` };
    }
    const built = await run(['dependency', 'build']);
    if (built.exitCode !== 0)
      return { ok: false, cause: `helm dependency build: ${firstLine(built.stderr)}` };
    const names = (await readdir(join(chartWork, 'charts')).catch(() => [] as string[]))
      .filter((n) => n.endsWith('.tgz') && !before.has(`${chartsRel}/${n}`))
      .sort();
    const archives = await Promise.all(names.map((n) => readFile(join(chartWork, 'charts', n))));
    const tooBig = archives.findIndex((a) => a.length > settings.limits.maxDownloadBytes);
    if (tooBig >= 0)
      return {
        ok: false,
        cause: `dependency archive ${names[tooBig]} is over the download limit of ${settings.limits.maxDownloadBytes} bytes`,
      };
    const stored = await settings.cache.write(
      {
        key,
        kind: 'http',
        repoURL: repos.join(' '),
        chart: `${input.chartDirRel || '.'} dependencies`,
        version: key,
        digest: `sha256:${key}`,
      },
      names.map((n, i) => ({ path: n, data: archives[i]! })),
    );
    if (stored.status !== 'hit')
      return { ok: false, cause: 'the dependencies could not be stored in the cache' };
    return { ok: true, files: asFiles(stored.dir, stored.meta.files) };
  } finally {
    await rm(work, { recursive: true, force: true });
    unregister();
  }
}

function firstLine(stderr: string): string {
  return (
    stderr
      .trim()
      .replace(/^Error: /, '')
      .split('\n')[0] ?? ''
  );
}
