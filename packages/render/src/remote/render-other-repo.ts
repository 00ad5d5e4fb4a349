/**
 * A source whose `repoURL` is not this repository: Argo CD checks that repository out at `targetRevision` and
 * renders the source there. Here: the AppProject must allow the repoURL (else an error finding, no request);
 * then the repository comes from the `repos:` mapping (a folder, for monorepo-of-repos setups and air-gapped
 * runs), else from a shallow clone in the cache (clone-repo.ts, online or cached). The source is then rendered
 * by the ordinary renderers with that checkout as its repository root. A checkout that cannot be had is a
 * `coverage/app-not-rendered` warning naming the URL and the cause.
 */
import { realpathSync } from 'node:fs';
import { registerUntrustedTree } from '@neuroscale/core';
import {
  type AppSpec,
  appFinding,
  type RenderContext,
  type SourceRenderResult,
  type SourceSpec,
} from '../render-context.js';
import { createRepoMatcher, normalizeRepoURL } from '../repo/repo-url.js';
import { redactUrlCredentials } from './fetch-chart.js';
import { REMOTE_SOURCE_UNAVAILABLE } from './render-remote-chart.js';
import { refuseUnpermittedSource } from './source-repos-permission.js';

export interface OtherRepoInput {
  ctx: RenderContext;
  app: AppSpec;
  source: SourceSpec;
  spec: Record<string, unknown>;
  allSources: SourceSpec[];
  base: SourceRenderResult['rendered'];
  /** renderSource, called again with the other repository as root. */
  renderIn: (ctx: RenderContext) => Promise<SourceRenderResult>;
}

export async function renderOtherRepoSource(input: OtherRepoInput): Promise<SourceRenderResult | undefined> {
  const { ctx, app, source, spec, base } = input;
  const repoURL = typeof spec.repoURL === 'string' ? spec.repoURL : '';
  const mapped = ctx.otherRepos?.mapped.get(normalizeRepoURL(repoURL));
  if (!repoURL || (!mapped && !ctx.otherRepos?.checkout)) return undefined;
  const pointer = `${source.pointer}/repoURL`;
  const refused = refuseUnpermittedSource({
    ctx,
    app,
    repoURL,
    pointer,
    rendered: { ...base, remote: true },
  });
  if (refused) return refused;
  const revision = typeof spec.targetRevision === 'string' ? spec.targetRevision : '';
  let root: string;
  let commit = '';
  const notes = [];
  if (mapped) root = mapped;
  else {
    const got = await ctx.otherRepos!.checkout!(repoURL, revision);
    if (!got.ok) {
      const message = `${redactUrlCredentials(repoURL)} was not fetched, so the app's objects are not checked: ${got.cause}`;
      return {
        manifests: [],
        findings: [
          appFinding(app, { ruleId: REMOTE_SOURCE_UNAVAILABLE, severity: 'warning', message, pointer }),
        ],
        rendered: { ...base, remote: true },
        outcome: { status: 'skipped', reason: message },
      };
    }
    if (got.note)
      notes.push(
        appFinding(app, {
          ruleId: 'render/cache-entry-corrupt',
          severity: 'warning',
          message: got.note,
          pointer,
        }),
      );
    root = got.dir;
    commit = got.commit;
  }
  const real = realpathSync(root);
  // the other repository is data exactly like this one: no program is ever taken from inside it
  registerUntrustedTree(real);
  const result = await input.renderIn({
    ...ctx,
    repoRoot: real,
    repo: createRepoMatcher([repoURL]),
    revision: commit,
  });
  result.rendered = { ...result.rendered, remote: true };
  result.findings.unshift(...notes);
  return result;
}
