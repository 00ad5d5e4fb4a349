/**
 * Optional cost configuration from text (YAML or JSON). Accepts our own keys and, for `pricing`,
 * OpenCost's custom-pricing keys (`CPU`, `RAM`, `GPU`), so an OpenCost pricing file or ConfigMap
 * payload can be reused as-is. Unknown or malformed entries become findings; nothing throws.
 *
 *   pricing: { cpuCoreHour | CPU, memoryGiBHour | RAM, gpuHour | GPU, hoursPerMonth, gpuResources, extendedHour }
 *   daemonSetNodes: 3
 *   maxReplicas: 10000
 *   defaultNamespace: default
 *   kserveDefaults: { cpuRequest, memoryRequest, cpuLimit, memoryLimit }
 *   thresholds: { maxCpuDelta: '2', maxMemoryDelta: '10%', maxMonthlyDelta: '100' }
 *   flagPercent: 20
 *
 * The same block is the `cost:` key of neuroscale.config.yaml (read with `pointer: '/cost'`), whose
 * documented short forms are accepted too: `maxCpuDelta` / `maxMemoryDelta` / `maxMonthlyDelta` beside
 * `thresholds`, and `prices: { cpuHour, memoryGiBHour, gpuHour }` for `pricing`. One loader, one config.
 */
import { type Finding, finding, isPlainRecord as isObject, loadYaml } from '@neuroscale/core';
import type { DiffCostOptions } from '../diff/diff-types.js';
import type { CostOptions, KServeDefaults, Pricing } from '../options.js';

export interface CostConfig {
  cost: CostOptions;
  diff: DiffCostOptions;
  findings: Finding[];
}

const PRICE_ALIASES: Record<string, keyof Pricing> = {
  cpuCoreHour: 'cpuCoreHour',
  cpuHour: 'cpuCoreHour',
  CPU: 'cpuCoreHour',
  memoryGiBHour: 'memoryGiBHour',
  RAM: 'memoryGiBHour',
  gpuHour: 'gpuHour',
  GPU: 'gpuHour',
  hoursPerMonth: 'hoursPerMonth',
};
/** OpenCost keys that have no meaning for requested compute; accepted and ignored. */
const OPENCOST_IGNORED = new Set([
  'provider',
  'description',
  'spotCPU',
  'spotRAM',
  'spotGPU',
  'storage',
  'zoneNetworkEgress',
  'regionNetworkEgress',
  'internetNetworkEgress',
  'customPricesEnabled',
]);

/** The threshold keys, also accepted at the top of the block (the short form of neuroscale.config.yaml). */
const THRESHOLD_KEYS = new Set(['maxCpuDelta', 'maxMemoryDelta', 'maxMonthlyDelta']);

export interface LoadCostConfigOptions {
  /** The file's name in findings and in the default price source. */
  file: string;
  /** JSON pointer of the cost block inside the document (`/cost` in neuroscale.config.yaml); default the whole document. */
  pointer?: string;
}

// long: one pass over the config document's keys, each key's check a few lines long
export function loadCostConfig(text: string, options: LoadCostConfigOptions): CostConfig {
  const { file } = options;
  const base = options.pointer ?? '';
  const loaded = loadYaml(text, { file });
  const findings: Finding[] = [...loaded.findings];
  const out: CostConfig = { cost: {}, diff: {}, findings };
  const doc = loaded.documents.find((d) => d.value !== null && d.value !== undefined);
  if (!doc) return out;
  const value = base ? valueAt(doc.value, base) : doc.value;
  if (value === undefined || value === null) return out;
  const at = (pointer: string) => {
    const pos = doc.locate(base + pointer);
    return { file, line: pos?.line ?? doc.line, column: pos?.column ?? doc.column };
  };
  const bad = (pointer: string, message: string) =>
    findings.push(
      finding({ ruleId: 'cost/invalid-config', message, location: at(pointer), path: base + pointer }),
    );
  if (!isObject(value)) {
    bad('', 'cost configuration must be a map');
    return out;
  }
  const root = value;
  // `pricing`, its short form `prices`, or an OpenCost pricing file at the top level
  const pricingKey = isObject(root.pricing) ? 'pricing' : isObject(root.prices) ? 'prices' : undefined;
  const pricingSource = pricingKey
    ? (root[pricingKey] as Record<string, unknown>)
    : 'CPU' in root || 'RAM' in root
      ? root
      : undefined;
  const pricingPointer = pricingSource === root ? '' : `/${pricingKey}`;
  if (pricingSource) {
    const pricing: Partial<Pricing> = {};
    for (const [k, v] of Object.entries(pricingSource)) {
      // own keys only: `constructor`, `toString`, `__proto__` are unknown keys, not inherited members
      const target = Object.hasOwn(PRICE_ALIASES, k) ? PRICE_ALIASES[k] : undefined;
      const pointer = `${pricingPointer}/${k}`;
      if (target) {
        if (typeof v === 'string' || typeof v === 'number')
          (pricing as Record<string, string>)[target] = String(v);
        else bad(pointer, `${k} must be a decimal number`);
      } else if (k === 'gpuResources') {
        if (Array.isArray(v) && v.every((x) => typeof x === 'string')) pricing.gpuResources = v as string[];
        else bad(pointer, 'gpuResources must be a list of resource names');
      } else if (k === 'extendedHour') {
        if (isObject(v))
          pricing.extendedHour = Object.fromEntries(Object.entries(v).map(([r, p]) => [r, String(p)])); // own keys
        else bad(pointer, 'extendedHour must map resource names to prices');
      } else if (k === 'source' && typeof v === 'string') {
        pricing.source = v;
      } else if (!(pricingSource === root && Object.hasOwn(TOP_LEVEL, k)) && !OPENCOST_IGNORED.has(k)) {
        bad(pointer, `unknown pricing key "${k}"`);
      }
    }
    if (pricing.source === undefined) pricing.source = `prices from ${file}`;
    out.cost.pricing = pricing;
  }
  for (const [k, v] of Object.entries(root)) {
    const pointer = `/${k}`;
    if (
      k === pricingKey ||
      (pricingSource === root && (Object.hasOwn(PRICE_ALIASES, k) || OPENCOST_IGNORED.has(k)))
    )
      continue;
    if (!Object.hasOwn(TOP_LEVEL, k)) {
      bad(pointer, `unknown cost configuration key "${k}"`);
      continue;
    }
    if (k === 'daemonSetNodes' || k === 'maxReplicas') {
      if (typeof v === 'number' && Number.isInteger(v) && v >= 0) out.cost[k] = v;
      else bad(pointer, `${k} must be a non-negative integer`);
    } else if (k === 'flagPercent') {
      if (typeof v === 'number' && v >= 0) out.diff.flagPercent = v;
      else bad(pointer, 'flagPercent must be a non-negative number');
    } else if (k === 'defaultNamespace') {
      if (typeof v === 'string' && v) out.cost.defaultNamespace = v;
      else bad(pointer, 'defaultNamespace must be a string');
    } else if (k === 'kserveDefaults') {
      if (!isObject(v)) bad(pointer, 'kserveDefaults must be a map');
      else {
        const d: KServeDefaults = {};
        for (const key of ['cpuRequest', 'memoryRequest', 'cpuLimit', 'memoryLimit'] as const) {
          const x = v[key];
          if (x === undefined) continue;
          if (typeof x === 'string' || typeof x === 'number') d[key] = String(x);
          else if (x === null) d[key] = '';
          else bad(`${pointer}/${key}`, `${key} must be a quantity`);
        }
        out.cost.kserveDefaults = d;
      }
    } else if (k === 'thresholds') {
      if (!isObject(v)) bad(pointer, 'thresholds must be a map');
      else {
        const t: Record<string, string> = {};
        for (const [tk, tv] of Object.entries(v)) {
          if (tk !== 'maxCpuDelta' && tk !== 'maxMemoryDelta' && tk !== 'maxMonthlyDelta') {
            bad(`${pointer}/${tk}`, `unknown threshold "${tk}"`);
          } else if (typeof tv === 'string' || typeof tv === 'number') t[tk] = String(tv);
          else bad(`${pointer}/${tk}`, `${tk} must be a string such as "2", "4Gi", "100" or "15%"`);
        }
        out.diff.thresholds = { ...out.diff.thresholds, ...t };
      }
    } else if (k === 'pricing' || k === 'prices') {
      bad(pointer, isObject(v) ? 'give the prices once, as pricing or as prices' : `${k} must be a map`);
    } else if (THRESHOLD_KEYS.has(k)) {
      if (typeof v === 'string' || typeof v === 'number')
        out.diff.thresholds = { ...out.diff.thresholds, [k]: String(v) };
      else bad(pointer, `${k} must be a string such as "2", "4Gi", "100" or "15%"`);
    }
  }
  return out;
}

/** The value at a JSON pointer of own keys (`/cost`), or undefined. */
function valueAt(value: unknown, pointer: string): unknown {
  let v = value;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (!isObject(v) || !Object.hasOwn(v, key)) return undefined;
    v = v[key];
  }
  return v;
}

const TOP_LEVEL: Record<string, true> = {
  pricing: true,
  prices: true,
  maxCpuDelta: true,
  maxMemoryDelta: true,
  maxMonthlyDelta: true,
  daemonSetNodes: true,
  maxReplicas: true,
  defaultNamespace: true,
  kserveDefaults: true,
  thresholds: true,
  flagPercent: true,
};
