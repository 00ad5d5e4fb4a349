/**
 * @neuroscale/cost-proxy — price rendered manifests (computeCost), compare two snapshots (diffCost) and write
 * the PR comment (renderCostMarkdown). Quantities, money, pricing tables and attribution are internals;
 * tests reach them through their source files.
 */
export { computeCost } from './compute-cost.js';
export { type CostConfig, type LoadCostConfigOptions, loadCostConfig } from './config/load-cost-config.js';
export { diffCost } from './diff/diff-cost.js';
export type { CostDiff, CostThresholds, DiffCostOptions } from './diff/diff-types.js';
export {
  COST_COMMENT_MARKER,
  type RenderCostMarkdownOptions,
  renderCostMarkdown,
} from './markdown/render-cost-markdown.js';
export type { CostOptions, KServeDefaults, Pricing } from './options.js';
export {
  effectivePodResources,
  type PodInput,
  type PodResources,
  podInputFromSpec,
} from './pod/effective-pod-resources.js';
export type { CostSnapshot } from './snapshot/snapshot-types.js';
