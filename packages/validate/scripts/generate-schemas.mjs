#!/usr/bin/env node
// Generator (not a build step): derive the schema data @neuroscale/validate ships from pinned upstream
// files. Its output, generated/, is committed so that a clone builds from the npm registry alone; run it
// through the root `pnpm generate` after changing upstream-pins.mjs or the converters.
//
//   $NEUROSCALE_SHARED/schemas/kubernetes/v<ver>/swagger.json  ->  generated/kubernetes/v<minor>.json
//   $NEUROSCALE_SHARED/crds/**.yaml                              ->  generated/crd-catalog/{index.json,<crd>.json}
//
// Every input is checked against the sha256 pinned in upstream-pins.mjs. A missing input is fetched from
// its pinned URL when the network allows (and checked the same way); otherwise the build fails with a
// message naming the file. Output is deterministic (same inputs -> same bytes) and skipped when a stamp
// says the inputs and this generator are unchanged.
//
// usage: node scripts/generate-schemas.mjs [--force] [--out <dir>]
//   --out writes a complete copy elsewhere (the staleness test compares it with the committed one)
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { compactCrd } from './lib/compact-crd.mjs';
import { convertSwaggerDefinitions, kindIndex } from './lib/convert-swagger.mjs';
import { CRD_SOURCES, KUBERNETES_SWAGGER } from './upstream-pins.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const pkgDir = resolve(here, '..');
const repoRoot = resolve(pkgDir, '../..');
const shared = resolve(process.env.NEUROSCALE_SHARED ?? join(repoRoot, '..', 'shared'));
const outFlag = process.argv.indexOf('--out');
const outDir =
  outFlag > 0 && process.argv[outFlag + 1] ? resolve(process.argv[outFlag + 1]) : join(pkgDir, 'generated');
const force = process.argv.includes('--force');

const sha256 = (buf) => createHash('sha256').update(buf).digest('hex');

async function readPinned(pin) {
  const local = join(shared, pin.path);
  if (existsSync(local)) {
    const bytes = readFileSync(local);
    const got = sha256(bytes);
    if (got !== pin.sha256) {
      throw new Error(
        `${local}: sha256 ${got} does not match the pinned ${pin.sha256}; refusing to derive schemas from it`,
      );
    }
    return bytes;
  }
  const cacheDir = join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'neuroscale', 'upstream');
  const cached = join(cacheDir, pin.sha256);
  if (existsSync(cached)) {
    const bytes = readFileSync(cached);
    if (sha256(bytes) === pin.sha256) return bytes;
  }
  let res;
  try {
    res = await fetch(pin.url, { signal: AbortSignal.timeout(60_000) });
  } catch (e) {
    throw new Error(
      `missing upstream input ${pin.path}: not found under NEUROSCALE_SHARED (${shared}) and could not be downloaded from ${pin.url} (${e.cause?.code ?? e.message}).\n` +
        `Set NEUROSCALE_SHARED to the folder holding schemas/kubernetes and crds, or build where the network is available.`,
    );
  }
  if (!res.ok)
    throw new Error(
      `missing upstream input ${pin.path}; download from ${pin.url} failed: HTTP ${res.status}`,
    );
  const bytes = Buffer.from(await res.arrayBuffer());
  const got = sha256(bytes);
  if (got !== pin.sha256)
    throw new Error(`${pin.url}: sha256 ${got} does not match the pinned ${pin.sha256}`);
  mkdirSync(cacheDir, { recursive: true });
  writeFileSync(cached, bytes);
  return bytes;
}

function generatorHash() {
  const h = createHash('sha256');
  for (const f of [
    'generate-schemas.mjs',
    'upstream-pins.mjs',
    'lib/convert-swagger.mjs',
    'lib/compact-crd.mjs',
    'lib/strip-schema.mjs',
  ]) {
    h.update(readFileSync(join(here, f)));
  }
  return h.digest('hex');
}

async function main() {
  const stampFile = join(outDir, 'stamp.json');
  const stamp = {
    generator: generatorHash(),
    inputs: [...KUBERNETES_SWAGGER, ...CRD_SOURCES].map((p) => p.sha256),
  };
  if (!force && existsSync(stampFile)) {
    try {
      const old = JSON.parse(readFileSync(stampFile, 'utf8'));
      if (JSON.stringify(old) === JSON.stringify(stamp)) {
        console.log('generate-schemas: generated/ is up to date');
        return;
      }
    } catch {
      /* regenerate */
    }
  }
  const started = Date.now();
  // write next to the old data and swap at the end: a failed build leaves generated/ as it was
  const finalDir = outDir;
  const workDir = `${outDir}.tmp-${process.pid}`;
  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(join(workDir, 'kubernetes'), { recursive: true });
  mkdirSync(join(workDir, 'crd-catalog'), { recursive: true });
  try {
    await generateInto(workDir);
  } catch (e) {
    rmSync(workDir, { recursive: true, force: true });
    throw e;
  }
  writeFileSync(join(workDir, 'stamp.json'), `${JSON.stringify(stamp)}\n`);
  rmSync(finalDir, { recursive: true, force: true });
  renameSync(workDir, finalDir);
  console.log(`generate-schemas: wrote generated/ in ${Date.now() - started} ms`);
}

async function generateInto(outDir) {
  for (const pin of KUBERNETES_SWAGGER) {
    const spec = JSON.parse((await readPinned(pin)).toString('utf8'));
    const doc = {
      minor: pin.minor,
      source: { path: pin.path, sha256: pin.sha256, url: pin.url },
      kinds: kindIndex(spec),
      definitions: convertSwaggerDefinitions(spec.definitions),
    };
    writeFileSync(join(outDir, 'kubernetes', `v${pin.minor}.json`), JSON.stringify(doc));
  }

  const entries = [];
  const sources = [];
  for (const pin of CRD_SOURCES) {
    const text = (await readPinned(pin)).toString('utf8');
    sources.push({ path: pin.path, sha256: pin.sha256, url: pin.url });
    for (const d of parseAllDocuments(text)) {
      const obj = d.toJS();
      if (obj?.kind !== 'CustomResourceDefinition') continue;
      const crd = compactCrd(obj);
      const file = `${crd.group}_${crd.plural}.json`;
      writeFileSync(join(outDir, 'crd-catalog', file), JSON.stringify({ ...crd, source: pin.path }));
      entries.push({
        group: crd.group,
        kind: crd.kind,
        scope: crd.scope,
        versions: crd.versions.map((v) => ({
          name: v.name,
          served: v.served,
          ...(v.deprecated ? { deprecated: true } : {}),
          ...(v.deprecationWarning ? { deprecationWarning: v.deprecationWarning } : {}),
        })),
        file,
        source: pin.path,
      });
    }
  }
  entries.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  writeFileSync(
    join(outDir, 'crd-catalog', 'index.json'),
    JSON.stringify({ sources, crds: entries }, null, 1),
  );
  console.log(
    `generate-schemas: ${KUBERNETES_SWAGGER.length} Kubernetes versions, ${entries.length} CRDs from ${sources.length} files`,
  );
}

main().catch((e) => {
  console.error(`generate-schemas: ${e.message}`);
  process.exit(1);
});
