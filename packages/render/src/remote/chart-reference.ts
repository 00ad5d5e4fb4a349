/**
 * Where a remote Helm chart comes from, decided as Argo CD's repo-server decides it:
 * - `repoURL` with a scheme (`https://charts.example.com`) + `chart:` → an HTTP(S) Helm repository
 *   (`helm pull --repo <repoURL> <chart>`, argo-cd util/helm/cmd.go Fetch);
 * - a scheme-less `repoURL` (`ghcr.io/org/charts`) + `chart:` → an OCI registry: `IsHelmOciRepo` is "the URL
 *   parses with an empty host" (argo-cd util/helm/client.go), pulled as `oci://<repoURL>/<chart>` (PullOCI);
 * - `oci://host/path` + `chart:` → `oci://host/path/<chart>`; `oci://host/path/chart` alone → that chart.
 * `targetRevision` is an exact version when it parses as one (argo-cd util/versions IsVersion, Masterminds
 * semver NewVersion: an optional `v`, one to three numbers, pre-release and build), else a constraint that helm
 * resolves (index.yaml entries for HTTP, registry tags for OCI), picking the highest match.
 */
import { isIP } from 'node:net';

export interface ChartReference {
  kind: 'http' | 'oci';
  /** The repoURL as written. */
  repoURL: string;
  chart: string;
  /** targetRevision ('' = latest). */
  revision: string;
  /** True when revision is one exact version. */
  exact: boolean;
  /** `helm pull` positional argument (chart name for HTTP, `oci://…` reference for OCI). */
  pullRef: string;
  /** Host (and port) requests go to. */
  host: string;
  port: number;
  /** A loopback OCI registry is spoken to over plain HTTP (as Docker treats localhost registries). */
  plainHttp: boolean;
}

const EXACT_VERSION =
  /^v?\d+(\.\d+){0,2}(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$/;

/** Argo CD's versions.IsVersion: an exact version, not a constraint. */
export function isExactVersion(revision: string): boolean {
  return EXACT_VERSION.test(revision.trim());
}

const CHART_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h === '::1') return true;
  return isIP(h) === 4 && h.startsWith('127.');
}

function hostPort(authority: string, defaultPort: number): { host: string; port: number } {
  const at = authority.lastIndexOf('@');
  const a = at >= 0 ? authority.slice(at + 1) : authority;
  const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(a);
  if (!m) return { host: a, port: defaultPort };
  return { host: m[1]!, port: m[2] ? Number(m[2]) : defaultPort };
}

/** The chart a source names, or a reason it cannot be one. */
export function chartReference(spec: Record<string, unknown>): ChartReference | { error: string } {
  const repoURL = typeof spec.repoURL === 'string' ? spec.repoURL.trim() : '';
  const chart = typeof spec.chart === 'string' ? spec.chart.trim() : '';
  const revision = typeof spec.targetRevision === 'string' ? spec.targetRevision.trim() : '';
  const exact = revision !== '' && isExactVersion(revision);
  if (!repoURL) return { error: 'the source names a chart but no repoURL' };
  if (chart && !CHART_NAME.test(chart)) return { error: `chart name ${JSON.stringify(chart)} is not valid` };
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/(.*)$/.exec(repoURL);
  if (scheme && scheme[1]!.toLowerCase() !== 'oci') {
    const proto = scheme[1]!.toLowerCase();
    if (proto !== 'http' && proto !== 'https')
      return { error: `unsupported Helm repository scheme ${proto}://` };
    if (!chart) return { error: 'a Helm repository source needs chart:' };
    const authority = scheme[2]!.split('/')[0] ?? '';
    const { host, port } = hostPort(authority, proto === 'https' ? 443 : 80);
    return {
      kind: 'http',
      repoURL,
      chart,
      revision,
      exact,
      pullRef: chart,
      host,
      port,
      plainHttp: proto === 'http',
    };
  }
  const rest = (scheme ? scheme[2]! : repoURL).replace(/\/+$/, '');
  if (!scheme && !chart) return { error: 'a scheme-less repoURL is an OCI registry and needs chart:' };
  const path = chart ? `${rest}/${chart}` : rest;
  const name = chart || path.slice(path.lastIndexOf('/') + 1);
  if (!CHART_NAME.test(name) || /[\s?#]/.test(path) || path.includes('..')) {
    return { error: `OCI reference ${JSON.stringify(path)} is not valid` };
  }
  const { host, port } = hostPort(path.split('/')[0] ?? '', 443);
  return {
    kind: 'oci',
    repoURL,
    chart: name,
    revision,
    exact,
    pullRef: `oci://${path}`,
    host,
    port: isLoopbackHost(host) && !/:\d+$/.test(path.split('/')[0] ?? '') ? 80 : port,
    plainHttp: isLoopbackHost(host),
  };
}
