/**
 * Argo CD's exact grammar where render used to approximate it; each case cites the upstream rule.
 * Fixture: test/fixtures/multi-source-ref (its expected.json pins apps, objects and findings).
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { render } from '../src/index.js';
import { FIXTURE_REMOTE, materialise, useRenderedFixture } from './helpers/fixture-repo.js';
import { summarise } from './helpers/summarise.js';

describe('multi-source $ref and value files (reposerver/repository/repository.go getResolvedValueFiles)', () => {
  const fixture = useRenderedFixture('multi-source-ref');
  const tier = (app: string) =>
    fixture.result.manifests.find((m) => m.source.apps.at(-1) === app)?.object.data;

  it('a hyphenated ref is the first path segment, resolved in its source', () => {
    expect(tier('hyphen-ref')).toEqual({ tier: 'from-hyphenated-ref' });
  });

  it('a `$VAR` that names no ref is env-substituted whole; ignoreMissingValueFiles skips a missing file', () => {
    expect(tier('my-app')).toEqual({ tier: 'from-app-name' });
    expect(fixture.result.findings.filter((f) => f.app === 'my-app')).toEqual([]);
  });

  it('a ref name outside [a-zA-Z0-9_-] is refused as Argo CD refuses it (util/argo/argo.go)', () => {
    const f = fixture.result.findings.filter((x) => x.app === 'dotted-ref');
    expect(f.map((x) => [x.severity, x.ruleId])).toEqual([['error', 'render/invalid-application']]);
    expect(f[0]!.message).toContain("cannot contain any special characters except '_' and '-'");
  });
});

describe('a tree that is not a git checkout (an exported archive)', () => {
  it('renders the same as the checkout, git generator included, given the repository URL', async () => {
    const checkout = materialise('openshift-gitops');
    const archive = materialise('openshift-gitops');
    try {
      rmSync(join(archive.root, '.git'), { recursive: true, force: true });
      const options = { roots: ['bootstrap/*.yaml'], cacheDir: false as const, argocd: { projects: ['*'] } };
      const a = await render({ repoRoot: checkout.root, ...options });
      const b = await render({ repoRoot: archive.root, ...options, repoURLs: [FIXTURE_REMOTE] });
      expect(summarise(b)).toEqual(summarise(a));
      expect(a.apps.some((x) => x.generatedBy === 'consoles')).toBe(true);
      // without a URL it says plainly why nothing renders
      const c = await render({ repoRoot: archive.root, ...options });
      const why = c.findings.find((f) => f.ruleId === 'render/no-repo-url');
      expect(why?.message).toContain('not a git checkout');
      expect(why?.message).toContain('--repo-url');
    } finally {
      checkout.cleanup();
      archive.cleanup();
    }
  }, 60_000);
});
