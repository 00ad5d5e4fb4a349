import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadYaml, type Manifest, manifestsFromDocuments } from '@neuroscale/core';

export const here = dirname(fileURLToPath(import.meta.url));
export const pkgDir = resolve(here, '..');
export const repoRoot = resolve(pkgDir, '../..');
export const shared = resolve(process.env.NEUROSCALE_SHARED ?? join(repoRoot, '..', 'shared'));
export const fixtures = join(here, 'fixtures');

/** The committed generator output; every schema test needs it. */
export const hasGenerated = existsSync(join(pkgDir, 'generated', 'stamp.json'));
if (!hasGenerated) {
  console.warn(
    `\n[validate tests] SKIPPING schema tests: ${join(pkgDir, 'generated')} is missing. ` +
      `Run \`pnpm generate\` at the repository root (needs NEUROSCALE_SHARED=${shared}).\n`,
  );
}
export const hasShared = existsSync(join(shared, 'crds'));
if (!hasShared)
  console.warn(`\n[validate tests] SKIPPING tests that read ${shared}: NEUROSCALE_SHARED is absent.\n`);

export function manifests(text: string, file = 'test.yaml'): Manifest[] {
  const r = loadYaml(text, { file });
  if (r.findings.length) throw new Error(`fixture YAML problem: ${JSON.stringify(r.findings)}`);
  return manifestsFromDocuments(file, r.documents);
}
