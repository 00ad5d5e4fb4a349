/**
 * The files a `kustomize build` of one folder can read: every kustomization folder reachable through
 * resources/bases/components (whole folder), plus files referenced from outside those folders (patches,
 * generators, crds, configurations...). Remote references and paths leaving the repository are reported.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { K8sObject } from '@neuroscale/core';
import { loadYaml, type YamlDocument } from '@neuroscale/core';
import { isRecord } from '../render-context.js';
import { resolveInRepo } from '../repo/path-safety.js';
import { type CollectedFile, collectFiles } from './collect-files.js';
import { KUSTOMIZATION_FILES } from './detect-source-type.js';

export interface KustomizeClosure {
  files: CollectedFile[];
  /** Repo-relative kustomization file of the app folder. */
  kustomizationRel?: string;
  kustomization?: Record<string, unknown>;
  remote: { ref: string; from: string }[];
  escapes: { ref: string; from: string; message: string }[];
  /** Plain resource files (candidates for object → file provenance). */
  resourceFiles: string[];
  /** Parse problems of kustomization files. */
  problems: { file: string; message: string }[];
  /**
   * Every kustomization (and Component) of the build, in the order kustomize applies their transformers:
   * a layer comes after the layers of its resources and components (post-order), the app's own is last.
   */
  layers: KustomizationLayer[];
}

export interface KustomizationLayer {
  /** Repo-relative kustomization file. */
  file: string;
  /** Repo-relative folder (paths inside the kustomization are relative to it). */
  dirRel: string;
  /** Raw text (inline patches are located inside it). */
  text: string;
  doc: YamlDocument;
  value: Record<string, unknown>;
}

const REMOTE_RE =
  /^(?:[a-zA-Z][a-zA-Z0-9+.-]*:\/\/|git@|github\.com\/|gitlab\.com\/|bitbucket\.org\/)|[?&]ref=|\/\/(?:[^/]|$)|\.git(?:\/|$|\?)/;

export function isRemoteKustomizeRef(ref: string): boolean {
  return REMOTE_RE.test(ref);
}

export function findKustomizationFile(dirAbs: string): string | undefined {
  return KUSTOMIZATION_FILES.find((n) => existsSync(join(dirAbs, n)));
}

function refsOf(k: Record<string, unknown>): { dirOrFile: string[]; files: string[] } {
  const dirOrFile: string[] = [];
  const files: string[] = [];
  const strs = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  for (const f of [
    'resources',
    'bases',
    'components',
    'crds',
    'configurations',
    'generators',
    'transformers',
    'validators',
  ])
    dirOrFile.push(...strs(k[f]));
  for (const p of strs(k.patchesStrategicMerge))
    if (!p.includes('\n') && !/^\s*(apiVersion|kind):/m.test(p)) files.push(p);
  for (const f of ['patches', 'patchesJson6902', 'replacements']) {
    for (const p of Array.isArray(k[f]) ? (k[f] as unknown[]) : [])
      if (isRecord(p) && typeof p.path === 'string') files.push(p.path);
  }
  for (const g of ['configMapGenerator', 'secretGenerator']) {
    for (const e of Array.isArray(k[g]) ? (k[g] as unknown[]) : []) {
      if (!isRecord(e)) continue;
      for (const f of strs(e.files)) files.push(f.includes('=') ? f.slice(f.indexOf('=') + 1) : f);
      files.push(...strs(e.envs));
      if (typeof e.env === 'string') files.push(e.env);
    }
  }
  if (isRecord(k.openapi) && typeof k.openapi.path === 'string') files.push(k.openapi.path);
  return { dirOrFile, files };
}

export async function kustomizeClosure(
  repoRoot: string,
  appDirAbs: string,
  appDirRel: string,
  /** References added by Argo overrides (components, patch paths), relative to the app folder. */
  extraRefs: string[] = [],
): Promise<KustomizeClosure> {
  const out: KustomizeClosure = {
    files: [],
    remote: [],
    escapes: [],
    resourceFiles: [],
    problems: [],
    layers: [],
  };
  const files = new Map<string, CollectedFile>();
  const visited = new Set<string>();
  const addFile = (rel: string, abs: string) => files.set(rel, { rel, abs });

  const visitDir = async (dirAbs: string, dirRel: string, isApp: boolean): Promise<void> => {
    if (visited.has(dirRel)) return;
    visited.add(dirRel);
    const collected = await collectFiles(repoRoot, dirAbs, dirRel);
    for (const f of collected.files) files.set(f.rel, f);
    for (const e of collected.escapes)
      out.escapes.push({ ref: e, from: dirRel, message: `${e}: a symlink resolves outside the repository` });
    const kname = findKustomizationFile(dirAbs);
    if (!kname) return;
    const krel = dirRel ? `${dirRel}/${kname}` : kname;
    const text = readFileSync(join(dirAbs, kname), 'utf8');
    const loaded = loadYaml(text, { file: krel });
    const k = loaded.documents[0]?.value;
    if (loaded.findings.length > 0 || !isRecord(k)) {
      out.problems.push({
        file: krel,
        message: loaded.findings[0]?.message ?? 'kustomization is not a mapping',
      });
      return;
    }
    if (isApp) {
      out.kustomizationRel = krel;
      out.kustomization = k;
    }
    const { dirOrFile, files: fileRefs } = refsOf(k);
    if (isApp) dirOrFile.push(...extraRefs);
    for (const ref of [...dirOrFile, ...fileRefs]) {
      if (isRemoteKustomizeRef(ref)) {
        out.remote.push({ ref, from: krel });
        continue;
      }
      const r = resolveInRepo(repoRoot, ref, { base: dirRel });
      if (!r.ok) {
        if (r.reason === 'not-found') continue; // kustomize reports it, with its own message
        out.escapes.push({ ref, from: krel, message: r.message });
        continue;
      }
      if (r.kind === 'dir') await visitDir(r.abs, r.rel, false);
      else {
        addFile(r.rel, r.abs);
        if (dirOrFile.includes(ref) && /\.(ya?ml|json)$/.test(ref)) out.resourceFiles.push(r.rel);
      }
    }
    out.layers.push({ file: krel, dirRel, text, doc: loaded.documents[0]!, value: k });
  };
  await visitDir(appDirAbs, appDirRel, true);
  out.files = [...files.values()].sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
  out.resourceFiles.sort();
  return out;
}

export interface ResourceIndexEntry {
  file: string;
  doc: YamlDocument;
}

/** kind/name → the resource file document that declares it (only when unique). */
export function indexResourceFiles(closure: KustomizeClosure): Map<string, ResourceIndexEntry | null> {
  const index = new Map<string, ResourceIndexEntry | null>();
  const byRel = new Map(closure.files.map((f) => [f.rel, f.abs]));
  for (const rel of closure.resourceFiles) {
    const abs = byRel.get(rel);
    if (!abs || statSync(abs).size > 4 * 1024 * 1024) continue;
    const loaded = loadResourceFile(abs, rel);
    for (const d of loaded.documents) {
      const o = d.value as K8sObject;
      if (!isRecord(o) || typeof o.kind !== 'string' || !isRecord(o.metadata)) continue;
      const key = `${o.kind}/${String(o.metadata.name ?? '')}`;
      index.set(key, index.has(key) ? null : { file: rel, doc: d });
    }
  }
  return index;
}

const parsedFiles = new Map<string, { stamp: string; result: ReturnType<typeof loadYaml> }>();
/** Resource files are shared by many overlays: parse each version once per process. */
function loadResourceFile(abs: string, rel: string): ReturnType<typeof loadYaml> {
  const st = statSync(abs);
  const stamp = `${rel}:${st.size}:${st.mtimeMs}`;
  const hit = parsedFiles.get(abs);
  if (hit && hit.stamp === stamp) return hit.result;
  const result = loadYaml(readFileSync(abs, 'utf8'), { file: rel });
  parsedFiles.set(abs, { stamp, result });
  return result;
}
