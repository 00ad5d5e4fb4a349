/** Conversions between exact internal values (bigint) and their JSON form, both ways. */
import { formatMicros, parseMicros } from '../pricing/money.js';
import type { MonthlyCost } from '../pricing/price-resources.js';
import { NANO, parseQuantity, quantityToNumber } from '../quantity/parse-quantity.js';
import { formatResource, type ResourceList } from '../quantity/resource-list.js';
import type { MoneyJson, ResourcesJson } from './snapshot-types.js';

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
  const extended: Record<string, string> = {};
  for (const name of Object.keys(list).sort()) {
    if (name === 'cpu' || name === 'memory') continue;
    const v = list[name] ?? 0n;
    if (v !== 0n) extended[name] = formatResource(name, v);
  }
  return {
    cpu: formatResource('cpu', cpu),
    cpuCores: quantityToNumber(cpu),
    memory: formatResource('memory', memory),
    memoryBytes: quantityToNumber(memory),
    gpu: formatResource('gpu', gpu),
    gpuCount: quantityToNumber(gpu),
    extended,
  };
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
  for (const [k, v] of Object.entries(json.extended ?? {})) out[k] = must(v);
  return out;
}

/** The GPU sum carried in JSON (independent of which resources count as GPUs). */
export function gpuFromJson(json: ResourcesJson): bigint {
  return must(json.gpu);
}

export function moneyToJson(cost: MonthlyCost): MoneyJson {
  return {
    cpu: formatMicros(cost.cpu),
    memory: formatMicros(cost.memory),
    gpu: formatMicros(cost.gpu),
    extended: formatMicros(cost.extended),
    total: formatMicros(cost.total),
    totalUsd: Number(cost.total) / 1e6,
  };
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

export const ONE_UNIT = NANO;
