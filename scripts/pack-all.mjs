#!/usr/bin/env node
/**
 * `pnpm pack:all`: one tarball per published package, each in its own folder, so names cannot collide
 * (`@neuroscale/validate` and `neuroscale-validate` both pack to neuroscale-validate-<version>.tgz).
 *
 *   node scripts/pack-all.mjs [--dest <dir>] [--no-build] [--no-types] [--json]
 *
 *   --dest      where to write (default .packs/ in the repository, git-ignored): <dest>/<package folder>/<file>.tgz
 *   --no-build  pack the dist/ that is there (the packed-tarball test packs what `pnpm test` just built)
 *   --no-types  skip the declaration build (tests; a release always ships types)
 *   --json      print [{ name, version, file }] instead of one line per tarball
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The pnpm that runs this script when there is one (`pnpm pack:all`), else pnpm from PATH, else npx. */
export function pnpmCommand(env = process.env) {
  if (env.npm_execpath && /pnpm/.test(env.npm_execpath)) {
    return /\.c?js$/.test(env.npm_execpath) ? [process.execPath, env.npm_execpath] : [env.npm_execpath];
  }
  const onPath = spawnSync('pnpm', ['--version'], { stdio: 'ignore' });
  return onPath.status === 0 ? ['pnpm'] : ['npx', '-y', 'pnpm@10'];
}

/** Published packages (not private), in dependency order is not needed: npm installs tarballs together. */
export function publishedPackages() {
  return readdirSync(join(repoRoot, 'packages'))
    .sort()
    .map((dir) => ({ dir, pkg: join(repoRoot, 'packages', dir) }))
    .filter(({ pkg }) => existsSync(join(pkg, 'package.json')))
    .map(({ dir, pkg }) => ({
      dir,
      pkg,
      manifest: JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')),
    }))
    .filter(({ manifest }) => !manifest.private);
}

export function packAll({ dest = join(repoRoot, '.packs'), build = true, types = true } = {}) {
  const [cmd, ...pre] = pnpmCommand();
  const pnpm = (args, cwd = repoRoot) =>
    execFileSync(cmd, [...pre, ...args], { cwd, stdio: ['ignore', 'ignore', 'inherit'] });
  if (build) pnpm(['run', 'build']);
  if (types) pnpm(['run', 'build:types']);
  const out = [];
  for (const { dir, pkg, manifest } of publishedPackages()) {
    if (!existsSync(join(pkg, 'dist', 'index.js')))
      throw new Error(`pack:all: packages/${dir}/dist is missing; build first (pnpm build)`);
    const folder = join(dest, dir);
    rmSync(folder, { recursive: true, force: true });
    mkdirSync(folder, { recursive: true });
    pnpm(['pack', '--pack-destination', folder], pkg);
    const files = readdirSync(folder).filter((f) => f.endsWith('.tgz'));
    if (files.length !== 1)
      throw new Error(`pack:all: expected one tarball in ${folder}, found ${files.length}`);
    out.push({ name: manifest.name, version: manifest.version, file: join(folder, files[0]) });
  }
  return out;
}

function main() {
  const argv = process.argv.slice(2);
  const destAt = argv.indexOf('--dest');
  const packed = packAll({
    ...(destAt >= 0 && argv[destAt + 1] ? { dest: resolve(argv[destAt + 1]) } : {}),
    build: !argv.includes('--no-build'),
    types: !argv.includes('--no-types'),
  });
  if (argv.includes('--json')) console.log(JSON.stringify(packed, null, 2));
  else for (const p of packed) console.log(`${p.name}@${p.version}  ${relative(process.cwd(), p.file)}`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    main();
  } catch (e) {
    console.error(e.message);
    process.exit(1);
  }
}
