/**
 * @neuroscale/diff — what a change does to the cluster: the rendered-manifest diff of two render results per
 * Argo CD Application, normalised as Argo CD compares (tracking annotation, ignoreDifferences, defaulted
 * fields, Secret values masked), and its Markdown and text forms. No git, no terminal: the CLI composes it.
 */

export type {
  AppChange,
  AppDiff,
  DiffObjectRef,
  DiffRenderInput,
  IgnoreDifferencesOverrides,
  IgnoreDifferencesRule,
  ObjectChange,
  ObjectDiff,
  RenderDiff,
  RenderDiffSummary,
} from './diff-model.js';
export { type DiffOptions, type DiffRendersResult, diffRenders } from './diff-renders.js';
export type { JqBudget } from './jq-runner.js';
export {
  DIFF_SECTION_TITLE,
  type RenderDiffMarkdownOptions,
  renderDiffMarkdown,
} from './render-diff-markdown.js';
export { type RenderDiffTextOptions, renderDiffText } from './render-diff-text.js';
