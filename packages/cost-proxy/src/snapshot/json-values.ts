/** Conversions between exact internal values (bigint) and their JSON form, both ways. */
import { formatMicros, parseMicros } from '../pricing/money.js';
import type { MonthlyCost } from '../pricing/price-resources.js';
import { parseQuantity, quantityToNumber } from '../quantity/parse-quantity.js';
import { formatResource, type ResourceList, setOwn } from '../quantity/resource-list.js';
import type { MoneyJson, ResourcesJson } from './snapshot-types.js';

/**
 * Identical values are interned as frozen objects: snapshots of thousands of workloads repeat the
 * same few resource lists, and sharing them keeps the garbage collector out of the hot path.
 */
const INTERNED_RESOURCES = new Map<string, ResourcesJson>();
const INTERNED_MONEY = new Map<string, MoneyJson>();
const INTERN_LIMIT = 20_000;

export function resourcesToJson(
  list: ResourceList,
  gpuResources: readonly string[],
  gpuOverride?: bigint,
): ResourcesJson {
  const cpu = list.cpu ?? 0n;
  const memory = list.memory ?? 0n;
  let gpu = 0n;
  for (const name of gpuResources) gpu += list[name] ?? 0n;
  if (gpuOverride !== undefined) gpu = gpuOverride;
  const cpuText = formatResource('cpu', cpu);
  const memoryText = formatResource('memory', memory);
  const gpuText = formatResource('gpu', gpu);
  let key = `${cpuText} ${memoryText} ${gpuText}`;
  const names = Object.keys(list);
  let extendedNames: string[] | undefined;
  if (names.length > 2 || (names.length > 0 && names.some((n) => n !== 'cpu' && n !== 'memory'))) {
    extendedNames = names.filter((n) => n !== 'cpu' && n !== 'memory' && list[n] !== 0n).sort();
    for (const n of extendedNames) key += ` ${n}=${formatResource(n, list[n] as bigint)}`;
  }
  const hit = INTERNED_RESOURCES.get(key);
  if (hit) return hit;
  const extended: Record<string, string> = {};
  for (const n of extendedNames ?? []) setOwn(extended, n, formatResource(n, list[n] as bigint));
  const json: ResourcesJson = Object.freeze({
    cpu: cpuText,
    cpuCores: quantityToNumber(cpu),
    memory: memoryText,
    memoryBytes: quantityToNumber(memory),
    gpu: gpuText,
    gpuCount: quantityToNumber(gpu),
    extended: Object.freeze(extended),
  });
  if (INTERNED_RESOURCES.size >= INTERN_LIMIT) INTERNED_RESOURCES.clear();
  INTERNED_RESOURCES.set(key, json);
  return json;
}

function must(text: string): bigint {
  const p = parseQuantity(text);
  if (!p.ok) throw new Error(`not a canonical quantity: ${text}`);
  return p.nanos;
}

export function resourcesFromJson(json: ResourcesJson): ResourceList {
  const out: ResourceList = {};
  const cpu = must(json.cpu);
  const memory = must(json.memory);
  if (cpu !== 0n) out.cpu = cpu;
  if (memory !== 0n) out.memory = memory;
  for (const [k, v] of Object.entries(json.extended ?? {})) setOwn(out, k, must(v));
  return out;
}

/** The GPU sum carried in JSON (independent of which resources count as GPUs). */
export function gpuFromJson(json: ResourcesJson): bigint {
  return must(json.gpu);
}

export function moneyToJson(cost: MonthlyCost): MoneyJson {
  const key = `${cost.cpu} ${cost.memory} ${cost.gpu} ${cost.extended}`;
  const hit = INTERNED_MONEY.get(key);
  if (hit) return hit;
  const json: MoneyJson = Object.freeze({
    cpu: formatMicros(cost.cpu),
    memory: formatMicros(cost.memory),
    gpu: formatMicros(cost.gpu),
    extended: formatMicros(cost.extended),
    total: formatMicros(cost.total),
    totalUsd: Number(cost.total) / 1e6,
  });
  if (INTERNED_MONEY.size >= INTERN_LIMIT) INTERNED_MONEY.clear();
  INTERNED_MONEY.set(key, json);
  return json;
}

export function moneyFromJson(json: MoneyJson): MonthlyCost {
  return {
    cpu: parseMicros(json.cpu),
    memory: parseMicros(json.memory),
    gpu: parseMicros(json.gpu),
    extended: parseMicros(json.extended),
    total: parseMicros(json.total),
  };
}
