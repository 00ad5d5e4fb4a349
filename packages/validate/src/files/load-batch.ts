/**
 * One batch of manifest files loaded (core readYamlFile: size caps, encoding, YAML limits), in the order
 * given. The same code runs on the main thread and in a worker; a worker also keeps each file's text so the
 * main thread can rebuild the documents' locators (functions do not cross threads).
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

export interface LoadedBatch {
  manifests: Manifest[];
  /** Problems of the files themselves (yaml/*), file by file in batch order. */
  findings: Finding[];
  /** Per manifest, the index in `texts` of its file's text (only with keepText). */
  textOf: number[];
  texts: string[];
  /** A CustomResourceDefinition among the manifests (its schema applies to every batch). */
  hasCrd: boolean;
}

export async function loadBatch(
  files: readonly ManifestFile[],
  options: { limits?: Partial<YamlLimits>; keepText?: boolean },
): Promise<LoadedBatch> {
  const out: LoadedBatch = { manifests: [], findings: [], textOf: [], texts: [], hasCrd: false };
  for (const { path, file } of files) {
    const r = await readYamlFile(path, {
      file,
      ...(options.limits ? { limits: options.limits } : {}),
      ...(options.keepText ? { keepText: true } : {}),
    });
    const manifests = manifestsFromDocuments(file, r.documents);
    if (options.keepText && r.text !== undefined) {
      const at = out.texts.push(r.text) - 1;
      for (let i = 0; i < manifests.length; i++) out.textOf.push(at);
    }
    for (const m of manifests) {
      out.manifests.push(m);
      if (isCrdObject(m.object)) out.hasCrd = true;
    }
    out.findings.push(...r.findings);
  }
  return out;
}
