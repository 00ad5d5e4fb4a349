/**
 * Fixture runner: each test/fixtures/<case>/ holds a small repository (repo/), optional case.json
 * (roots, symlinks to create) and expected.json (apps, manifests and findings, one reviewable line each).
 * UPDATE_FIXTURES=1 rewrites expected.json (review the diff before committing).
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { render } from '../src/index.js';
import { FIXTURES, type FixtureRepo, materialise } from './helpers/fixture-repo.js';
import { summarise } from './helpers/summarise.js';

const cases = readdirSync(FIXTURES)
  .filter((d) => existsSync(join(FIXTURES, d, 'repo')))
  .sort();
const repos: FixtureRepo[] = [];
afterAll(() => {
  for (const r of repos) r.cleanup();
});

describe('render fixtures', () => {
  for (const name of cases) {
    it(name, async () => {
      const repo = materialise(name);
      repos.push(repo);
      const result = await render({
        repoRoot: repo.root,
        roots: repo.config.roots ?? ['bootstrap/*.yaml'],
        cacheDir: join(repo.root, '..', 'cache'),
        ...(repo.config.kubeVersion ? { kubeVersion: repo.config.kubeVersion } : {}),
        ...(repo.config.argocd ? { argocd: { ...repo.config.argocd, file: 'neuroscale.config.yaml' } } : {}),
      });
      const actual = summarise(result);
      const file = join(FIXTURES, name, 'expected.json');
      if (process.env.UPDATE_FIXTURES === '1' || !existsSync(file)) {
        writeFileSync(file, `${JSON.stringify(actual, null, 2)}\n`);
        if (process.env.UPDATE_FIXTURES !== '1') throw new Error(`wrote ${file}; review it and re-run`);
      }
      expect(actual).toEqual(JSON.parse(readFileSync(file, 'utf8')));
    }, 60_000);
  }
});
