/**
 * Loading manifest files (core readYamlFile: size caps, encoding, YAML limits). The threads of
 * validateFiles take files one at a time from a shared counter (claimFiles), so a thread that starts late
 * or runs slow simply loads fewer; each keeps its files' results by index, for the merge in file order.
 * A worker also keeps each file's text so the main thread can rebuild the documents' locators.
 */
import {
  type Finding,
  type Manifest,
  manifestsFromDocuments,
  readYamlFile,
  type YamlLimits,
} from '@neuroscale/core';
import { isCrdObject } from '../schemas/crd-sources.js';

export interface ManifestFile {
  /** Absolute path to read. */
  path: string;
  /** The name findings and provenance use (repository- or working-directory-relative). */
  file: string;
}

export interface LoadedFile {
  /** Position of the file in the sorted list. */
  index: number;
  manifests: Manifest[];
  /** Problems of the file itself (yaml/*). */
  findings: Finding[];
  /** The decoded text (with keepText, when the file was loaded). */
  text?: string;
}

export interface LoadedFiles {
  /** In the order this thread claimed them (ascending indexes). */
  files: LoadedFile[];
  /** A CustomResourceDefinition among the manifests (its schema applies to every file). */
  hasCrd: boolean;
}

export interface LoadFilesOptions {
  limits?: Partial<YamlLimits>;
  keepText?: boolean;
}

/**
 * The next unclaimed index of a counter shared by threads (Atomics), or undefined when all are taken; with
 * `stopAt`, undefined once the counter has reached it (the rest is left to the other threads).
 */
export function claimFrom(counter: Int32Array, total: number, stopAt = total): () => number | undefined {
  return () => {
    if (stopAt < total && Atomics.load(counter, 0) >= stopAt) return undefined;
    const i = Atomics.add(counter, 0, 1);
    return i < total ? i : undefined;
  };
}

/** Load the files `claim` hands out, one at a time, until it has none left. */
export async function loadClaimedFiles(
  files: readonly ManifestFile[],
  claim: () => number | undefined,
  options: LoadFilesOptions,
): Promise<LoadedFiles> {
  const out: LoadedFiles = { files: [], hasCrd: false };
  for (let index = claim(); index !== undefined; index = claim()) {
    const f = files[index];
    if (!f) break;
    const r = await readYamlFile(f.path, {
      file: f.file,
      ...(options.limits ? { limits: options.limits } : {}),
      ...(options.keepText ? { keepText: true } : {}),
    });
    const manifests = manifestsFromDocuments(f.file, r.documents);
    if (manifests.some((m) => isCrdObject(m.object))) out.hasCrd = true;
    out.files.push({
      index,
      manifests,
      findings: r.findings,
      ...(options.keepText && r.text !== undefined ? { text: r.text } : {}),
    });
  }
  return out;
}

/** Every file in order on this thread: their manifests and findings, concatenated. */
export async function loadAllFiles(
  files: readonly ManifestFile[],
  options: LoadFilesOptions,
): Promise<{ manifests: Manifest[]; findings: Finding[] }> {
  const claim = claimFrom(new Int32Array(1), files.length);
  const loaded = await loadClaimedFiles(files, claim, options);
  return {
    manifests: loaded.files.flatMap((f) => f.manifests),
    findings: loaded.files.flatMap((f) => f.findings),
  };
}
