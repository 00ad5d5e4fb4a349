/**
 * The ARGOCD_APP_* build environment (reposerver/repository/repository.go newEnv) and Argo's Envsubst
 * (pkg/apis/application/v1alpha1 Env.Envsubst = os.Expand: `$VAR`/`${VAR}`, unknown → '', `$$` → `$`).
 */
import type { AppSpec } from '../render-context.js';

export function argocdAppEnv(
  app: AppSpec,
  source: Record<string, unknown>,
  revision: string,
): Record<string, string> {
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  return {
    ARGOCD_APP_NAME: app.name,
    ARGOCD_APP_NAMESPACE: app.destination?.namespace ?? '',
    ARGOCD_APP_PROJECT_NAME: app.project ?? '',
    ARGOCD_APP_REVISION: revision,
    ARGOCD_APP_REVISION_SHORT: revision.slice(0, 7),
    ARGOCD_APP_REVISION_SHORT_8: revision.slice(0, 8),
    ARGOCD_APP_SOURCE_REPO_URL: str(source.repoURL),
    ARGOCD_APP_SOURCE_PATH: str(source.path),
    ARGOCD_APP_SOURCE_TARGET_REVISION: str(source.targetRevision),
  };
}

/** Go os.Expand semantics with Argo's mapping. */
export function envsubst(s: string, env: Record<string, string>): string {
  let out = '';
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    if (c !== '$' || i + 1 >= s.length) {
      out += c;
      i++;
      continue;
    }
    const next = s[i + 1]!;
    if (next === '{') {
      const end = s.indexOf('}', i + 2);
      if (end < 0) {
        // Go: bad syntax → "" for the name, consumes the rest
        i = s.length;
        continue;
      }
      const name = s.slice(i + 2, end);
      out += name === '' ? '' : (env[name] ?? '');
      i = end + 1;
      continue;
    }
    // special single-char names (Go isShellSpecialVar) and identifiers
    if (/[*#$@!?\-0-9]/.test(next)) {
      out += next === '$' ? '$' : (env[next] ?? '');
      i += 2;
      continue;
    }
    const m = /^[A-Za-z0-9_]+/.exec(s.slice(i + 1));
    if (!m) {
      // Go: "$" followed by an invalid char yields "" for the name and drops the "$"... keep the char
      out += '';
      i += 1;
      continue;
    }
    out += env[m[0]] ?? '';
    i += 1 + m[0].length;
  }
  return out;
}
