/**
 * `helm/unused-value`: keys a user supplies to a Helm source (value files, inline values/valuesObject,
 * parameters) that the chart never reads. Helm ignores them silently; the config the user meant never
 * reaches the cluster (e.g. `backstage.appConfig` written where the chart reads `appConfig`).
 * Reported once per key, at the key's line, with a "did you mean" when the key is read elsewhere.
 * Remote charts (not in the repository) are not checked.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  type AppNode,
  escapePointerSegment,
  type Finding,
  finding,
  getAtPointer,
  isPlainRecord as isRecord,
  loadYaml,
  type RenderedSource,
  readYamlFile,
  type SourceLocation,
} from '@neuroscale/core';
import { closest } from '../schemas/describe-path.js';
import { type ChartReadModel, classifyValuesPath, loadChartReadModel } from './chart-read-model.js';

export interface CheckHelmValuesOptions {
  /** Absolute path of the repository the AppNode paths are relative to. */
  repoRoot: string;
  apps: readonly AppNode[];
}

const toPointer = (path: readonly string[]) => path.map((s) => `/${escapePointerSegment(s)}`).join('');

export async function checkHelmValues(options: CheckHelmValuesOptions): Promise<Finding[]> {
  const out: Finding[] = [];
  const seen = new Set<string>();
  const charts = new Map<string, Promise<ChartReadModel | undefined>>();
  const appFiles = new Map<string, Promise<Awaited<ReturnType<typeof readYamlFile>> | undefined>>();
  const push = (f: Finding) => {
    const key = `${f.location?.file}\0${f.location?.line}\0${f.message}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push(f);
  };
  const sortedApps = [...options.apps].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const app of sortedApps) {
    for (const source of app.sources) {
      if (source.type !== 'helm' || !source.helm || source.remote || source.path === undefined) continue;
      const chartDir = join(options.repoRoot, source.path);
      const model = await loadChartReadModel(chartDir, charts);
      if (!model || model.reads.everything) continue;
      await checkSource(app, source, model, options.repoRoot, appFiles, push);
    }
  }
  return out;
}

type Report = (f: Finding) => void;

async function checkSource(
  app: AppNode,
  source: RenderedSource,
  model: ChartReadModel,
  repoRoot: string,
  appFiles: Map<string, Promise<Awaited<ReturnType<typeof readYamlFile>> | undefined>>,
  report: Report,
) {
  const helm = source.helm!;
  const chart = source.path ?? '';
  const emit = (path: string[], location: SourceLocation, origin: string, value?: unknown) => {
    report(
      finding({
        ruleId: 'helm/unused-value',
        severity: 'warning',
        message: `${origin} sets "${path.join('.')}", which chart ${chart || model.name} never reads (not in its values.yaml, values.schema.json or templates); Helm ignores it${unusedValueHint(model, path, value)}`,
        location,
        app: app.name,
        details: { chart, key: path.join('.') },
      }),
    );
  };

  for (const file of helm.valueFiles) {
    const abs = join(repoRoot, file);
    if (!existsSync(abs)) continue;
    const loaded = await readYamlFile(abs, { file });
    const doc = loaded.documents[0];
    if (!doc || !isRecord(doc.value)) continue;
    for (const path of unreadPaths(model, doc.value)) {
      const pos = doc.locate(toPointer(path));
      emit(
        path,
        { file, line: pos?.line ?? doc.line, column: pos?.column ?? doc.column },
        `value file ${file}`,
        getAtPointer(doc.value, toPointer(path)),
      );
    }
  }

  if (helm.inlineValues && isRecord(helm.inlineValues.value)) {
    const { value, location, pointer } = helm.inlineValues;
    const paths = unreadPaths(model, value);
    if (paths.length) {
      const place = await inlineLocator(location, pointer, repoRoot, appFiles);
      for (const path of paths)
        emit(
          path,
          place(path),
          `inline values of Application ${app.name}`,
          getAtPointer(value, toPointer(path)),
        );
    }
  }

  for (const param of helm.parameters) {
    const path = parseSetPath(param.name);
    if (path.length === 0) continue;
    if (classifyPrefix(model, path) === 'unknown')
      emit(path, param.location, `parameter ${param.name} of Application ${app.name}`);
  }
}

/** Key paths of a user values tree the chart does not read (the topmost unread key of each subtree). */
export function unreadPaths(model: ChartReadModel, values: Record<string, unknown>): string[][] {
  const out: string[][] = [];
  const walk = (v: Record<string, unknown>, path: string[]) => {
    for (const [k, child] of Object.entries(v)) {
      const p = [...path, k];
      const c = classifyValuesPath(model, p);
      if (c === 'unknown') out.push(p);
      else if (c === 'known' && isRecord(child)) walk(child, p);
    }
  };
  walk(values, []);
  return out;
}

/** A --set path is unread when its first unread prefix exists. */
function classifyPrefix(model: ChartReadModel, path: string[]): 'unknown' | 'known' | 'wholesale' {
  for (let i = 1; i <= path.length; i++) {
    const c = classifyValuesPath(model, path.slice(0, i));
    if (c !== 'known') return c;
  }
  return 'known';
}

/** Helm --set name → key path (`a.b\.c[0].d` → a, b.c); list indexes end the path. */
export function parseSetPath(name: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < name.length; i++) {
    const ch = name[i];
    if (ch === '\\' && i + 1 < name.length) {
      cur += name[++i];
    } else if (ch === '.') {
      out.push(cur);
      cur = '';
    } else if (ch === '[') {
      break;
    } else cur += ch;
  }
  if (cur) out.push(cur);
  return out.filter((s) => s !== '');
}

/** Why a key is probably wrong: its children belong one level up, it is a suffix of a read path, or a near-miss. */
export function unusedValueHint(model: ChartReadModel, path: string[], value?: unknown): string {
  const parent = path.slice(0, -1);
  if (isRecord(value)) {
    const upOne = Object.keys(value).filter((k) => classifyValuesPath(model, [...parent, k]) !== 'unknown');
    if (upOne.length) {
      const names = upOne.map((k) => `"${[...parent, k].join('.')}"`).join(', ');
      return `; the chart reads ${names} one level up: "${path.at(-1)}" nests ${upOne.length > 1 ? 'them' : 'it'} one level too deep`;
    }
  }
  for (let i = 1; i < path.length; i++) {
    const suffix = path.slice(i);
    if (suffix[0] !== 'global' && classifyValuesPath(model, suffix) !== 'unknown') {
      return `; did you mean "${suffix.join('.')}"? (the key is nested ${i} level${i > 1 ? 's' : ''} too deep)`;
    }
  }
  const name = path[path.length - 1] ?? '';
  const near = closest(name, readChildren(model, parent));
  return near.length
    ? `; did you mean ${near.map((n) => `"${[...parent, n].join('.')}"`).join(' or ')}?`
    : '';
}

/** Keys the chart (or the subchart owning the path) reads directly under a path. */
function readChildren(model: ChartReadModel, path: string[]): string[] {
  const out = new Set(model.reads.childrenOf(path));
  if (path.length === 0) for (const k of model.subcharts.keys()) out.add(k);
  const sub = path[0] !== undefined ? model.subcharts.get(path[0]) : undefined;
  if (sub && sub !== 'opaque') for (const k of readChildren(sub, path.slice(1))) out.add(k);
  return [...out].sort();
}

/** Position of a key of inline values inside the Application file (valuesObject map or `values: |` string). */
async function inlineLocator(
  location: SourceLocation,
  pointer: string,
  repoRoot: string,
  appFiles: Map<string, Promise<Awaited<ReturnType<typeof readYamlFile>> | undefined>>,
): Promise<(path: string[]) => SourceLocation> {
  const fallback = () => location;
  const abs = join(repoRoot, location.file);
  if (!existsSync(abs)) return fallback;
  let p = appFiles.get(abs);
  if (!p) {
    p = readYamlFile(abs, { file: location.file }).catch(() => undefined);
    appFiles.set(abs, p);
  }
  const loaded = await p;
  const docs = loaded?.documents ?? [];
  const line = location.line ?? 1;
  const doc = [...docs].reverse().find((d) => d.line <= line) ?? docs[0];
  if (!doc) return fallback;
  const held = getAtPointer(doc.value, pointer);
  const keyPos = doc.locate(pointer);
  if (isRecord(held)) {
    return (path) => {
      const pos = doc.locate(pointer + toPointer(path));
      return { file: location.file, line: pos?.line ?? keyPos?.line ?? line, column: pos?.column ?? 1 };
    };
  }
  if (typeof held === 'string' && keyPos) {
    const inner = loadYaml(held, { file: location.file }).documents[0];
    return (path) => {
      const pos = inner?.locate(toPointer(path));
      // `values: |` content starts on the line after the key
      return pos
        ? { file: location.file, line: keyPos.line + pos.line, column: pos.column + keyPos.column + 1 }
        : { file: location.file, line: keyPos.line, column: keyPos.column };
    };
  }
  return fallback;
}
