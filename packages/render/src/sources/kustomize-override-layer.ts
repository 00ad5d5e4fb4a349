/**
 * Argo CD's spec.source.kustomize overrides as one more kustomization layer, outermost (they edit the app's
 * kustomization before the build), whose entries are located in the Application at
 * `<source pointer>/kustomize/<field>/…` — so a field an override set is reported at the override's line.
 */
import { isRecord } from '../render-context.js';
import { envsubst } from './argocd-env.js';
import { parseImageArg } from './kustomize-overrides.js';
import type { LayerView } from './kustomize-patches.js';

export interface OverrideLayerInput {
  overrides: Record<string, unknown>;
  /** The app's kustomization after the overrides were applied (images merged into existing entries). */
  edited: Record<string, unknown>;
  env: Record<string, string>;
  appDirRel: string;
  /** Pointer of the source inside the Application (`/spec/source`, `/spec/sources/1`). */
  sourcePointer: string;
  origin: {
    file: string;
    locate?: (pointer: string) => { line: number; column: number; file?: string } | undefined;
  };
  /** Text of the Application file, to locate lines of inline override patches. */
  originText?: string;
}

export function overrideLayerView(input: OverrideLayerInput): LayerView | undefined {
  const o = input.overrides;
  const value: Record<string, unknown> = {};
  if (Array.isArray(o.images) && o.images.length) {
    const edited = Array.isArray(input.edited.images) ? input.edited.images : [];
    // Index-aligned with the override list; each entry as merged into the kustomization's own.
    value.images = o.images.map((raw) => {
      const img = typeof raw === 'string' ? parseImageArg(envsubst(raw, input.env)) : undefined;
      if (!img) return {};
      return edited.find((e) => isRecord(e) && e.name === img.name) ?? img;
    });
  }
  if (Array.isArray(o.replicas)) value.replicas = o.replicas;
  if (isRecord(o.commonLabels)) {
    const labels: Record<string, string> = {};
    for (const [k, v] of Object.entries(o.commonLabels)) labels[k] = envsubst(String(v ?? ''), input.env);
    value.commonLabels = labels;
  }
  if (isRecord(o.commonAnnotations)) {
    const annotations: Record<string, string> = {};
    for (const [k, v] of Object.entries(o.commonAnnotations))
      annotations[k] =
        o.commonAnnotationsEnvsubst === true ? envsubst(String(v ?? ''), input.env) : String(v ?? '');
    value.commonAnnotations = annotations;
  }
  for (const f of ['namespace', 'namePrefix', 'nameSuffix'])
    if (typeof o[f] === 'string' && o[f] !== '') value[f] = o[f];
  if (Array.isArray(o.patches)) value.patches = o.patches;
  if (Object.keys(value).length === 0) return undefined;
  const { origin, sourcePointer } = input;
  return {
    file: origin.file,
    dirRel: input.appDirRel,
    ...(input.originText !== undefined ? { text: input.originText } : {}),
    value,
    locate: (p) => origin.locate?.(`${sourcePointer}/kustomize${p}`),
  };
}
