/**
 * Monthly price of a resource list: quantity × price per unit-hour × hours per month,
 * computed as one exact fraction per resource class and rounded once to the micro-dollar.
 */
import { compareStrings } from '@neuroscale/core';
import { NANO } from '../quantity/parse-quantity.js';
import type { ResourceList } from '../quantity/resource-list.js';
import { MICROS_PER_UNIT, parseDecimal, type Rational, roundDiv } from './money.js';
import type { Pricing } from './pricing.js';

/** Money in micro-dollars, split by what it pays for. */
export interface MonthlyCost {
  cpu: bigint;
  memory: bigint;
  gpu: bigint;
  /** Priced extended resources other than GPUs. */
  extended: bigint;
  total: bigint;
}

export const ZERO_COST: MonthlyCost = { cpu: 0n, memory: 0n, gpu: 0n, extended: 0n, total: 0n };

const GIB = 1024n ** 3n;

/** Prices parsed once per run. */
export interface PriceBook {
  cpu: Rational;
  memory: Rational;
  gpu: Rational;
  hours: Rational;
  gpuResources: ReadonlySet<string>;
  extended: Map<string, Rational>;
}

export interface PriceBookResult {
  book: PriceBook;
  /** Keys whose values are not decimal numbers (the caller turns them into findings). */
  invalid: string[];
}

export function buildPriceBook(pricing: Pricing): PriceBookResult {
  const invalid: string[] = [];
  const get = (name: string, value: unknown): Rational => {
    const r = parseDecimal(value);
    if (!r || r.num < 0n) {
      invalid.push(name);
      return { num: 0n, den: 1n };
    }
    return r;
  };
  const extended = new Map<string, Rational>();
  for (const [k, v] of Object.entries(pricing.extendedHour ?? {}).sort(([a], [b]) => compareStrings(a, b))) {
    extended.set(k, get(`extendedHour.${k}`, v));
  }
  return {
    book: {
      cpu: get('cpuCoreHour', pricing.cpuCoreHour),
      memory: get('memoryGiBHour', pricing.memoryGiBHour),
      gpu: get('gpuHour', pricing.gpuHour),
      hours: get('hoursPerMonth', pricing.hoursPerMonth),
      gpuResources: new Set(pricing.gpuResources),
      extended,
    },
    invalid,
  };
}

/** micro-dollars = nanos/1e9 units ÷ unitDivisor × price × hours × 1e6, rounded half up. */
function price(nanos: bigint, unitDivisor: bigint, p: Rational, hours: Rational): bigint {
  if (nanos === 0n || p.num === 0n) return 0n;
  return roundDiv(nanos * p.num * hours.num * MICROS_PER_UNIT, NANO * unitDivisor * p.den * hours.den);
}

export function monthlyCost(resources: ResourceList, book: PriceBook): MonthlyCost {
  const cpu = price(resources.cpu ?? 0n, 1n, book.cpu, book.hours);
  const memory = price(resources.memory ?? 0n, GIB, book.memory, book.hours);
  let gpuNanos = 0n;
  for (const name of book.gpuResources) gpuNanos += resources[name] ?? 0n;
  const gpu = price(gpuNanos, 1n, book.gpu, book.hours);
  let extended = 0n;
  for (const [name, p] of book.extended) {
    if (!book.gpuResources.has(name) && name !== 'cpu' && name !== 'memory') {
      extended += price(resources[name] ?? 0n, 1n, p, book.hours);
    }
  }
  return { cpu, memory, gpu, extended, total: cpu + memory + gpu + extended };
}

export function addCosts(a: MonthlyCost, b: MonthlyCost): MonthlyCost {
  return {
    cpu: a.cpu + b.cpu,
    memory: a.memory + b.memory,
    gpu: a.gpu + b.gpu,
    extended: a.extended + b.extended,
    total: a.total + b.total,
  };
}

export function subtractCosts(a: MonthlyCost, b: MonthlyCost): MonthlyCost {
  return {
    cpu: a.cpu - b.cpu,
    memory: a.memory - b.memory,
    gpu: a.gpu - b.gpu,
    extended: a.extended - b.extended,
    total: a.total - b.total,
  };
}
