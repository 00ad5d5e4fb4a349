/**
 * Helm value inputs as Argo CD resolves them (repository.go getResolvedValueFiles, getResolvedRefValueFile,
 * util/io/path/resolved.go ResolveValueFilePathOrUrl): a relative path is relative to the chart folder, `/x` to
 * the repository root, `$ref/x` to the root of the source with `ref: ref`; a URL with an allowed scheme is passed
 * through; anything resolving outside the repository (or to its root) is refused. Env substitution applies to
 * value file paths, parameter values and file parameter paths, never to values/valuesObject.
 */
import type { Finding } from '@neuroscale/core';
import { type AppSpec, appFinding, isRecord, type SourceSpec } from '../render-context.js';
import { resolveInRepo } from '../repo/path-safety.js';
import { envsubst } from './argocd-env.js';

export interface ResolvedValueFile {
  /** Repo-relative path (for local files) or the URL. */
  rel: string;
  abs?: string;
  url?: boolean;
}

export interface HelmInputsResult {
  valueFiles: ResolvedValueFile[];
  fileParameters: { name: string; rel: string; abs: string; pointer: string }[];
  /** Findings that fail the source (helm would error). */
  errors: Finding[];
  warnings: Finding[];
}

const URL_RE = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//;
const VALUE_FILE_SCHEMES = ['https', 'http'];

/** What resolveHelmInputs reads: the Application, its source and helm block, the sources a `$ref` may name. */
interface HelmInputsRequest {
  repoRoot: string;
  app: AppSpec;
  source: SourceSpec;
  helm: Record<string, unknown>;
  chartDirRel: string;
  allSources: SourceSpec[];
  isLocalRepo: (url: string | undefined) => boolean;
  env: Record<string, string>;
}

export function resolveHelmInputs(input: HelmInputsRequest): HelmInputsResult {
  const { helm } = input;
  const out: HelmInputsResult = { valueFiles: [], fileParameters: [], errors: [], warnings: [] };
  const ignoreMissing = helm.ignoreMissingValueFiles === true;
  const valueFiles = Array.isArray(helm.valueFiles) ? helm.valueFiles : [];
  for (const [i, raw] of valueFiles.entries()) resolveValueFile(input, { raw, i, ignoreMissing }, out);

  const fileParams = Array.isArray(helm.fileParameters) ? helm.fileParameters : [];
  for (const [i, fp] of fileParams.entries()) resolveFileParameter(input, { fp, i }, out);
  return out;
}

/**
 * reposerver/repository/repository.go getResolvedValueFiles: a `$name/...` path whose first segment names a
 * ref source is resolved in that source and only the rest is env-substituted (so `$my-values/x.yaml` keeps
 * its hyphenated ref); any other value file is env-substituted whole (`$ARGOCD_APP_NAME/values.yaml`).
 */
function substitutedValueFile(input: HelmInputsRequest, raw: string): string {
  const firstSegment = raw.split('/')[0]!;
  const namesRef = raw.startsWith('$') && input.allSources.some((s) => s.spec.ref === firstSegment.slice(1));
  return namesRef ? raw : envsubst(raw, input.env);
}

/** One `valueFiles` entry: a URL (refused offline), a `$ref/...` path, or a path in this repository. */
function resolveValueFile(
  input: HelmInputsRequest,
  { raw, i, ignoreMissing }: { raw: unknown; i: number; ignoreMissing: boolean },
  out: HelmInputsResult,
): void {
  const { app } = input;
  const pointer = `${input.source.pointer}/helm/valueFiles/${i}`;
  if (typeof raw !== 'string') {
    out.errors.push(
      appFinding(app, {
        ruleId: 'render/invalid-application',
        message: `valueFiles[${i}] is not a string`,
        pointer,
      }),
    );
    return;
  }
  const path = substitutedValueFile(input, raw);
  const scheme = URL_RE.exec(path)?.[1]?.toLowerCase();
  if (scheme) {
    out.errors.push(urlValueFileFinding(app, { path, scheme, pointer }));
    return;
  }
  let base = input.chartDirRel;
  let target = path;
  let rootRelative = true;
  if (path.startsWith('$')) {
    const ref = refSourceTarget(input, { path, pointer }, out);
    if (ref === undefined) return;
    base = '';
    target = ref;
    rootRelative = false;
  }
  const r = resolveInRepo(input.repoRoot, target, { base, rootRelativeAbsolute: rootRelative });
  if (!r.ok) {
    if (r.reason === 'not-found') {
      if (ignoreMissing) return;
      out.errors.push(
        appFinding(app, {
          ruleId: 'render/value-file-not-found',
          message: `value file ${path} (${r.rel}) does not exist; helm template fails with "open ${r.rel}: no such file or directory". Fix the path or set helm.ignoreMissingValueFiles`,
          pointer,
        }),
      );
      return;
    }
    out.errors.push(
      appFinding(app, {
        ruleId: 'render/path-escape',
        message: `value file ${path}: ${r.message}; it was not read`,
        pointer,
      }),
    );
    return;
  }
  if (r.rel === '') {
    out.errors.push(
      appFinding(app, {
        ruleId: 'render/path-escape',
        message: `value file ${path} resolves to the repository root`,
        pointer,
      }),
    );
    return;
  }
  if (r.kind !== 'file') {
    out.errors.push(
      appFinding(app, {
        ruleId: 'render/value-file-not-found',
        message: `value file ${path} is a directory`,
        pointer,
      }),
    );
    return;
  }
  out.valueFiles.push({ rel: r.rel, abs: r.abs });
}

/** A value file given as a URL: a scheme helm refuses, or one offline render does not fetch. */
function urlValueFileFinding(
  app: AppSpec,
  { path, scheme, pointer }: { path: string; scheme: string; pointer: string },
): Finding {
  if (!VALUE_FILE_SCHEMES.includes(scheme)) {
    return appFinding(app, {
      ruleId: 'render/value-file-scheme',
      message: `value file ${path}: the URL scheme '${scheme}' is not allowed (helm.valuesFileSchemes default: https, http)`,
      pointer,
    });
  }
  return appFinding(app, {
    ruleId: 'render/remote-value-file-unavailable',
    severity: 'warning',
    message: `value file ${path} is a URL; offline render does not fetch it, so the app cannot be rendered as Argo CD would`,
    pointer,
  });
}

/** `$ref/path`: the path inside the source with `ref: ref` (repository-relative), or undefined when refused. */
function refSourceTarget(
  input: HelmInputsRequest,
  { path, pointer }: { path: string; pointer: string },
  out: HelmInputsResult,
): string | undefined {
  const { app } = input;
  const slash = path.indexOf('/');
  const refName = slash < 0 ? path.slice(1) : path.slice(1, slash);
  const refSource = input.allSources.find((s) => s.spec.ref === refName);
  if (!refSource) {
    const names = input.allSources
      .map((s) => s.spec.ref)
      .filter((r): r is string => typeof r === 'string')
      .sort();
    out.errors.push(
      appFinding(app, {
        ruleId: 'render/unknown-ref-source',
        message: `value file ${path}: no source has ref '${refName}' (available: ${names.join(', ') || 'none'})`,
        pointer,
      }),
    );
    return undefined;
  }
  if (typeof refSource.spec.chart === 'string' && refSource.spec.chart) {
    out.errors.push(
      appFinding(app, {
        ruleId: 'render/invalid-ref-source',
        message: `value file ${path}: Helm charts are not yet supported for 'ref' sources`,
        pointer: refSource.pointer,
      }),
    );
    return undefined;
  }
  if (!input.isLocalRepo(refSource.spec.repoURL as string | undefined)) {
    out.errors.push(
      appFinding(app, {
        ruleId: 'render/remote-source-unavailable',
        severity: 'warning',
        message: `value file ${path}: ref source '${refName}' is repository ${String(refSource.spec.repoURL)}, which offline render cannot read`,
        pointer,
      }),
    );
    return undefined;
  }
  let target = slash < 0 ? '' : envsubst(path.slice(slash + 1), input.env);
  if (target === '' || target.startsWith('/')) target = target.replace(/^\/+/, '');
  return target;
}

/** One `fileParameters` entry: a file in this repository whose content becomes a `--set-file` value. */
function resolveFileParameter(
  input: HelmInputsRequest,
  { fp, i }: { fp: unknown; i: number },
  out: HelmInputsResult,
): void {
  const { app } = input;
  const pointer = `${input.source.pointer}/helm/fileParameters/${i}`;
  if (!isRecord(fp) || typeof fp.name !== 'string' || typeof fp.path !== 'string') {
    out.errors.push(
      appFinding(app, {
        ruleId: 'render/invalid-application',
        message: `fileParameters[${i}] needs a name and a path`,
        pointer,
      }),
    );
    return;
  }
  const path = envsubst(fp.path, input.env);
  const r = resolveInRepo(input.repoRoot, path, { base: input.chartDirRel, rootRelativeAbsolute: true });
  if (!r.ok) {
    out.errors.push(
      appFinding(app, {
        ruleId: r.reason === 'not-found' ? 'render/value-file-not-found' : 'render/path-escape',
        message: `file parameter ${fp.name}: ${r.reason === 'not-found' ? `${path} does not exist` : r.message}`,
        pointer,
      }),
    );
    return;
  }
  out.fileParameters.push({ name: fp.name, rel: r.rel, abs: r.abs, pointer });
}
