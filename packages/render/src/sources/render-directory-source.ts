/**
 * Directory sources (reposerver/repository/repository.go findManifests, getPotentiallyValidManifests,
 * getPotentiallyValidManifestFile, getObjsFromYAMLOrJson): walk in lexical order (hidden files included),
 * recurse only with directory.recurse, extension filter, exclude then include (gobwas, relative to the app dir),
 * symlinks must stay in the repo (dangling ones are skipped with a warning), the skip marker, the combined size
 * cap, and Argo's rules for files that do not decode. No templating of any kind.
 */
import { lstat, readdir, readFile, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Finding, K8sObject, Manifest } from '@neuroscale/core';
import { compareStrings, DEFAULT_YAML_LIMITS, decodeText, finding, loadYaml } from '@neuroscale/core';
import { isRecord } from '../render-context.js';
import { isInsideRepo } from '../repo/path-safety.js';
import { KUSTOMIZATION_FILES } from './detect-source-type.js';
import { gobwasMatch, isValidGobwasGlob } from './gobwas-glob.js';

const MANIFEST_FILE = /^.*\.(yaml|yml|json|jsonnet)$/;
const SKIP_MARKER = '+argocd:skip-file-rendering';
/** reposerver.max.combined.directory.manifests.size default (10M = 10 * 1000^2... Argo parses "10M" as 10*10^6). */
export const DEFAULT_MAX_COMBINED_BYTES = 10_000_000;
/**
 * Manifest files (after include/exclude) one directory source may hold. Argo CD has no count limit, but its
 * combined-size cap bounds it in practice; thousands of tiny files are a cheap way to make every later
 * stage (decode, locate, validate, policy) do per-file work, so the count is capped before any file is read.
 */
export const DEFAULT_MAX_DIRECTORY_FILES = 10_000;
/** Directory entries (files and folders, matching or not) one directory walk may visit. */
export const DEFAULT_MAX_DIRECTORY_ENTRIES = 100_000;

export interface DirectoryOptions {
  recurse?: boolean;
  include?: string;
  exclude?: string;
}

export interface DirectoryRenderInput {
  repoRoot: string;
  /** Absolute, real path of the app folder. */
  appDirAbs: string;
  /** Repo-relative app folder ('' for the root). */
  appDirRel: string;
  directory: DirectoryOptions;
  appChain: string[];
  maxCombinedBytes?: number;
  maxFiles?: number;
  maxEntries?: number;
  /** Largest single file read (the YAML loader's maxFileBytes by default). */
  maxFileBytes?: number;
}

export interface DirectoryRenderResult {
  manifests: Manifest[];
  /** Problems that fail the app (Argo returns an error for the whole source). */
  errors: Finding[];
  warnings: Finding[];
}

interface Candidate {
  abs: string;
  rel: string;
  relToApp: string;
  name: string;
  /** From stat, before any read. */
  size: number;
}

/** Thrown out of the walk when a count limit is hit; the walk stops there. */
class WalkLimit extends Error {}

async function walk(
  input: DirectoryRenderInput,
  out: Candidate[],
  warnings: Finding[],
  errors: Finding[],
): Promise<void> {
  const { directory } = input;
  const maxFiles = input.maxFiles ?? DEFAULT_MAX_DIRECTORY_FILES;
  const maxEntries = input.maxEntries ?? DEFAULT_MAX_DIRECTORY_ENTRIES;
  let seen = 0;
  const refuse = (what: string, max: number) => {
    errors.push(
      finding({
        ruleId: 'render/directory-too-many-files',
        message: `the directory source holds more than ${max} ${what}; it was not rendered (limit of the offline renderer)`,
        location: { file: input.appDirRel || '.', line: 1, column: 1 },
        details: { limit: max },
      }),
    );
    throw new WalkLimit();
  };
  const visit = async (dirAbs: string, relToApp: string): Promise<void> => {
    const entries = (await readdir(dirAbs)).sort(compareStrings);
    seen += entries.length;
    if (seen > maxEntries) refuse('directory entries', maxEntries);
    for (const name of entries) {
      const abs = join(dirAbs, name);
      const childRel = relToApp ? `${relToApp}/${name}` : name;
      const repoRel = input.appDirRel ? `${input.appDirRel}/${childRel}` : childRel;
      const st = await lstat(abs);
      if (st.isDirectory()) {
        if (directory.recurse) await visit(abs, childRel);
        continue;
      }
      if (!MANIFEST_FILE.test(name)) continue;
      let real = abs;
      let size = st.size;
      if (st.isSymbolicLink()) {
        try {
          real = await realpath(abs);
        } catch {
          warnings.push(
            finding({
              ruleId: 'render/dangling-symlink',
              severity: 'warning',
              message: `destination of symlink ${repoRel} is missing; Argo CD skips it`,
              location: { file: repoRel, line: 1, column: 1 },
            }),
          );
          continue;
        }
        if (!isInsideRepo(input.repoRoot, real)) {
          errors.push(
            finding({
              ruleId: 'render/path-escape',
              message: `illegal filepath in symlink at ${repoRel}: it resolves outside the repository; the file was not read`,
              location: { file: repoRel, line: 1, column: 1 },
            }),
          );
          continue;
        }
        const rst = await stat(real);
        if (!rst.isFile()) continue;
        size = rst.size;
      } else if (!st.isFile()) continue;
      if (directory.exclude && gobwasMatch(directory.exclude, childRel)) continue;
      if (directory.include && !gobwasMatch(directory.include, childRel)) continue;
      out.push({ abs: real, rel: repoRel, relToApp: childRel, name, size });
      if (out.length > maxFiles) refuse('manifest files', maxFiles);
    }
  };
  try {
    await visit(input.appDirAbs, '');
  } catch (e) {
    if (!(e instanceof WalkLimit)) throw e;
  }
}

function hasKind(v: unknown): v is K8sObject {
  return isRecord(v) && typeof v.kind === 'string' && v.kind !== '';
}

export async function renderDirectorySource(input: DirectoryRenderInput): Promise<DirectoryRenderResult> {
  const errors: Finding[] = [];
  const warnings: Finding[] = [];
  const manifests: Manifest[] = [];
  warnings.push(...globWarnings(input));
  const candidates: Candidate[] = [];
  await walk(input, candidates, warnings, errors);
  if (errors.some((e) => e.ruleId === 'render/directory-too-many-files'))
    return { manifests, errors, warnings };
  const max = input.maxCombinedBytes ?? DEFAULT_MAX_COMBINED_BYTES;
  const maxFileBytes = input.maxFileBytes ?? DEFAULT_YAML_LIMITS.maxFileBytes;
  // Sizes come from stat, before any read: a directory of huge files is refused without reading one of them.
  // (Each file over the loader's size limit also gets `yaml/too-large` from the CLI's scan of the tree, which
  // stats every YAML file the same way; repeating it here would report the file twice.)
  let total = 0;
  for (const c of candidates) if (!c.name.endsWith('.jsonnet')) total += c.size;
  if (total > max) {
    errors.push(
      finding({
        ruleId: 'render/directory-too-large',
        message: `the directory's manifest files total ${total} bytes, over Argo CD's reposerver.max.combined.directory.manifests.size (${max}); the app fails to render`,
        location: { file: input.appDirRel || '.', line: 1, column: 1 },
      }),
    );
    return { manifests, errors, warnings };
  }
  const texts = await readCandidateTexts(candidates, maxFileBytes, errors);
  const out = { manifests, errors, warnings };
  for (const [i, c] of candidates.entries()) objectsOfFile(input, c, texts[i], out);
  return { manifests, errors, warnings };
}

/** An include/exclude pattern that is not a valid glob matches nothing in Argo CD. */
function globWarnings(input: DirectoryRenderInput): Finding[] {
  const warnings: Finding[] = [];
  for (const [field, pattern] of [
    ['include', input.directory.include],
    ['exclude', input.directory.exclude],
  ] as const) {
    if (pattern && !isValidGobwasGlob(pattern)) {
      warnings.push(
        finding({
          ruleId: 'render/invalid-glob',
          severity: 'warning',
          message: `directory.${field} '${pattern}' is not a valid glob; Argo CD matches nothing with it`,
        }),
      );
    }
  }
  return warnings;
}

/** Each candidate's text, read only after the size checks; undefined for jsonnet and refused files. */
async function readCandidateTexts(
  candidates: Candidate[],
  maxFileBytes: number,
  errors: Finding[],
): Promise<(string | undefined)[]> {
  const texts: (string | undefined)[] = [];
  for (const c of candidates) {
    if (c.name.endsWith('.jsonnet')) {
      texts.push(undefined);
      continue;
    }
    if (c.size > maxFileBytes) {
      // reachable only with a combined cap raised above the file cap: refused unread, with its finding
      errors.push(
        finding({
          ruleId: 'yaml/too-large',
          message: `file is ${c.size} bytes, over the ${maxFileBytes}-byte limit; it was not read`,
          location: { file: c.rel, line: 1, column: 1 },
        }),
      );
      texts.push(undefined);
      continue;
    }
    const decoded = decodeText(await readFile(c.abs), c.rel);
    if (decoded.text === undefined) errors.push(...decoded.findings);
    texts.push(decoded.text);
  }
  return texts;
}

/** The objects of one file, as Argo CD's directory source decodes it (jsonnet refused, JSON single-object). */
function objectsOfFile(
  input: DirectoryRenderInput,
  c: Candidate,
  text: string | undefined,
  out: { manifests: Manifest[]; errors: Finding[]; warnings: Finding[] },
): void {
  const { warnings } = out;
  if (c.name.endsWith('.jsonnet')) {
    // Argo CD evaluates jsonnet (reposerver/repository/repository.go); not rendering it here is a coverage
    // gap, not an error in the repository (walk-app-tree turns it into coverage/app-not-rendered)
    warnings.push(
      finding({
        ruleId: 'render/jsonnet-unsupported',
        severity: 'warning',
        message: `${c.rel}: jsonnet is evaluated by Argo CD but not by offline render`,
        location: { file: c.rel, line: 1, column: 1 },
      }),
    );
    return;
  }
  if (text === undefined) return;
  if (text.includes(SKIP_MARKER)) return;
  const nested = KUSTOMIZATION_FILES.includes(c.name) && c.relToApp.includes('/');
  if (nested) {
    warnings.push(
      finding({
        ruleId: 'render/nested-kustomization',
        severity: 'warning',
        message: `${c.rel} is inside a recursive directory app: Argo CD does not build it but applies it as a Kustomization object, and the sync fails. Exclude it or point an app at its folder`,
        location: { file: c.rel, line: 1, column: 1 },
      }),
    );
  }
  const loaded = loadYaml(text, { file: c.rel });
  // A duplicate key does not stop Argo CD's decoder (go-yaml v2, non-strict: the last value wins), so
  // the objects render; the finding is reported and the documents are kept.
  const duplicates = loaded.findings.filter((f) => f.ruleId === 'yaml/duplicate-key');
  warnings.push(...duplicates);
  loaded.findings = loaded.findings.filter((f) => f.ruleId !== 'yaml/duplicate-key');
  const provenance = (line: number, column: number, index: number) => ({
    apps: input.appChain,
    file: c.rel,
    documentIndex: index,
    line,
    column,
    sourceType: 'directory' as const,
  });
  if (c.name.endsWith('.json')) {
    jsonFileObject({ c, loaded, provenance }, out);
    return;
  }
  yamlStreamObjects({ c, text, loaded, provenance }, out);
}

/** A YAML stream: the objects before the first document that is not an object with a kind. */
function yamlStreamObjects(
  {
    c,
    text,
    loaded,
    provenance,
  }: {
    c: Candidate;
    text: string;
    loaded: ReturnType<typeof loadYaml>;
    provenance: (line: number, column: number, index: number) => Manifest['source'];
  },
  { manifests, errors }: { manifests: Manifest[]; errors: Finding[] },
): void {
  // YAML stream: the decoder stops at the first document that is not an object with a kind.
  const failures: { line: number; column: number; message: string }[] = [];
  for (const f of loaded.findings)
    failures.push({ line: f.location?.line ?? 1, column: f.location?.column ?? 1, message: f.message });
  for (const d of loaded.documents)
    if (!hasKind(d.value))
      failures.push({
        line: d.line,
        column: d.column,
        message: isRecord(d.value) ? "Object 'Kind' is missing" : 'document is not an object',
      });
  failures.sort((a, b) => a.line - b.line);
  const first = failures[0];
  const good = loaded.documents.filter((d) => hasKind(d.value) && (!first || d.line < first.line));
  if (first) {
    const looksLikeManifest =
      text.includes('apiVersion:') && text.includes('kind:') && text.includes('metadata:');
    if (good.length > 0 || looksLikeManifest) {
      errors.push(
        finding({
          ruleId: 'render/invalid-manifest-file',
          message: `Failed to unmarshal "${c.name}": ${first.message}`,
          location: { file: c.rel, line: first.line, column: first.column },
        }),
      );
    }
    // else: silently ignored, as Argo CD does for values.yaml, Chart.yaml and other non-manifest YAML
    return;
  }
  for (const d of good)
    manifests.push({
      object: d.value as K8sObject,
      source: provenance(d.line, d.column, d.index),
      locate: d.locate,
    });
}

/** A .json file holds exactly one object with a kind, or Argo CD fails the app. */
function jsonFileObject(
  {
    c,
    loaded,
    provenance,
  }: {
    c: Candidate;
    loaded: ReturnType<typeof loadYaml>;
    provenance: (line: number, column: number, index: number) => Manifest['source'];
  },
  { manifests, errors }: { manifests: Manifest[]; errors: Finding[] },
): void {
  const docs = loaded.documents;
  const bad = loaded.findings.length > 0 || docs.length !== 1 || !hasKind(docs[0]!.value);
  if (docs.length > 1) {
    errors.push(
      finding({
        ruleId: 'render/invalid-manifest-file',
        message: `Found multiple objects in "${c.name}". Only single objects are allowed in JSON files.`,
        location: { file: c.rel, line: docs[1]!.line, column: docs[1]!.column },
      }),
    );
  } else if (bad) {
    const why =
      loaded.findings[0]?.message ??
      (docs.length === 0
        ? 'no object'
        : isRecord(docs[0]!.value)
          ? "Object 'Kind' is missing"
          : 'not a JSON object');
    errors.push(
      finding({
        ruleId: 'render/invalid-manifest-file',
        message: `Failed to unmarshal "${c.name}": ${why}. Argo CD fails the app; exclude the file with directory.exclude`,
        location: loaded.findings[0]?.location ?? { file: c.rel, line: 1, column: 1 },
      }),
    );
  } else {
    const d = docs[0]!;
    manifests.push({
      object: d.value as K8sObject,
      source: provenance(d.line, d.column, d.index),
      locate: d.locate,
    });
  }
}
