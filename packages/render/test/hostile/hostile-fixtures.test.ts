/**
 * Hostile input trees through the full render pipeline (tree walk, ApplicationSets, directory, Kustomize and
 * Helm sources), with Object.prototype frozen. Each test/hostile/fixtures/<case>/ holds repo/, case.json and
 * expected.json (apps, manifests, findings: the finding a hostile input must produce is the specification).
 * UPDATE_FIXTURES=1 rewrites expected.json; review the diff.
 */
import './frozen-prototype.js';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { render } from '../../src/index.js';
import { type FixtureRepo, materialise } from '../helpers/fixture-repo.js';
import { summarise } from '../helpers/summarise.js';
import { PROTOTYPE_KEYS_BEFORE, prototypeState } from './frozen-prototype.js';

const HOSTILE = join(import.meta.dirname, 'fixtures');
const cases = readdirSync(HOSTILE)
  .filter((d) => existsSync(join(HOSTILE, d, 'repo')))
  .sort();
const repos: FixtureRepo[] = [];
afterAll(() => {
  for (const r of repos) r.cleanup();
});

describe('hostile render fixtures (Object.prototype frozen)', () => {
  it('runs with a frozen Object.prototype', () => {
    expect(prototypeState()).toEqual({ frozen: true, keys: PROTOTYPE_KEYS_BEFORE });
  });
  for (const name of cases) {
    it(name, async () => {
      const repo = materialise(name, HOSTILE);
      repos.push(repo);
      const started = performance.now();
      const result = await render({
        repoRoot: repo.root,
        roots: repo.config.roots ?? ['bootstrap/*.yaml'],
        cacheDir: join(repo.root, '..', 'cache'),
      });
      const elapsed = performance.now() - started;
      const actual = summarise(result);
      const file = join(HOSTILE, name, 'expected.json');
      if (process.env.UPDATE_FIXTURES === '1' || !existsSync(file)) {
        writeFileSync(file, `${JSON.stringify(actual, null, 2)}\n`);
        if (process.env.UPDATE_FIXTURES !== '1') throw new Error(`wrote ${file}; review it and re-run`);
      }
      expect(actual).toEqual(JSON.parse(readFileSync(file, 'utf8')));
      expect(prototypeState()).toEqual({ frozen: true, keys: PROTOTYPE_KEYS_BEFORE });
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      // every hostile case is small: a limit must refuse it early, not after minutes of work
      expect(elapsed).toBeLessThan(10_000);
    }, 60_000);
  }
});
