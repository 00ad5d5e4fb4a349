/**
 * Provenance: the repository files an app's rendered output can depend on, derived from the Application
 * itself and the files it names, without running helm or kustomize (so a `--changed-only` run can tell an
 * unaffected app without building it).
 *
 * An input is a repo-relative path; one ending in `/` is a folder and stands for every file below it,
 * including files that do not exist yet (a new template in a chart folder changes the output too). An app
 * reads:
 * - the file that defines it (for a generated app: the ApplicationSet's file) and what its parent passed down
 *   (see walk-app-tree.ts: a templated parent's inputs, an ApplicationSet's generator reads);
 * - each local source folder, whole (`.argocd-source*.yaml`, a chart's templates, a directory's manifests);
 * - helm: the value files (relative, `/`-rooted and `$ref/...` in another source, reposerver/repository/
 *   repository.go getResolvedValueFiles), file parameters, and every `file://` dependency folder of Chart.yaml,
 *   recursively (helm's dependency build copies them, pkg/downloader/manager.go);
 * - kustomize: every kustomization folder its build reaches (resources, bases, components) and the files it
 *   names outside them (patches, generators) — the same closure the kustomize renderer copies
 *   (sources/kustomize-closure.ts).
 * Sources in other repositories and remote charts have no input in this repository (their version is in
 * the Application, i.e. in its defining file).
 */
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, join, posix, relative, sep } from 'node:path';
import { loadYaml } from '@neuroscale/core';
import { type AppSpec, cmp, isRecord, type RenderContext } from '../render-context.js';
import { collectFiles } from '../sources/collect-files.js';
import { findKustomizationFile, kustomizeClosure } from '../sources/kustomize-closure.js';
import { applyArgocdSourceOverrides, normalizeSource } from '../sources/normalize-source.js';

/** Repo-relative path of `p` taken from folder `base`; undefined when it leaves the repository. */
function repoPath(base: string, p: string): string | undefined {
  const joined = p.startsWith('/') ? posix.normalize(p.slice(1)) : posix.normalize(posix.join(base, p));
  if (joined === '..' || joined.startsWith('../')) return undefined;
  return joined === '.' ? '' : joined.replace(/\/$/, '');
}

const folder = (rel: string) => (rel === '' ? '' : `${rel}/`);

/** Sorted, without entries already covered by a folder entry. */
export function normalizeInputs(inputs: Iterable<string>): string[] {
  const all = [...new Set(inputs)].sort(cmp);
  const folders = all.filter((p) => p === '' || p.endsWith('/'));
  return all.filter((p) => !folders.some((f) => f !== p && p.startsWith(f)));
}

/** True when a changed repo-relative file is one of the inputs (a file, or below a folder input). */
export function inputsCover(inputs: readonly string[], file: string): boolean {
  return inputs.some((p) => p === file || ((p === '' || p.endsWith('/')) && file.startsWith(p)));
}

/** Chart.yaml `file://` dependencies of a chart folder, repo-relative, recursively (cycles stop). */
function localChartDependencies(repoRoot: string, chartRel: string, seen: Set<string>, out: string[]): void {
  if (seen.has(chartRel)) return;
  seen.add(chartRel);
  const file = join(repoRoot, chartRel, 'Chart.yaml');
  if (!existsSync(file)) return;
  let value: unknown;
  try {
    value = loadYaml(readFileSync(file, 'utf8'), { file: `${chartRel}/Chart.yaml` }).documents[0]?.value;
  } catch {
    return;
  }
  const deps = isRecord(value) && Array.isArray(value.dependencies) ? value.dependencies : [];
  for (const d of deps) {
    if (!isRecord(d) || typeof d.repository !== 'string' || !d.repository.startsWith('file://')) continue;
    const rel = repoPath(chartRel, d.repository.slice('file://'.length));
    if (rel === undefined) continue;
    out.push(folder(rel));
    localChartDependencies(repoRoot, rel, seen, out);
  }
}

/** Value files and file parameters of a helm block, repo-relative (`$ref/...` through the ref source's path). */
function helmFileInputs(app: AppSpec, helm: Record<string, unknown>, chartRel: string): string[] {
  const out: string[] = [];
  const add = (p: string | undefined) => {
    if (p !== undefined) out.push(p);
  };
  for (const raw of Array.isArray(helm.valueFiles) ? helm.valueFiles : []) {
    if (typeof raw !== 'string' || /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(raw)) continue;
    if (raw.startsWith('$')) {
      const [first = '', ...rest] = raw.split('/');
      const ref = app.sources.find((s) => s.spec.ref === first.slice(1));
      if (ref) {
        const refPath = typeof ref.spec.path === 'string' ? ref.spec.path : '';
        add(repoPath(repoPath('', refPath) ?? '', rest.join('/')));
        continue;
      }
    }
    add(repoPath(chartRel, raw));
  }
  for (const fp of Array.isArray(helm.fileParameters) ? helm.fileParameters : []) {
    if (isRecord(fp) && typeof fp.path === 'string') add(repoPath(chartRel, fp.path));
  }
  return out;
}

/**
 * The real folder of a repo-relative path (one syscall: symlinks resolved, as git reports changes under the
 * target's path); undefined when missing or outside the repository.
 */
function realFolder(repoRoot: string, rel: string): { abs: string; rel: string; dir: boolean } | undefined {
  try {
    const abs = realpathSync.native(join(repoRoot, rel));
    const real = relative(repoRoot, abs).split(sep).join('/');
    if (real === '..' || real.startsWith('../') || isAbsolute(real)) return undefined;
    return { abs, rel: real, dir: statSync(abs).isDirectory() };
  } catch {
    return undefined;
  }
}

/** The inputs of one local source folder (see top). */
async function sourceInputs(
  ctx: RenderContext,
  app: AppSpec,
  spec: Record<string, unknown>,
): Promise<string[]> {
  const path = typeof spec.path === 'string' ? spec.path : '';
  // Argo CD refuses absolute source paths and paths leaving the repository: nothing is read whatever changes
  const lexical = path.startsWith('/') ? undefined : repoPath('', path);
  if (lexical === undefined) return [];
  const resolved = realFolder(ctx.repoRoot, lexical);
  // a missing folder: creating it changes the app
  if (!resolved) return [folder(lexical)];
  if (!resolved.dir) return [resolved.rel];
  const out = [folder(resolved.rel)];
  if (lexical !== resolved.rel) out.push(folder(lexical));
  const overrides = ['.argocd-source.yaml', `.argocd-source-${app.name}.yaml`];
  const effective = overrides.some((n) => existsSync(join(resolved.abs, n)))
    ? (
        await applyArgocdSourceOverrides({
          source: spec,
          appDirAbs: resolved.abs,
          appDirRel: resolved.rel,
          appName: app.name,
        })
      ).source
    : spec;
  if (isRecord(effective.helm)) out.push(...helmFileInputs(app, effective.helm, resolved.rel));
  if (existsSync(join(resolved.abs, 'Chart.yaml'))) {
    localChartDependencies(ctx.repoRoot, resolved.rel, new Set(), out);
  }
  if (findKustomizationFile(resolved.abs)) {
    const kz = isRecord(effective.kustomize) ? effective.kustomize : {};
    const extra = [
      ...(Array.isArray(kz.components)
        ? kz.components.filter((c): c is string => typeof c === 'string')
        : []),
      ...(Array.isArray(kz.patches)
        ? kz.patches.flatMap((p) => (isRecord(p) && typeof p.path === 'string' ? [p.path] : []))
        : []),
    ];
    const closure = await kustomizeClosure(ctx.repoRoot, resolved.abs, resolved.rel, extra);
    for (const layer of closure.layers) out.push(folder(layer.dirRel));
    for (const f of closure.files) out.push(f.rel);
  }
  return out;
}

/**
 * The inputs of an Application (see top): its defining file, what its parent passed down and each local
 * source's files (`own`: the sources' inputs only). Sorted, folder entries subsuming the files below them.
 */
export async function deriveApplicationInputs(
  ctx: RenderContext,
  app: AppSpec,
  inherited: readonly string[],
): Promise<{ inputs: string[]; own: string[] }> {
  const out: string[] = [];
  for (const source of app.sources) {
    const spec = normalizeSource(source.spec);
    const repoURL = typeof spec.repoURL === 'string' ? spec.repoURL : '';
    if (!ctx.repo.isLocal(repoURL) || (typeof spec.chart === 'string' && spec.chart)) continue;
    // a values-only source (`ref:`) is read through the other sources' `$ref/...` value files
    if (typeof spec.ref === 'string' && spec.ref && spec.path === undefined) continue;
    out.push(...(await sourceInputs(ctx, app, spec)));
  }
  return { inputs: normalizeInputs([app.origin.file, ...inherited, ...out]), own: normalizeInputs(out) };
}

/**
 * Folders the git generators of an ApplicationSet list (the part of each `files`/`directories` path before
 * its first glob character), at any depth of matrix/merge nesting: a file added or removed below one of them
 * can change what the ApplicationSet generates.
 */
export function gitGeneratorFolders(spec: unknown): string[] {
  const out: string[] = [];
  const visit = (v: unknown) => {
    if (Array.isArray(v)) for (const x of v) visit(x);
    else if (isRecord(v)) {
      if (isRecord(v.git)) {
        for (const key of ['files', 'directories']) {
          const list = v.git[key];
          for (const e of Array.isArray(list) ? list : []) {
            if (!isRecord(e) || typeof e.path !== 'string') continue;
            const literal = e.path.split(/[*?[{\\]/)[0]!;
            const dir = literal.includes('/') ? literal.slice(0, literal.lastIndexOf('/') + 1) : '';
            out.push(dir.startsWith('/') ? dir.slice(1) : dir);
          }
        }
      }
      for (const x of Object.values(v)) visit(x);
    }
  };
  visit(isRecord(spec) ? spec.spec : undefined);
  return out;
}

/**
 * Whether an app's output may hold objects the rest of the tree needs even when none of its inputs changed:
 * Applications or ApplicationSets (their children must be found) and CustomResourceDefinitions (the schemas
 * of other apps' custom resources). True when an input file mentions `argoproj.io` or
 * `CustomResourceDefinition`; a chart that builds those from pieces is not seen here.
 */
export async function holdsTreeWideObjects(
  repoRoot: string,
  inputs: readonly string[],
  /** Answers per input already scanned in this render (a shared chart or base is read once). */
  memo: Map<string, Promise<boolean>> = new Map(),
): Promise<boolean> {
  for (const input of inputs) {
    let answer = memo.get(input);
    if (!answer) {
      answer = inputHoldsTreeWideObjects(repoRoot, input);
      memo.set(input, answer);
    }
    if (await answer) return true;
  }
  return false;
}

async function inputHoldsTreeWideObjects(repoRoot: string, input: string): Promise<boolean> {
  const files =
    input === '' || input.endsWith('/')
      ? await collectFiles(repoRoot, join(repoRoot, input), input.replace(/\/$/, ''))
          .then((c) => c.files.map((f) => f.abs))
          .catch(() => [])
      : [join(repoRoot, input)];
  for (const abs of files) {
    try {
      if (TREE_WIDE.test(readFileSync(abs, 'latin1'))) return true;
    } catch {
      // a file that is gone: nothing to find
    }
  }
  return false;
}

const TREE_WIDE = /argoproj\.io|CustomResourceDefinition/;
