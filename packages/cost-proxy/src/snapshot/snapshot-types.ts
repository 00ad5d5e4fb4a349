/**
 * The JSON contract of the cost stage. Every quantity is a canonical Kubernetes quantity string
 * (exact) with a numeric helper beside it (approximate, for charts and spreadsheets); every amount of
 * money is a USD string with six decimals (exact micro-dollars) with a numeric helper.
 * Documented in packages/cost-proxy/README.md.
 */
import type { Finding, SourceLocation } from '@neuroscale/core';

/** Resources of a pod or a sum of pods. */
export interface ResourcesJson {
  /** CPU, canonical quantity (`1500m`). */
  cpu: string;
  cpuCores: number;
  /** Memory, canonical quantity (`3Gi`). */
  memory: string;
  memoryBytes: number;
  /** Sum of every GPU resource (nvidia.com/gpu, amd.com/gpu, gpu.intel.com/i915 by default). */
  gpu: string;
  gpuCount: number;
  /** Every resource other than cpu and memory, including each GPU resource, sorted by name. */
  extended: Record<string, string>;
}

export interface RangeJson<T> {
  min: T;
  max: T;
}

/** USD per month; strings are exact to the micro-dollar. */
export interface MoneyJson {
  cpu: string;
  memory: string;
  gpu: string;
  extended: string;
  total: string;
  /** `total` as a number. */
  totalUsd: number;
}

export type WorkloadCategory = 'continuous' | 'daemonset' | 'transient';

export type ReplicasFrom = 'spec' | 'default' | 'hpa' | 'kserve' | 'parallelism' | 'nodes' | 'single';

export interface Attribution {
  owner: string;
  team: string;
  costCenter: string;
  env: string;
  namespace: string;
  app: string;
}

export interface ComponentJson {
  /** `pod` for ordinary workloads; `predictor` / `transformer` / `explainer` for KServe. */
  name: string;
  /** Effective requests and limits of ONE pod. */
  perPod: { requests: ResourcesJson; limits: ResourcesJson };
  replicas: RangeJson<number>;
  replicasFrom: ReplicasFrom;
}

export interface WorkloadJson {
  /** `<app>/<group>/<kind>/<namespace>/<name>` */
  key: string;
  app: string;
  group: string;
  apiVersion: string;
  kind: string;
  namespace: string;
  name: string;
  category: WorkloadCategory;
  attribution: Attribution;
  components: ComponentJson[];
  /** Pods across components at min and max. */
  replicas: RangeJson<number>;
  requests: RangeJson<ResourcesJson>;
  limits: RangeJson<ResourcesJson>;
  /** Zero for transient workloads (Jobs, CronJobs): they are reported as a peak, not a monthly rate. */
  monthly: RangeJson<MoneyJson>;
  location: SourceLocation;
  notes: string[];
}

export interface NotCostedJson {
  key: string;
  app: string;
  apiVersion: string;
  kind: string;
  namespace: string;
  name: string;
  reason: string;
  location: SourceLocation;
}

export interface TotalsJson {
  /** Costed workloads (all categories). */
  workloads: number;
  notCosted: number;
  /** Continuous workloads plus DaemonSets × nodes; transient workloads are excluded. */
  requests: RangeJson<ResourcesJson>;
  limits: RangeJson<ResourcesJson>;
  monthly: RangeJson<MoneyJson>;
  /** The DaemonSet share of the figures above, shown apart (× `nodes`). */
  daemonSets: {
    workloads: number;
    nodes: number;
    requests: RangeJson<ResourcesJson>;
    monthly: RangeJson<MoneyJson>;
  };
  /** Jobs and CronJobs: peak concurrent requests, not included in requests/monthly. */
  transient: { workloads: number; requests: ResourcesJson; limits: ResourcesJson };
}

export interface GroupJson {
  name: string;
  workloads: number;
  requests: RangeJson<ResourcesJson>;
  monthly: RangeJson<MoneyJson>;
}

export interface PricingJson {
  cpuCoreHour: string;
  memoryGiBHour: string;
  gpuHour: string;
  hoursPerMonth: string;
  gpuResources: string[];
  extendedHour: Record<string, string>;
  source: string;
}

export interface CostSnapshot {
  schemaVersion: 1;
  pricing: PricingJson;
  daemonSetNodes: number;
  workloads: WorkloadJson[];
  notCosted: NotCostedJson[];
  totals: TotalsJson;
  groups: {
    costCenter: GroupJson[];
    owner: GroupJson[];
    team: GroupJson[];
    env: GroupJson[];
    namespace: GroupJson[];
    app: GroupJson[];
  };
  findings: Finding[];
}
