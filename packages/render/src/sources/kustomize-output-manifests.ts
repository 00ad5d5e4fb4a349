/**
 * kustomize output documents → Manifests: provenance is the resource document each object came from
 * (matched by kind and name, namePrefix/nameSuffix removed), the generator entry for generated objects, else
 * the app's kustomization; `locate(pointer)` answers with the line that produced the field (see
 * locate-kustomize-output.ts), in whichever file of the build that is.
 */
import { readFileSync, statSync } from 'node:fs';
import type { Manifest } from '@neuroscale/core';
import { isRecord } from '../render-context.js';
import { indexResourceFiles, type KustomizeClosure, type ResourceIndexEntry } from './kustomize-closure.js';
import { nameCandidates } from './kustomize-patch-target.js';
import { collectPatches, type LayerView, type PatchDoc, type ReadBuildFile } from './kustomize-patches.js';
import { locateKustomizeOutput } from './locate-kustomize-output.js';
import type { ToolDocument } from './parse-tool-output.js';

const MAX_READ = 4 * 1024 * 1024;

export function kustomizeOutputManifests(input: {
  documents: readonly ToolDocument[];
  closure: KustomizeClosure;
  /** Argo CD's overrides as an outermost layer, when the Application has any. */
  overrideLayer?: LayerView;
  apps: string[];
}): Manifest[] {
  const { closure } = input;
  const layers: LayerView[] = closure.layers.map((l) => ({
    file: l.file,
    dirRel: l.dirRel,
    textOf: (f: string) => (f === l.file ? l.text : undefined),
    value: l.value,
    locate: l.doc.locate,
  }));
  if (input.overrideLayer) layers.push(input.overrideLayer);
  const readFile = buildFileReader(closure);
  let patches: PatchDoc[] | undefined;
  const build = { layers, readFile, patches: () => (patches ??= collectPatches(layers, readFile)) };
  const prefixes = layers.flatMap((l) =>
    typeof l.value.namePrefix === 'string' ? [l.value.namePrefix] : [],
  );
  const suffixes = layers.flatMap((l) =>
    typeof l.value.nameSuffix === 'string' ? [l.value.nameSuffix] : [],
  );
  const index = indexResourceFiles(closure);

  return input.documents.map((d) => {
    const md = isRecord(d.object.metadata) ? d.object.metadata : {};
    const names = nameCandidates(String(md.name ?? ''), prefixes, suffixes);
    const resource = findResource(index, String(d.object.kind), names);
    const { origin, locate } = locateKustomizeOutput(d.object, { object: d.object, names }, resource, build);
    return {
      object: d.object,
      source: {
        apps: input.apps,
        file: origin?.file ?? closure.kustomizationRel!,
        documentIndex: resource ? resource.doc.index : d.index,
        line: origin?.line ?? 1,
        column: origin?.column ?? 1,
        sourceType: 'kustomize',
      },
      locate,
    };
  });
}

/** The resource document for the first candidate name that has one; an ambiguous name stops the search. */
function findResource(
  index: Map<string, ResourceIndexEntry | null>,
  kind: string,
  names: readonly string[],
): ResourceIndexEntry | undefined {
  for (const n of names) {
    const hit = index.get(`${kind}/${n}`);
    if (hit === null) return undefined;
    if (hit) return hit;
  }
  return undefined;
}

function buildFileReader(closure: KustomizeClosure): ReadBuildFile {
  const byRel = new Map(closure.files.map((f) => [f.rel, f.abs]));
  const cache = new Map<string, string | undefined>();
  return (rel) => {
    if (cache.has(rel)) return cache.get(rel);
    const abs = byRel.get(rel);
    let text: string | undefined;
    try {
      if (abs && statSync(abs).size <= MAX_READ) text = readFileSync(abs, 'utf8');
    } catch {
      text = undefined;
    }
    cache.set(rel, text);
    return text;
  };
}
