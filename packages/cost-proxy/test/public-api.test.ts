import { describePublicEntry } from '../../core/test/support/describe-public-entry.js';
import * as entry from '../src/index.js';

// The public entry is @neuroscale/cost-proxy's API: a name added here or dropped from here is an API change for every
// consumer (a changeset, and a row in the README's API table). Internals are imported from their source files.
const VALUES = [
  'COST_COMMENT_MARKER',
  'computeCost',
  'diffCost',
  'effectivePodResources',
  'loadCostConfig',
  'podInputFromSpec',
  'renderCostMarkdown',
];
const TYPES = [
  'CostConfig',
  'CostDiff',
  'CostOptions',
  'CostSnapshot',
  'CostThresholds',
  'DiffCostOptions',
  'KServeDefaults',
  'LoadCostConfigOptions',
  'PodInput',
  'PodResources',
  'Pricing',
  'RenderCostMarkdownOptions',
];

describePublicEntry({
  name: '@neuroscale/cost-proxy',
  entry,
  packageDir: new URL('..', import.meta.url),
  values: VALUES,
  types: TYPES,
});
