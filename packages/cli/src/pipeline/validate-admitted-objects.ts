/**
 * The schema stage on what admission changed: a mutated object is validated again in its admitted form,
 * a generated object for the first time, with the same strict schemas and per-object checks as a rendered
 * object (the API server validates the object mutating admission produced). Findings the rendered form
 * already had are not repeated; each new one says it is about the admitted or generated object and is
 * located at the original object's source (a generated object: its trigger's).
 */
import type { Finding, Manifest } from '@neuroscale/core';
import { type ValidateOptions, validate } from '@neuroscale/validate';
import { annotateAdmittedFindings } from './annotate-admitted-findings.js';

export interface AdmittedValidation {
  findings: Finding[];
  /** Objects validated here (mutated and generated ones). */
  objects: number;
}

/** What makes two findings the same one: rule, message, place and object. */
const findingKey = (f: Finding) =>
  JSON.stringify([f.ruleId, f.message, f.location?.file, f.location?.line, f.object ?? null]);

export async function validateAdmittedObjects(
  admitted: readonly Manifest[],
  /** The findings of the rendered objects' run: not repeated. */
  renderedFindings: readonly Finding[],
  /** The options of the rendered objects' run (its `treeManifests` give CRD schemas and scopes). */
  options: ValidateOptions & { treeManifests: Manifest[] },
): Promise<AdmittedValidation> {
  const changed = admitted.filter((m) => m.source.admission !== undefined);
  if (changed.length === 0) return { findings: [], objects: 0 };
  // cross-object and Helm checks are the rendered tree's business; every per-object check runs
  const result = await validate(changed, {
    ...options,
    skipChecks: [...(options.skipChecks ?? []), 'duplicates', 'helm-values'],
  });
  const seen = new Set(renderedFindings.map(findingKey));
  // a registry problem (a schema location that fails) the rendered run met is not repeated either
  const fresh = result.findings.filter((f) => !seen.has(findingKey(f)));
  return {
    findings: annotateAdmittedFindings(fresh, changed, { which: 'changed', matchLine: false }),
    objects: changed.length,
  };
}
