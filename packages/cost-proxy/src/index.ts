export { computeCost, workloadKey } from './compute-cost.js';
export { type CostConfig, type LoadCostConfigOptions, loadCostConfig } from './config/load-cost-config.js';
export { diffCost } from './diff/diff-cost.js';
export type * from './diff/diff-types.js';
export {
  COST_COMMENT_MARKER,
  GITHUB_COMMENT_LIMIT,
  type RenderCostMarkdownOptions,
  renderCostMarkdown,
} from './markdown/render-cost-markdown.js';
export {
  type CostOptions,
  DEFAULT_PRICING,
  type KServeDefaults,
  type Pricing,
  resolveCostOptions,
} from './options.js';
export {
  type ContainerInput,
  effectivePodResources,
  type PodInput,
  type PodResources,
  podInputFromSpec,
} from './pod/effective-pod-resources.js';
export { formatMicros, formatUsd, parseDecimal } from './pricing/money.js';
export {
  DEFAULT_GPU_RESOURCES,
  KSERVE_DEFAULT_RESOURCES,
  OPENCOST_DEFAULT_PRICES,
  OPENCOST_HOURS_PER_MONTH,
} from './pricing/opencost-default-prices.js';
export { formatQuantity, NANO, type ParsedQuantity, parseQuantity } from './quantity/parse-quantity.js';
export { formatResource, type ResourceList } from './quantity/resource-list.js';
export type * from './snapshot/snapshot-types.js';
export { ATTRIBUTION_LABELS, UNATTRIBUTED } from './workloads/attribute-workload.js';
