/**
 * Fixture runner: test/applicationset/fixtures/<case>/{appset.yaml, files/**, context.json?, expected.json}.
 * context.json: { repoURL?, clusters?, knownProjects? }. Set UPDATE_FIXTURES=1 to rewrite expected.json
 * (then review the diff: the expected files are the specification).
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { loadYaml } from '@neuroscale/core';
import { expandApplicationSet } from '../../src/applicationset/index.js';
import type { ApplicationSetContext, ApplicationSetExpansion } from '../../src/applicationset/types.js';

export const FIXTURES = join(import.meta.dirname, 'fixtures');

interface FixtureContext {
  repoURL?: string;
  clusters?: ApplicationSetContext['clusters'];
  knownProjects?: string[];
}

function listFiles(root: string): string[] {
  if (!existsSync(root)) return [];
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(root, p).split('\\').join('/'));
    }
  };
  walk(root);
  return out.sort();
}

const normalizeRepo = (u: string) =>
  u
    .trim()
    .replace(/\/+$/, '')
    .replace(/\.git$/, '')
    .toLowerCase();

export function runFixture(name: string): { actual: ApplicationSetExpansion; expectedPath: string } {
  const dir = join(FIXTURES, name);
  const file = `fixtures/${name}/appset.yaml`;
  const { documents, findings } = loadYaml(readFileSync(join(dir, 'appset.yaml'), 'utf8'), { file });
  if (findings.length || !documents[0])
    throw new Error(`fixture ${name}: appset.yaml does not load: ${JSON.stringify(findings)}`);
  const doc = documents[0];
  const fc: FixtureContext = existsSync(join(dir, 'context.json'))
    ? JSON.parse(readFileSync(join(dir, 'context.json'), 'utf8'))
    : {};
  const filesRoot = join(dir, 'files');
  const files = listFiles(filesRoot);
  const ctx: ApplicationSetContext = {
    listRepoFiles: () => files,
    readRepoFile: (p) => (files.includes(p) ? readFileSync(join(filesRoot, p), 'utf8') : undefined),
    isLocalRepo: (u) =>
      normalizeRepo(u) === normalizeRepo(fc.repoURL ?? 'https://github.com/neuroscale/gitops.git'),
    location: { file, line: doc.line, column: doc.column },
    locate: doc.locate,
  };
  if (fc.clusters) ctx.clusters = fc.clusters;
  if (fc.knownProjects) ctx.knownProjects = new Set(fc.knownProjects);
  const actual = expandApplicationSet(doc.value as never, ctx);
  const expectedPath = join(dir, 'expected.json');
  if (process.env.UPDATE_FIXTURES === '1')
    writeFileSync(expectedPath, `${JSON.stringify(actual, null, 2)}\n`);
  return { actual, expectedPath };
}

export function fixtureNames(): string[] {
  return readdirSync(FIXTURES)
    .filter((n) => existsSync(join(FIXTURES, n, 'appset.yaml')))
    .sort();
}
