/**
 * Would Argo CD let this Application pull from this repoURL? AppProject `spec.sourceRepos`, matched exactly as
 * argo-cd pkg/apis/application/v1alpha1/app_project_types.go IsSourcePermitted does: both sides through
 * NormalizeGitURL (util/git/git.go: trimmed, lower-cased, `.git` removed), each pattern a gobwas glob with `/`
 * as separator, `*` alone allowing everything, `!pattern` denying. A source nothing allows is refused before
 * any request is made (Argo CD refuses the app: "application repo … is not permitted in project …").
 * The `default` project, when the tree does not define it, is Argo CD's built-in one: `sourceRepos: ['*']`.
 */
import { type AppSpec, appFinding, type RenderContext, type SourceRenderResult } from '../render-context.js';
import { gobwasMatchWithSlash } from '../sources/gobwas-glob.js';
import { redactUrlCredentials } from './fetch-chart.js';

/** argo-cd util/git NormalizeGitURL (the parts that matter for matching). */
export function normalizeGitURLForProject(url: string): string {
  let s = url.trim().toLowerCase();
  if (!/^[a-z][a-z0-9+.-]*:\/\//.test(s)) {
    // scp-like `git@host:org/repo` → `git@host/org/repo` (IsSSHURL branch)
    const scp = /^([^@/]+@[^:/]+):(?!\/\/)(.*)$/.exec(s);
    if (scp) s = `${scp[1]}/${scp[2]}`;
  } else if (s.startsWith('ssh://')) s = s.slice('ssh://'.length);
  if (s.endsWith('.git')) s = s.slice(0, -4);
  return s;
}

function globMatch(pattern: string, value: string): boolean {
  if (pattern.startsWith('!')) return !gobwasMatchWithSlash(pattern.slice(1), value);
  if (pattern === '*') return true;
  return gobwasMatchWithSlash(pattern, value);
}

export function isSourcePermitted(sourceRepos: readonly string[], repoURL: string): boolean {
  const src = normalizeGitURLForProject(repoURL);
  let anyMatched = false;
  for (const raw of sourceRepos) {
    const deny = raw.startsWith('!');
    const pattern = deny ? `!${normalizeGitURLForProject(raw.slice(1))}` : normalizeGitURLForProject(raw);
    const matched = globMatch(pattern, src);
    if (matched) anyMatched = true;
    else if (deny) return false;
  }
  return anyMatched;
}

export type ProjectVerdict = { ok: true } | { ok: false; message: string };

/** The verdict for an app in `project` fetching `repoURL`, given the AppProjects the tree defines. */
export function projectAllowsSource(
  projects: ReadonlyMap<string, readonly string[]>,
  project: string,
  repoURL: string,
): ProjectVerdict {
  const name = project || 'default';
  const shown = redactUrlCredentials(repoURL);
  const repos = projects.get(name) ?? (name === 'default' ? ['*'] : undefined);
  if (!repos) {
    return {
      ok: false,
      message: `AppProject ${name} is not defined in the tree; Argo CD refuses the app, so ${shown} was not fetched`,
    };
  }
  if (isSourcePermitted(repos, repoURL)) return { ok: true };
  return {
    ok: false,
    message: `application repo ${shown} is not permitted in project '${name}' (sourceRepos: ${repos.join(', ') || 'none'}); Argo CD refuses it, so nothing was fetched`,
  };
}

/**
 * The render result of a source its AppProject does not permit (an error on the app's repoURL, nothing
 * fetched), or undefined when the project permits it. Shared by remote charts and other-repository sources.
 */
export function refuseUnpermittedSource(input: {
  ctx: RenderContext;
  app: AppSpec;
  repoURL: string;
  pointer: string;
  rendered: SourceRenderResult['rendered'];
}): SourceRenderResult | undefined {
  const { ctx, app, repoURL, pointer, rendered } = input;
  const verdict = projectAllowsSource(ctx.projectSourceRepos, app.project ?? 'default', repoURL);
  if (verdict.ok) return undefined;
  return {
    manifests: [],
    findings: [
      appFinding(app, {
        ruleId: 'render/source-not-permitted',
        severity: 'error',
        message: verdict.message,
        pointer,
      }),
    ],
    rendered,
    outcome: { status: 'failed', reason: verdict.message },
  };
}
