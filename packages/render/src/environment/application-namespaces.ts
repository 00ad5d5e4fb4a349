/**
 * Which namespaces Argo CD reconciles Applications in (util/security/application_namespaces.go
 * IsNamespaceEnabled): the control-plane namespace always; another only when it matches an entry of
 * `application.namespaces` — a glob (gobwas, util/glob) or, between slashes, a regular expression
 * (glob.MatchStringInList with glob.REGEXP). Regexes go through core's RE2 wrapper.
 */
import { compileRe2 } from '@neuroscale/core';
import { gobwasMatch } from '../sources/gobwas-glob.js';

export function isNamespaceEnabled(
  namespace: string,
  controlPlane: string,
  enabled: readonly string[],
): boolean {
  if (namespace === controlPlane) return true;
  return enabled.some((pattern) => {
    // util/glob/list.go MatchStringInList: `/re/` is an unanchored regexp.MatchString, else (or also) a glob
    if (pattern.length > 2 && pattern.startsWith('/') && pattern.endsWith('/')) {
      const re = compileRe2(pattern.slice(1, -1));
      if (re.ok && re.regexp.matcher(namespace).find()) return true;
    }
    return gobwasMatch(pattern, namespace);
  });
}
