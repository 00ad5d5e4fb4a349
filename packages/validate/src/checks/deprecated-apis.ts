/**
 * Removed and deprecated API versions for the chosen Kubernetes version.
 * - Removed from 1.30 on: derived from the bundled OpenAPI data (served by an earlier bundled version,
 *   not by the chosen one); removed earlier: the table in removed-apis-table.ts.
 * - Deprecated: served by the chosen version but gone from a later bundled version, the served-but-
 *   deprecated table, and CRD versions marked `deprecated: true`.
 */
import { apiGroup, type Finding, type Manifest } from '@neuroscale/core';
import { type ServedApis, servedApisOfBundledVersions } from '../data/generated-data.js';
import { type CheckContext, manifestFinding } from './check-context.js';
import { DEPRECATED_SERVED, REMOVED_BEFORE_DATA } from './removed-apis-table.js';

export interface ApiStatus {
  removedIn?: string;
  /** Bundled version that no longer serves it, when the chosen version still does. */
  goneIn?: string;
  replacement?: string;
  deprecatedSince?: string;
  note?: string;
}

const minorNumber = (v: string): number => Number(v.split('.')[1] ?? 0);

type ServedKinds = ServedApis[number]['kinds'];

function servedElsewhere(kinds: ServedKinds, apiVersion: string, kind: string): string | undefined {
  const group = apiGroup(apiVersion);
  const others = Object.keys(kinds)
    .filter((av) => av !== apiVersion && apiGroup(av) === group && kinds[av]?.includes(kind))
    .sort();
  // prefer GA versions (v1, v2) over beta/alpha
  const ga = others.filter((av) => /\/v\d+$|^v\d+$/.test(av));
  return (ga.length ? ga : others).join(' or ') || undefined;
}

const statusMemo = new Map<string, ApiStatus>();

let bundledServed: ServedApis | undefined;

/**
 * The status of apiVersion/kind for Kubernetes `minor`. `served` is the registry's (read from the cache dir);
 * without it every bundled version's data is read once per process.
 */
export function apiStatus(apiVersion: string, kind: string, minor: string, served?: ServedApis): ApiStatus {
  return { ...memoisedStatus(apiVersion, kind, minor, served) };
}

/** The memoised status itself (read-only: callers inside this module only read it, once per document). */
function memoisedStatus(
  apiVersion: string,
  kind: string,
  minor: string,
  served?: ServedApis,
): Readonly<ApiStatus> {
  const key = `${minor}\0${apiVersion}\0${kind}`;
  let s = statusMemo.get(key);
  if (!s) {
    bundledServed ??= served;
    bundledServed ??= servedApisOfBundledVersions();
    s = computeApiStatus(apiVersion, kind, minor, bundledServed);
    statusMemo.set(key, s);
  }
  return s;
}

function computeApiStatus(apiVersion: string, kind: string, minor: string, versions: ServedApis): ApiStatus {
  const chosen = versions.find((v) => v.minor === minor);
  const has = (kinds: ServedKinds) => !!kinds[apiVersion]?.includes(kind);
  const status: ApiStatus = {};
  if (chosen && has(chosen.kinds)) {
    const later = versions.find((v) => minorNumber(v.minor) > minorNumber(minor) && !has(v.kinds));
    if (later) {
      status.goneIn = later.minor;
      const repl = servedElsewhere(later.kinds, apiVersion, kind);
      if (repl) status.replacement = repl;
    }
  } else if (chosen) {
    const earlier = versions.filter((v) => minorNumber(v.minor) < minorNumber(minor));
    const lastWith = [...earlier].reverse().find((v) => has(v.kinds));
    if (lastWith) {
      const next = versions.find((v) => minorNumber(v.minor) > minorNumber(lastWith.minor) && !has(v.kinds));
      status.removedIn = next?.minor ?? minor;
      const repl = servedElsewhere(chosen.kinds, apiVersion, kind);
      if (repl) status.replacement = repl;
    }
  }
  if (!status.removedIn && !(chosen && has(chosen.kinds))) {
    const row = REMOVED_BEFORE_DATA.find(
      (r) => r.apiVersion === apiVersion && (r.kinds === '*' || r.kinds.includes(kind)),
    );
    if (row && minorNumber(row.removedIn) <= minorNumber(minor)) {
      status.removedIn = row.removedIn;
      const repl = typeof row.replacement === 'string' ? row.replacement : row.replacement?.[kind];
      if (repl) status.replacement = repl;
    }
  }
  const dep = DEPRECATED_SERVED.find((d) => d.apiVersion === apiVersion && d.kind === kind);
  if (dep && minorNumber(dep.since) <= minorNumber(minor)) {
    status.deprecatedSince = dep.since;
    status.note = dep.message;
  }
  return status;
}

/** apiVersion/kind removed in the chosen version (the schema step skips these: this check reports them). */
export function isRemovedApi(apiVersion: string, kind: string, minor: string, served?: ServedApis): boolean {
  return !!memoisedStatus(apiVersion, kind, minor, served).removedIn;
}

export function checkDeprecatedApis(ctx: CheckContext): Finding[] {
  const out: Finding[] = [];
  const minor = ctx.registry.kubeVersion;
  for (const m of ctx.manifests) {
    const { apiVersion, kind } = m.object ?? {};
    if (typeof apiVersion !== 'string' || typeof kind !== 'string') continue;
    const s = memoisedStatus(apiVersion, kind, minor, ctx.registry.servedApis());
    const use = s.replacement ? `; use ${s.replacement}` : '';
    if (s.removedIn) {
      out.push(
        manifestFinding(m, '/apiVersion', {
          ruleId: 'api/removed',
          message: `${apiVersion} ${kind} was removed in Kubernetes ${s.removedIn} and cannot be applied to ${minor}${use}`,
          details: { removedIn: s.removedIn, ...(s.replacement ? { replacement: s.replacement } : {}) },
        }),
      );
    } else if (s.goneIn) {
      out.push(
        manifestFinding(m, '/apiVersion', {
          ruleId: 'api/deprecated',
          severity: 'warning',
          message: `${apiVersion} ${kind} is no longer served from Kubernetes ${s.goneIn}${use}`,
          details: { removedIn: s.goneIn, ...(s.replacement ? { replacement: s.replacement } : {}) },
        }),
      );
    } else if (s.deprecatedSince) {
      out.push(
        manifestFinding(m, '/apiVersion', {
          ruleId: 'api/deprecated',
          severity: 'warning',
          message:
            `${apiVersion} ${kind} is deprecated since Kubernetes ${s.deprecatedSince}; ${s.note ?? ''}`.trim(),
        }),
      );
    } else {
      crdDeprecation(ctx, m, apiVersion, kind, out);
    }
  }
  return out;
}

function crdDeprecation(ctx: CheckContext, m: Manifest, apiVersion: string, kind: string, out: Finding[]) {
  if (!apiVersion.includes('.')) return;
  const r = ctx.registry.lookup(apiVersion, kind);
  if (r.status !== 'found' || !r.schema.deprecated) return;
  const warning = r.schema.deprecationWarning;
  out.push(
    manifestFinding(m, '/apiVersion', {
      ruleId: 'api/deprecated',
      severity: 'warning',
      message: warning
        ? `${apiVersion} ${kind}: ${warning}`
        : `${apiVersion} ${kind} is marked deprecated by its CustomResourceDefinition`,
    }),
  );
}
