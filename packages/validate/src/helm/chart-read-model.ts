/**
 * What a chart on disk reads from its values: its values.yaml keys, values.schema.json properties,
 * template references, and its subcharts (scoped under their name or alias). Library subcharts run with
 * the parent's context, so their templates count as the parent's reads.
 */
// fs.promises read where it is used: the CLI's bundle then loads node:fs/promises only for a chart
// (several milliseconds of the start-up of `validate <file>`, which reads no chart)
import { existsSync, promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { isPlainRecord as isRecord, readYamlFile } from '@neuroscale/core';
import { scanTemplateReads } from './scan-template-reads.js';
import { ValuesPathTrie } from './values-path-trie.js';

export interface ChartReadModel {
  name: string;
  dir: string;
  reads: ValuesPathTrie;
  /** Subchart key (alias or name) → its model, or 'opaque' when it is not unpacked (a .tgz or missing). */
  subcharts: Map<string, ChartReadModel | 'opaque'>;
}

const MAX_DEPTH = 6;

export async function loadChartReadModel(
  chartDir: string,
  cache = new Map<string, Promise<ChartReadModel | undefined>>(),
  depth = 0,
): Promise<ChartReadModel | undefined> {
  const hit = cache.get(chartDir);
  if (hit) return hit;
  const p = load(chartDir, cache, depth);
  cache.set(chartDir, p);
  return p;
}

async function readYamlValue(file: string): Promise<unknown> {
  if (!existsSync(file)) return undefined;
  const r = await readYamlFile(file, { file });
  return r.documents[0]?.value;
}

async function load(
  chartDir: string,
  cache: Map<string, Promise<ChartReadModel | undefined>>,
  depth: number,
): Promise<ChartReadModel | undefined> {
  const chart = await readYamlValue(join(chartDir, 'Chart.yaml'));
  if (!isRecord(chart)) return undefined;
  const reads = new ValuesPathTrie();
  const model: ChartReadModel = {
    name: String(chart.name ?? ''),
    dir: chartDir,
    reads,
    subcharts: new Map(),
  };

  const valuesFile = join(chartDir, 'values.yaml');
  const values = await readYamlValue(valuesFile);
  if (isRecord(values)) addDefaults(values, [], reads);
  if (existsSync(valuesFile)) scanTemplateReads(await fsp.readFile(valuesFile, 'utf8'), reads); // values rendered with tpl
  await addSchema(join(chartDir, 'values.schema.json'), reads);
  await scanTemplatesDir(join(chartDir, 'templates'), reads);

  // subcharts: declared dependencies (name/alias/condition) and whatever sits in charts/
  const unpacked = new Map<string, { dir: string; library: boolean }>();
  const packed = new Set<string>();
  const chartsDir = join(chartDir, 'charts');
  if (existsSync(chartsDir)) {
    for (const entry of (await fsp.readdir(chartsDir, { withFileTypes: true })).sort((a, b) =>
      a.name < b.name ? -1 : 1,
    )) {
      if (entry.isDirectory()) {
        const sub = await readYamlValue(join(chartsDir, entry.name, 'Chart.yaml'));
        if (isRecord(sub))
          unpacked.set(String(sub.name ?? entry.name), {
            dir: join(chartsDir, entry.name),
            library: sub.type === 'library',
          });
      } else if (entry.name.endsWith('.tgz')) {
        packed.add(entry.name.replace(/-v?\d[\w.+-]*\.tgz$/, '').replace(/\.tgz$/, ''));
      }
    }
  }
  const deps = Array.isArray(chart.dependencies) ? chart.dependencies.filter(isRecord) : [];
  const keys = new Map<string, string>(); // values key → chart name
  for (const d of deps) {
    const name = String(d.name ?? '');
    if (!name) continue;
    keys.set(typeof d.alias === 'string' && d.alias ? d.alias : name, name);
    if (typeof d.condition === 'string')
      for (const c of d.condition.split(',')) if (c.trim()) reads.add(c.trim().split('.'), false);
    if (Array.isArray(d.tags) && d.tags.length) reads.add(['tags'], true);
  }
  for (const name of unpacked.keys()) if (![...keys.values()].includes(name)) keys.set(name, name);
  for (const name of packed) if (![...keys.values()].includes(name)) keys.set(name, name);
  for (const [key, name] of keys) {
    const sub = unpacked.get(name);
    if (!sub || depth >= MAX_DEPTH) {
      model.subcharts.set(key, 'opaque');
      continue;
    }
    if (sub.library) await scanTemplatesDir(join(sub.dir, 'templates'), reads);
    model.subcharts.set(key, (await loadChartReadModel(sub.dir, cache, depth + 1)) ?? 'opaque');
  }
  return model;
}

/** Keys of the chart's own values.yaml are read; an empty map or null is a slot for free-form input. */
function addDefaults(v: Record<string, unknown>, path: string[], reads: ValuesPathTrie) {
  for (const [k, child] of Object.entries(v)) {
    const p = [...path, k];
    if (isRecord(child) && Object.keys(child).length > 0) {
      reads.add(p, false);
      addDefaults(child, p, reads);
    } else {
      reads.add(p, child === null || (isRecord(child) && Object.keys(child).length === 0));
    }
  }
}

async function addSchema(file: string, reads: ValuesPathTrie) {
  if (!existsSync(file)) return;
  let schema: unknown;
  try {
    schema = JSON.parse(await fsp.readFile(file, 'utf8'));
  } catch {
    return;
  }
  const walk = (s: unknown, path: string[], depth: number) => {
    if (!isRecord(s) || depth > 30) return;
    const props = isRecord(s.properties) ? s.properties : undefined;
    const types = Array.isArray(s.type) ? s.type : [s.type];
    const objectLike = s.type === undefined || types.includes('object');
    const open =
      objectLike &&
      s.additionalProperties !== false &&
      (s.additionalProperties !== undefined || s.patternProperties !== undefined || !props);
    if (path.length && (open || s.$ref !== undefined)) reads.add(path, true);
    if (props)
      for (const [k, sub] of Object.entries(props)) {
        reads.add([...path, k], false);
        walk(sub, [...path, k], depth + 1);
      }
    for (const key of ['allOf', 'anyOf', 'oneOf'])
      if (Array.isArray(s[key])) for (const b of s[key] as unknown[]) walk(b, path, depth + 1);
  };
  walk(schema, [], 0);
}

async function scanTemplatesDir(dir: string, reads: ValuesPathTrie) {
  if (!existsSync(dir)) return;
  const entries = await fsp.readdir(dir, { withFileTypes: true, recursive: true });
  const files = entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath ?? (e as unknown as { path: string }).path, e.name))
    .sort();
  for (const f of files) scanTemplateReads(await fsp.readFile(f, 'utf8'), reads);
}

/** How a chart (with its subcharts) treats a values key path. */
export function classifyValuesPath(
  model: ChartReadModel,
  path: readonly string[],
): 'unknown' | 'known' | 'wholesale' {
  if (path[0] === 'global') return 'wholesale';
  let best = model.reads.classify(path);
  if (best === 'wholesale') return best;
  const key = path[0];
  if (key !== undefined && model.subcharts.has(key)) {
    const sub = model.subcharts.get(key);
    if (sub === 'opaque' || sub === undefined) return 'wholesale';
    const inner = path.length === 1 ? 'known' : classifyValuesPath(sub, path.slice(1));
    if (inner === 'wholesale' || (inner === 'known' && best === 'unknown')) best = inner;
  }
  return best;
}
