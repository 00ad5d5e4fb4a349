#!/usr/bin/env node
/**
 * `pnpm generate`: run every package's generator (packages/<pkg>/scripts/generate-*.mjs) against the
 * pinned upstream inputs in $NEUROSCALE_SHARED (default: the `shared` folder beside the repository).
 * The outputs are committed, so neither install nor build needs the upstream data or the network.
 *
 *   node scripts/generate-all.mjs           regenerate in place
 *   node scripts/generate-all.mjs --check   regenerate into a scratch copy and list committed files that differ
 *                                           (exit 1 when stale, 3 when the upstream data is absent)
 *   … --package <name>                      only the generators of packages/<name> (each package's staleness test)
 *
 * The check copies a package's scripts/ folder into <pkg>/node_modules/.generate-check/scripts (so the
 * generators resolve their dependencies and write beside the copy exactly as they would beside the
 * original), runs them there, and compares every file they wrote with the same path in the package.
 * Generators write only into folders named `generated` (generated/, src/generated/, src/<area>/generated/),
 * so those folders hold nothing hand-written and a file left there that no generator writes is stale.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Upstream data folder the generators read. */
export function sharedDir(env = process.env) {
  return resolve(env.NEUROSCALE_SHARED || join(repoRoot, '..', 'shared'));
}

/** `{ pkgDir, scripts[] }` for each package that has generators (or only `packages/<only>`), in a stable order. */
export function generators({ only } = {}) {
  const out = [];
  for (const name of readdirSync(join(repoRoot, 'packages')).sort()) {
    if (only !== undefined && name !== only) continue;
    const dir = join(repoRoot, 'packages', name, 'scripts');
    if (!existsSync(dir)) continue;
    const scripts = readdirSync(dir)
      .filter((f) => /^generate-.*\.mjs$/.test(f))
      .sort();
    if (scripts.length) out.push({ pkgDir: join(repoRoot, 'packages', name), scripts });
  }
  return out;
}

function run(script, cwd, shared) {
  execFileSync(process.execPath, [script, '--force'], {
    cwd,
    env: { ...process.env, NEUROSCALE_SHARED: shared },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
}

/** Package-relative folders named `generated`, where generators write (build output and dependencies excluded). */
function generatedDirs(pkgDir, rel = '') {
  return readdirSync(join(pkgDir, rel))
    .sort()
    .flatMap((n) => {
      const r = rel ? `${rel}/${n}` : n;
      if (['node_modules', 'dist', 'scripts', 'test'].includes(n) || !statSync(join(pkgDir, r)).isDirectory())
        return [];
      return n === 'generated' ? [r] : generatedDirs(pkgDir, r);
    });
}

function filesUnder(dir, base = dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .flatMap((n) => {
      const p = join(dir, n);
      return statSync(p).isDirectory() ? filesUnder(p, base) : [relative(base, p).split(sep).join('/')];
    });
}

/**
 * Regenerate into scratch copies and compare. Returns the repo-relative files that are stale
 * (`changed`), not committed (`missing`) or no longer generated (`extra`).
 */
export function checkGenerated({ shared = sharedDir(), only } = {}) {
  const stale = { changed: [], missing: [], extra: [] };
  for (const { pkgDir, scripts } of generators({ only })) {
    const scratch = join(pkgDir, 'node_modules', '.generate-check');
    rmSync(scratch, { recursive: true, force: true });
    mkdirSync(scratch, { recursive: true });
    cpSync(join(pkgDir, 'scripts'), join(scratch, 'scripts'), { recursive: true });
    // generators write into existing folders next to their scripts (src/generated/…): mirror them empty
    const dirs = generatedDirs(pkgDir);
    for (const d of dirs) mkdirSync(join(scratch, d), { recursive: true });
    try {
      for (const s of scripts) run(join(scratch, 'scripts', s), scratch, shared);
      const written = filesUnder(scratch).filter((f) => !f.startsWith('scripts/'));
      const outDirs = new Set(written.map((f) => dirs.find((d) => f.startsWith(`${d}/`)) ?? f.split('/')[0]));
      const rel = (f) => relative(repoRoot, join(pkgDir, f)).split(sep).join('/');
      for (const f of written) {
        const committed = join(pkgDir, f);
        if (!existsSync(committed)) stale.missing.push(rel(f));
        else if (!readFileSync(committed).equals(readFileSync(join(scratch, f)))) stale.changed.push(rel(f));
      }
      const producedSet = new Set(written);
      for (const d of outDirs) {
        for (const f of filesUnder(join(pkgDir, d))) {
          if (!producedSet.has(`${d}/${f}`)) stale.extra.push(rel(`${d}/${f}`));
        }
      }
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }
  return stale;
}

function main() {
  const shared = sharedDir();
  const check = process.argv.includes('--check');
  const packageFlag = process.argv.indexOf('--package');
  const only = packageFlag > 0 ? process.argv[packageFlag + 1] : undefined;
  if (!existsSync(shared)) {
    console.error(
      `generate: the upstream data folder ${shared} is absent; set NEUROSCALE_SHARED to the folder holding schemas/ and crds/`,
    );
    process.exit(3);
  }
  if (check) {
    const stale = checkGenerated({ shared, only });
    const lines = [
      ...stale.changed.map((f) => `changed  ${f}`),
      ...stale.missing.map((f) => `missing  ${f}`),
      ...stale.extra.map((f) => `extra    ${f}`),
    ];
    if (lines.length) {
      console.error(`generate --check: committed generated files are stale; run \`pnpm generate\`:`);
      for (const l of lines) console.error(`  ${l}`);
      process.exit(1);
    }
    console.log('generate --check: committed generated files are up to date');
    return;
  }
  for (const { pkgDir, scripts } of generators({ only })) {
    for (const s of scripts) {
      console.log(`generate: ${relative(repoRoot, join(pkgDir, 'scripts', s))}`);
      execFileSync(process.execPath, [join(pkgDir, 'scripts', s), '--force'], {
        cwd: pkgDir,
        env: { ...process.env, NEUROSCALE_SHARED: shared },
        stdio: 'inherit',
      });
    }
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
