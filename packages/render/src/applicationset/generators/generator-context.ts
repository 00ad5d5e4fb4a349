import { type Finding, finding, type K8sObject, objectRef, type Severity } from '@neuroscale/core';
import type { ApplicationSetLimits } from '../limits.js';
import type { RenderMode } from '../render-string.js';
import type { ApplicationSetContext } from '../types.js';

export type ParamSet = Record<string, unknown>;

/** Params from one generator, or `failed` when Argo CD would return an error for it. */
export type GeneratorOutput = { failed: false; params: ParamSet[] } | { failed: true; params: [] };

export interface GeneratorContext {
  appSet: K8sObject;
  ctx: ApplicationSetContext;
  mode: RenderMode;
  findings: Finding[];
  /** `spec.applyNestedSelectors`. */
  applyNestedSelectors: boolean;
  limits: ApplicationSetLimits;
}

export const FAILED: GeneratorOutput = { failed: true, params: [] };
export const ok = (params: ParamSet[]): GeneratorOutput => ({ failed: false, params });

export function report(
  g: GeneratorContext,
  init: {
    ruleId: string;
    severity?: Severity;
    message: string;
    pointer: string;
    details?: Record<string, unknown>;
  },
): void {
  const pos = init.pointer ? g.ctx.locate?.(init.pointer) : undefined;
  const location = pos
    ? { ...g.ctx.location, ...(pos.file ? { file: pos.file } : {}), line: pos.line, column: pos.column }
    : g.ctx.location;
  g.findings.push(
    finding({
      ruleId: init.ruleId,
      severity: init.severity ?? 'error',
      message: init.message,
      object: objectRef(g.appSet),
      location,
      path: init.pointer || undefined,
      details: init.details,
    }),
  );
}

/**
 * Refuse a generator whose param set count (computed before the sets are built) is over the limit: a
 * finding on the generator, and the generator fails so nothing is expanded from it.
 */
export function tooManyParams(g: GeneratorContext, count: number, pointer: string, what: string): boolean {
  const max = g.limits.maxParamSetsPerGenerator;
  if (count <= max) return false;
  report(g, {
    ruleId: 'render/appset-too-many-params',
    message: `${what} would produce ${count} parameter sets, over the limit of ${max} per generator; the ApplicationSet was not expanded from it`,
    pointer,
    details: { count, limit: max },
  });
  return true;
}

export { isPlainRecord as isRecord } from '@neuroscale/core';
