/**
 * `generator_spec_processor.go Transform` for one generator kind: optional interpolation with a matrix
 * sibling's params, param generation, then the post-selector over flattened params.
 */
import { compileLabelSelector, labelRequirementsMatch } from '@neuroscale/core';
import { NESTED_GENERATOR_SHAPE } from '../generated/application-template-shape.js';
import { flattenToStrings } from '../go-flatten.js';
import { renderString } from '../render-string.js';
import { renderTyped } from '../template-shape.js';
import { clusterGenerator } from './cluster-generator.js';
import {
  FAILED,
  type GeneratorContext,
  type GeneratorOutput,
  isRecord,
  ok,
  type ParamSet,
  report,
} from './generator-context.js';
import { gitGenerator } from './git-generator.js';
import { listGenerator } from './list-generator.js';
import { matrixGenerator, mergeGenerator } from './matrix-merge.js';

export const SUPPORTED_KINDS = ['list', 'git', 'clusters', 'matrix', 'merge'] as const;
export const UNSUPPORTED_KINDS = ['scmProvider', 'pullRequest', 'clusterDecisionResource', 'plugin'];
/** Keys of a generator entry that are not generator kinds. */
export const NON_KIND_KEYS = new Set(['selector', 'template', 'values']);

export interface RunOptions {
  /** Matrix: the first child's param set that the second child is interpolated with. */
  interpolateWith?: ParamSet;
  /** 0 = spec.generators[], 1 = child of a matrix/merge, 2 = child of a nested matrix/merge. */
  depth: number;
  /** Selector to apply (undefined when dropped). */
  selector: unknown;
}

/** Kinds present in one generator entry (every key except selector/template/values). */
export function generatorKinds(gen: Record<string, unknown>): string[] {
  return Object.keys(gen)
    .filter((k) => !NON_KIND_KEYS.has(k) && gen[k] !== null && gen[k] !== undefined)
    .sort();
}

export function runGenerator(
  kind: string,
  gen: Record<string, unknown>,
  pointer: string,
  g: GeneratorContext,
  opts: RunOptions,
): GeneratorOutput {
  if (!(SUPPORTED_KINDS as readonly string[]).includes(kind)) {
    report(g, {
      ruleId: 'render/appset-unsupported-generator',
      severity: 'warning',
      message: UNSUPPORTED_KINDS.includes(kind)
        ? `the ${kind} generator needs a live API and cannot be expanded offline; its Applications are missing from this render`
        : `unknown generator "${kind}"; Argo CD ignores it ("contains unrecognized generators") and it produced no Applications`,
      pointer: `${pointer}/${kind}`,
      details: { generator: kind },
    });
    return FAILED;
  }
  let body = gen[kind];
  let selector = opts.selector;
  if (opts.interpolateWith && Object.keys(opts.interpolateWith).length > 0) {
    const interpolated = interpolate({ [kind]: body, selector }, opts.interpolateWith, pointer, g);
    if (!interpolated) return FAILED;
    body = interpolated[kind];
    selector = interpolated.selector;
  }
  if (!isRecord(body)) {
    report(g, {
      ruleId: 'render/appset-generator-error',
      message: `${kind} generator must be an object`,
      pointer: `${pointer}/${kind}`,
    });
    return FAILED;
  }
  const at = `${pointer}/${kind}`;
  let out: GeneratorOutput;
  switch (kind) {
    case 'list':
      out = listGenerator(body, at, g);
      break;
    case 'git':
      out = gitGenerator(body, at, g);
      break;
    case 'clusters':
      out = clusterGenerator(body, at, g);
      break;
    case 'matrix':
      out = matrixGenerator(body, at, g, opts.depth);
      break;
    default:
      out = mergeGenerator(body, at, g, opts.depth);
  }
  if (out.failed || selector === undefined || selector === null) return out;
  const sel = compileLabelSelector(selector);
  if (!sel.ok) {
    report(g, {
      ruleId: 'render/appset-generator-error',
      message: `error parsing label selector: ${sel.error}`,
      pointer: `${pointer}/selector`,
    });
    return FAILED;
  }
  return ok(out.params.filter((p) => labelRequirementsMatch(sel.requirements, flattenToStrings(p))));
}

/**
 * `InterpolateGenerator`: render the generator spec with the sibling's params. `values` that cannot be rendered
 * yet (they usually reference this generator's own params) are left as they are, to be rendered later.
 */
function interpolate(
  spec: Record<string, unknown>,
  params: ParamSet,
  pointer: string,
  g: GeneratorContext,
): Record<string, unknown> | undefined {
  const valuesPath = /^\/[^/]+\/values\//;
  const r = renderTyped(spec, NESTED_GENERATOR_SHAPE, (s, ptr) => {
    if (valuesPath.test(ptr())) {
      const strict = renderString(s, params, { ...g.mode, missingKey: 'error' });
      return { ok: true, value: strict.ok ? strict.value : s };
    }
    const res = renderString(s, params, g.mode);
    return res.ok ? { ok: true, value: res.value } : res;
  });
  if (!r.ok) {
    report(g, {
      ruleId: 'render/appset-template-error',
      message: `error interpolating generator with other generator's parameter: ${r.error}`,
      pointer: `${pointer}${r.pointer}`,
    });
    return undefined;
  }
  return r.value as Record<string, unknown>;
}
