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
 */
import { type Finding, finding, loadYaml } from '@neuroscale/core';
import type { DiffCostOptions } from '../diff/diff-types.js';
import type { CostOptions, KServeDefaults, Pricing } from '../options.js';

export interface CostConfig {
  cost: CostOptions;
  diff: DiffCostOptions;
  findings: Finding[];
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

const PRICE_ALIASES: Record<string, keyof Pricing> = {
  cpuCoreHour: 'cpuCoreHour',
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

// long: one pass over the config document's keys, each key's check a few lines long
export function loadCostConfig(text: string, options: { file: string }): CostConfig {
  const { file } = options;
  const loaded = loadYaml(text, { file });
  const findings: Finding[] = [...loaded.findings];
  const out: CostConfig = { cost: {}, diff: {}, findings };
  const doc = loaded.documents.find((d) => d.value !== null && d.value !== undefined);
  if (!doc) return out;
  const at = (pointer: string) => {
    const pos = doc.locate(pointer);
    return { file, line: pos?.line ?? doc.line, column: pos?.column ?? doc.column };
  };
  const bad = (pointer: string, message: string) =>
    findings.push(finding({ ruleId: 'cost/invalid-config', message, location: at(pointer), path: pointer }));
  if (!isObject(doc.value)) {
    bad('', 'cost configuration must be a map');
    return out;
  }
  const root = doc.value;
  // an OpenCost pricing file at the top level
  const pricingSource = isObject(root.pricing)
    ? root.pricing
    : 'CPU' in root || 'RAM' in root
      ? root
      : undefined;
  const pricingPointer = pricingSource === root ? '' : '/pricing';
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
      k === 'pricing' ||
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
        out.diff.thresholds = t;
      }
    }
  }
  return out;
}

const TOP_LEVEL: Record<string, true> = {
  pricing: true,
  daemonSetNodes: true,
  maxReplicas: true,
  defaultNamespace: true,
  kserveDefaults: true,
  thresholds: true,
  flagPercent: true,
};
