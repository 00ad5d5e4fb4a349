/**
 * Argo CD's spec.source.kustomize overrides as one more kustomization layer, outermost (they edit the app's
 * kustomization before the build). Each entry is located where it was written: in the Application at
 * `<source pointer>/kustomize/<field>/…`, or in the `.argocd-source[-<app>].yaml` file of the app folder
 * that supplied it (those are JSON merge patches over the source: the last file holding a field wins).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { getAtPointer, loadYaml, setOwn } from '@neuroscale/core';
import { type AppSpec, isRecord } from '../render-context.js';
import { resolveInRepo } from '../repo/path-safety.js';
import { envsubst } from './argocd-env.js';
import { parseImageArg } from './kustomize-overrides.js';
import type { LayerView } from './kustomize-patches.js';

/** One place overrides are written: the Application's source block, or an .argocd-source file. */
export interface OverrideOrigin {
  file: string;
  /** The mapping that holds `kustomize:` (the Application's source block, or the file's document). */
  value: unknown;
  /** Pointer of `value` inside the file's document (`/spec/source` in an Application, `` in a file). */
  pointer: string;
  locate?: (pointer: string) => { line: number; column: number; file?: string } | undefined;
  text?: string;
}

export interface OverrideLayerInput {
  overrides: Record<string, unknown>;
  /** The app's kustomization after the overrides were applied (images merged into existing entries). */
  edited: Record<string, unknown>;
  env: Record<string, string>;
  appDirRel: string;
  /** Lowest precedence first: the Application, then the .argocd-source files in the order applied. */
  origins: OverrideOrigin[];
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
    for (const [k, v] of Object.entries(o.commonLabels))
      setOwn(labels, k, envsubst(String(v ?? ''), input.env));
    value.commonLabels = labels;
  }
  if (isRecord(o.commonAnnotations)) {
    const annotations: Record<string, string> = {};
    for (const [k, v] of Object.entries(o.commonAnnotations))
      setOwn(
        annotations,
        k,
        o.commonAnnotationsEnvsubst === true ? envsubst(String(v ?? ''), input.env) : String(v ?? ''),
      );
    value.commonAnnotations = annotations;
  }
  for (const f of ['namespace', 'namePrefix', 'nameSuffix'])
    if (typeof o[f] === 'string' && o[f] !== '') value[f] = o[f];
  if (Array.isArray(o.patches)) value.patches = o.patches;
  if (Object.keys(value).length === 0) return undefined;
  const origins = [...input.origins].reverse();
  const texts = new Map(input.origins.map((x) => [x.file, x.text]));
  return {
    file: input.origins[0]?.file ?? '',
    dirRel: input.appDirRel,
    textOf: (f) => texts.get(f),
    value,
    locate: (p) => {
      // The origin that wrote this entry: the last one holding its field (and key or index).
      const head = p.split('/').slice(0, 3).join('/');
      const from = origins.find((x) => getAtPointer(x.value, `/kustomize${head}`) !== undefined);
      if (!from?.locate) return undefined;
      const pos = from.locate(`${from.pointer}/kustomize${p}`);
      return pos ? { ...pos, file: pos.file ?? from.file } : undefined;
    },
  };
}

/** Where an app's overrides can be written: its Application, then `.argocd-source[-<app>].yaml`. */
export function overrideOrigins(input: {
  repoRoot: string;
  app: AppSpec;
  sourcePointer: string;
  appDirAbs: string;
  appDirRel: string;
}): OverrideOrigin[] {
  const { app } = input;
  const read = (abs: string): string | undefined => {
    try {
      return statSync(abs).size <= 4 * 1024 * 1024 ? readFileSync(abs, 'utf8') : undefined;
    } catch {
      return undefined;
    }
  };
  const appFile = resolveInRepo(input.repoRoot, app.origin.file);
  const appText = appFile.ok && appFile.kind === 'file' ? read(appFile.abs) : undefined;
  const origins: OverrideOrigin[] = [
    {
      file: app.origin.file,
      value: getAtPointer(app.object, input.sourcePointer),
      pointer: input.sourcePointer,
      ...(app.origin.locate ? { locate: app.origin.locate } : {}),
      ...(appText !== undefined ? { text: appText } : {}),
    },
  ];
  for (const name of ['.argocd-source.yaml', `.argocd-source-${app.name}.yaml`]) {
    const abs = join(input.appDirAbs, name);
    const text = existsSync(abs) ? read(abs) : undefined;
    if (text === undefined) continue;
    const file = input.appDirRel ? `${input.appDirRel}/${name}` : name;
    const doc = loadYaml(text, { file }).documents[0];
    if (doc && isRecord(doc.value))
      origins.push({ file, value: doc.value, pointer: '', locate: doc.locate, text });
  }
  return origins;
}
