/** Options of computeCost, with defaults. Everything a user may override lives here. */
import {
  DEFAULT_GPU_RESOURCES,
  KSERVE_DEFAULT_RESOURCES,
  OPENCOST_DEFAULT_PRICES,
  OPENCOST_HOURS_PER_MONTH,
} from './pricing/opencost-default-prices.js';
import type { Pricing } from './pricing/pricing.js';

export type { Pricing } from './pricing/pricing.js';

export interface KServeDefaults {
  cpuRequest?: string;
  memoryRequest?: string;
  cpuLimit?: string;
  memoryLimit?: string;
}

export interface CostOptions {
  pricing?: Partial<Pricing>;
  /** DaemonSet pods are multiplied by this node count (default 1). */
  daemonSetNodes?: number;
  /** Replica counts above this are treated as a mistake (default 10000). */
  maxReplicas?: number;
  /** KServe `inferenceService.resource` defaults (empty string = unbounded, as in KServe). */
  kserveDefaults?: KServeDefaults;
  /** Namespace for objects without metadata.namespace (default `default`). */
  defaultNamespace?: string;
}

export interface ResolvedCostOptions {
  pricing: Pricing;
  daemonSetNodes: number;
  maxReplicas: number;
  kserveDefaults: Required<KServeDefaults>;
  defaultNamespace: string;
}

export const DEFAULT_PRICING: Pricing = {
  cpuCoreHour: OPENCOST_DEFAULT_PRICES.CPU,
  memoryGiBHour: OPENCOST_DEFAULT_PRICES.RAM,
  gpuHour: OPENCOST_DEFAULT_PRICES.GPU,
  hoursPerMonth: OPENCOST_HOURS_PER_MONTH,
  gpuResources: [...DEFAULT_GPU_RESOURCES],
  extendedHour: {},
  source: 'OpenCost default prices, opencost/opencost configs/default.json',
};

export function resolveCostOptions(options: CostOptions = {}): ResolvedCostOptions {
  return {
    pricing: { ...DEFAULT_PRICING, ...options.pricing },
    daemonSetNodes: options.daemonSetNodes ?? 1,
    maxReplicas: options.maxReplicas ?? 10_000,
    kserveDefaults: { ...KSERVE_DEFAULT_RESOURCES, ...options.kserveDefaults },
    defaultNamespace: options.defaultNamespace ?? 'default',
  };
}
