/**
 * The namespace confinement of a namespaced Policy's `apiCall` context entries, as kyverno v1.19.1
 * `pkg/engine/apicall/apiCall.go` (Fetch) applies it before any call is made: the urlPath, percent-decoded
 * and cleaned, must name the policy's own namespace (`/api[s]/…/namespaces/<ns>/…`), or the entry fails
 * with an error (its `default` is not used: the check comes before the call whose failure the default
 * covers).
 */

/** `^/api(s)?/.*?/namespaces/([^/]+)/?.*$` of apiCall.go (a fixed pattern, not one from the input). */
const NAMESPACE_PATH = /^\/api(s)?\/.*?\/namespaces\/([^/]+)\/?.*$/s;

/** Go's `path.Clean` (lexical: `.`/`..` segments and repeated or trailing slashes removed; "" ⇒ "."). */
export function cleanPath(p: string): string {
  if (p === '') return '.';
  const rooted = p.startsWith('/');
  const out: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!rooted) out.push('..');
      continue;
    }
    out.push(seg);
  }
  const joined = out.join('/');
  if (rooted) return `/${joined}`;
  return joined === '' ? '.' : joined;
}

/** Go's `url.PathUnescape`, the original text when it is not valid percent-encoding. */
function pathUnescape(p: string): string {
  try {
    return decodeURIComponent(p);
  } catch {
    return p;
  }
}

/**
 * Why a namespaced Policy may not read `urlPath`, with Kyverno's message, or undefined when it may
 * (or when the policy is not namespaced: a ClusterPolicy, or a Policy without `metadata.namespace`,
 * whose namespace Kyverno sees as "").
 */
export function apiCallNamespaceViolation(
  urlPath: string,
  policyNamespace: string | undefined,
): string | undefined {
  if (!policyNamespace) return undefined;
  const path = cleanPath(pathUnescape(urlPath));
  const m = NAMESPACE_PATH.exec(path);
  if (!m)
    return `path ${path} does not contain a namespace segment, which is required for namespaced policies`;
  const ns = m[2] as string;
  if (ns !== policyNamespace)
    return `path ${path} refers to namespace ${ns}, which is different from the policy namespace ${policyNamespace}`;
  return undefined;
}
