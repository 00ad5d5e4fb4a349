/**
 * Provenance and `locate(pointer)` for the objects `kustomize build` outputs, so a finding on a field points
 * at the line that produced it:
 *  1. a kustomization entry that sets exactly this value (images, replicas, labels, annotations, namespace;
 *     kustomize runs these after the patches of their kustomization), outermost kustomization first;
 *  2. the patches that target the object, last applied first: strategic-merge patches walked with list items
 *     matched by merge key, JSON6902 ops whose `path` is a prefix of the pointer;
 *  3. the resource document the object came from;
 *  4. for generated ConfigMaps/Secrets, the generator entry (its literal, file or env-file line).
 * A scalar is attributed to an input only when the input holds the output value (else a later step changed
 * it); a mapping or list to the resource document when it has it (the patch only added to it), else to the
 * patch that introduced it.
 */
import { isDeepStrictEqual } from 'node:util';
import { getAtPointer, type K8sObject, type Locator, parsePointer, toPointer } from '@neuroscale/core';
import { isRecord } from '../render-context.js';
import type { ResourceIndexEntry } from './kustomize-closure.js';
import { isLeaf, walkInput } from './kustomize-merge-walk.js';
import { type OutputIdentity, selectorMatches, smpPatchMatches } from './kustomize-patch-target.js';
import type { LayerView, Located, PatchDoc, ReadBuildFile } from './kustomize-patches.js';
import { findGenerator, locateByTransformer, locateInGenerator } from './kustomize-transformer-locations.js';

export interface KustomizeBuildInputs {
  /** Kustomization layers in application order (the Argo CD override layer, if any, last). */
  layers: LayerView[];
  /** Patch documents in application order (read on first use). */
  patches: () => PatchDoc[];
  readFile: ReadBuildFile;
}

/** Identity fields an SMP patch must carry to name its target: they do not set anything. */
const IDENTITY = new Set(['/apiVersion', '/kind', '/metadata', '/metadata/name', '/metadata/namespace']);

export interface OutputProvenance {
  /** Where the object is declared (resource document, or generator entry); undefined = unknown. */
  origin?: Located;
  locate: Locator;
}

export function locateKustomizeOutput(
  object: K8sObject,
  identity: OutputIdentity,
  resource: ResourceIndexEntry | undefined,
  build: KustomizeBuildInputs,
): OutputProvenance {
  const outerFirst = [...build.layers].reverse();
  const generator = resource ? undefined : findGenerator(outerFirst, object.kind, identity.names);
  let applicable: PatchDoc[] | undefined;
  const patchesLastFirst = () =>
    (applicable ??= build
      .patches()
      .filter((p) =>
        p.target
          ? selectorMatches(p.target, identity)
          : p.kind === 'smp' && isRecord(p.value) && smpPatchMatches(p.value, identity),
      )
      .reverse());
  const resourceAt = (docPointer: string): Located | undefined => {
    if (!resource) return undefined;
    const p = resource.doc.locate(docPointer);
    return p ? { file: resource.file, line: p.line, column: p.column } : undefined;
  };

  const locate: Locator = (pointer) => {
    const segs = parsePointer(pointer);
    if (segs.length === 0) return undefined;
    const outValue = getAtPointer(object, pointer);
    const byEntry = locateByTransformer(outerFirst, segs, outValue, identity.names);
    if (byEntry) return byEntry;
    const inResource = resource ? walkInput(object, resource.doc.value, segs) : undefined;
    let changedLater: Located | undefined;
    for (const p of patchesLastFirst()) {
      const hit =
        p.kind === 'smp' ? locateInSmp(p, object, segs, pointer) : locateInJsonPatch(p, object, segs);
      if (!hit) continue;
      if (hit.leaf && !isDeepStrictEqual(hit.node, outValue)) {
        changedLater ??= hit.at;
        continue;
      }
      if (!hit.leaf && !hit.explicit && inResource?.resolved) continue;
      if (hit.at) return hit.at;
    }
    if (inResource?.resolved) {
      const at = resourceAt(inResource.docPointer);
      if (!isLeaf(inResource.node) || isDeepStrictEqual(inResource.node, outValue)) return at;
      changedLater ??= at;
    }
    if (generator) return locateInGenerator(generator, segs, build.readFile);
    return changedLater ?? (inResource ? resourceAt(inResource.docPointer) : undefined);
  };

  const origin: Located | undefined = resource
    ? { file: resource.file, line: resource.doc.line, column: resource.doc.column }
    : generator
      ? (() => {
          const p = generator.layer.locate(generator.pointer);
          return p ? { file: p.file ?? generator.layer.file, line: p.line, column: p.column } : undefined;
        })()
      : undefined;
  return { ...(origin ? { origin } : {}), locate };
}

interface PatchHit {
  at: Located | undefined;
  node: unknown;
  leaf: boolean;
  /** The patch set this node as a whole (a JSON6902 op on exactly this path or above it). */
  explicit: boolean;
}

function locateInSmp(p: PatchDoc, object: K8sObject, segs: string[], pointer: string): PatchHit | undefined {
  if (IDENTITY.has(pointer)) return undefined;
  const w = walkInput(object, p.value, segs);
  if (!w.resolved) return undefined;
  return { at: p.at(w.docPointer), node: w.node, leaf: isLeaf(w.node), explicit: false };
}

function locateInJsonPatch(p: PatchDoc, object: K8sObject, segs: string[]): PatchHit | undefined {
  const ops = Array.isArray(p.value) ? p.value : [];
  for (let j = ops.length - 1; j >= 0; j--) {
    const op = ops[j];
    if (!isRecord(op) || typeof op.path !== 'string' || typeof op.op !== 'string') continue;
    const opSegs = parsePointer(op.path);
    if (opSegs.length > segs.length) continue;
    let prefix = true;
    for (let i = 0; i < opSegs.length && prefix; i++) {
      if (opSegs[i] === segs[i]) continue;
      // `-` appends: the op made the output item at that index if it equals the op's value.
      const appended =
        op.op === 'add' &&
        opSegs[i] === '-' &&
        i === opSegs.length - 1 &&
        isDeepStrictEqual(getAtPointer(object, toPointer(segs.slice(0, i + 1))), op.value);
      if (!appended) prefix = false;
    }
    if (!prefix) continue;
    if (op.op === 'move' || op.op === 'copy')
      return { at: p.at(`/${j}/path`), node: undefined, leaf: false, explicit: true };
    if (op.op !== 'add' && op.op !== 'replace') continue;
    const base = getAtPointer(object, toPointer(segs.slice(0, opSegs.length)));
    const w = walkInput(base, op.value, segs.slice(opSegs.length), { rawIndexes: true });
    if (!w.resolved) continue;
    return { at: p.at(`/${j}/value${w.docPointer}`), node: w.node, leaf: isLeaf(w.node), explicit: true };
  }
  return undefined;
}
