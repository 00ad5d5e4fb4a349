import { describePublicEntry } from '../../core/test/support/describe-public-entry.js';
import * as entry from '../src/index.js';

// The public entry is @neuroscale/diff's API: a name added here or dropped from here is an API change for every
// consumer (a changeset, and a row in the README's API table). Internals are imported from their source files.
const VALUES = ['DIFF_SECTION_TITLE', 'diffRenders', 'renderDiffMarkdown', 'renderDiffText'];
const TYPES = [
  'AppChange',
  'AppDiff',
  'DiffObjectRef',
  'DiffOptions',
  'DiffRenderInput',
  'DiffRendersResult',
  'IgnoreDifferencesOverrides',
  'IgnoreDifferencesRule',
  'JqBudget',
  'ObjectChange',
  'ObjectDiff',
  'RenderDiff',
  'RenderDiffMarkdownOptions',
  'RenderDiffSummary',
  'RenderDiffTextOptions',
];

describePublicEntry({
  name: '@neuroscale/diff',
  entry,
  packageDir: new URL('..', import.meta.url),
  values: VALUES,
  types: TYPES,
});
