/**
 * Argo CD's `helm template` command line (util/helm/cmd.go template, repository.go helmTemplate):
 * release/namespace/kube-version fallbacks, --set/--set-string/--set-file (map semantics: last duplicate wins,
 * sorted here), value files in order, inline values last, one --api-versions per entry, --include-crds.
 */
import { loadYaml } from '@neuroscale/core';
import { WORK } from '../cache/tool-output-cache.js';
import { type AppSpec, cmp, isRecord, type RenderContext, type SourceSpec } from '../render-context.js';
import { envsubst } from './argocd-env.js';
import { dump } from './yaml-dump.js';

/** cleanSetParameters (Argo v3.0): escape commas not preceded by a backslash, unless the value is `{...}`. */
export function cleanSetParameter(val: string): string {
  if (val.startsWith('{') && val.endsWith('}')) return val;
  return val.replace(/([^\\]),/g, '$1\\,');
}

export const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const strList = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];

export interface HelmArgvPlan {
  args: string[];
  releaseName: string;
  namespace: string;
  inlineValues?: { content: string; value: Record<string, unknown>; pointer: string };
}

/** Build the argv (with `${WORK}` placeholders) exactly as Argo CD orders it. */
export function planHelmArgv(input: {
  ctx: Pick<RenderContext, 'kubeVersion' | 'apiVersions'>;
  app: AppSpec;
  source: SourceSpec;
  effective: Record<string, unknown>;
  valueFiles: string[];
  fileParameters: { name: string; rel: string }[];
  env: Record<string, string>;
}): HelmArgvPlan {
  const helm = isRecord(input.effective.helm) ? input.effective.helm : {};
  const kustomize = isRecord(input.effective.kustomize) ? input.effective.kustomize : {};
  const releaseName = str(helm.releaseName) || input.app.name;
  const namespace =
    str(helm.namespace) || str(kustomize.namespace) || (input.app.destination?.namespace ?? '');
  const kubeVersion = str(helm.kubeVersion) || str(kustomize.kubeVersion) || input.ctx.kubeVersion;
  const explicitApis = strList(helm.apiVersions).length
    ? strList(helm.apiVersions)
    : strList(kustomize.apiVersions);
  const apiVersions = explicitApis.length ? explicitApis : input.ctx.apiVersions;
  const args = ['template', '.', '--name-template', releaseName];
  if (namespace) args.push('--namespace', namespace);
  if (kubeVersion) args.push('--kube-version', kubeVersion);
  // parameters live in a Go map in Argo (random order, last duplicate wins): sort by name
  const set = new Map<string, string>();
  const setString = new Map<string, string>();
  for (const p of Array.isArray(helm.parameters) ? helm.parameters : []) {
    if (!isRecord(p) || typeof p.name !== 'string') continue;
    const value = envsubst(
      typeof p.value === 'string'
        ? p.value
        : p.value === undefined || p.value === null
          ? ''
          : String(p.value),
      input.env,
    );
    if (p.forceString === true) setString.set(p.name, value);
    else set.set(p.name, value);
  }
  const sorted = (m: Map<string, string>) => [...m.entries()].sort((a, b) => cmp(a[0], b[0]));
  for (const [k, v] of sorted(set)) args.push('--set', `${k}=${cleanSetParameter(v)}`);
  for (const [k, v] of sorted(setString)) args.push('--set-string', `${k}=${cleanSetParameter(v)}`);
  const fileMap = new Map<string, string>();
  for (const fp of input.fileParameters) fileMap.set(fp.name, `${WORK}/repo/${fp.rel}`);
  for (const [k, v] of sorted(fileMap)) args.push('--set-file', `${k}=${cleanSetParameter(v)}`);
  for (const vf of input.valueFiles) args.push('--values', `${WORK}/repo/${vf}`);
  let inlineValues: HelmArgvPlan['inlineValues'];
  // valuesObject replaces values (ValuesYAML); neither is env-substituted
  if (isRecord(helm.valuesObject)) {
    inlineValues = {
      content: dump(helm.valuesObject),
      value: helm.valuesObject,
      pointer: `${input.source.pointer}/helm/valuesObject`,
    };
  } else if (typeof helm.values === 'string' && helm.values.trim() !== '') {
    const parsed = loadYaml(helm.values, { file: 'values' }).documents[0]?.value;
    inlineValues = {
      content: helm.values,
      value: isRecord(parsed) ? parsed : {},
      pointer: `${input.source.pointer}/helm/values`,
    };
  } else if (isRecord(helm.values)) {
    // values written as a YAML mapping: Argo's custom unmarshaller accepts it like valuesObject
    inlineValues = {
      content: dump(helm.values),
      value: helm.values,
      pointer: `${input.source.pointer}/helm/values`,
    };
  }
  if (inlineValues) args.push('--values', `${WORK}/inline-values.yaml`);
  for (const v of apiVersions) args.push('--api-versions', v);
  if (helm.skipCrds !== true) args.push('--include-crds');
  if (helm.skipSchemaValidation === true) args.push('--skip-schema-validation');
  if (helm.skipTests === true) args.push('--skip-tests');
  const plan: HelmArgvPlan = { args, releaseName, namespace };
  if (inlineValues) plan.inlineValues = inlineValues;
  return plan;
}
