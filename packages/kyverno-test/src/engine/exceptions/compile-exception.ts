import { finding, type K8sObject } from '@neuroscale/core';
import { isObject } from '../jmespath/json.js';
import type { CompileExceptionResult, CompileOptions } from '../types.js';

export type { ExceptionInternal } from '../types.js';

import type { ExceptionInternal } from '../types.js';

const API_VERSIONS = new Set(['kyverno.io/v2', 'kyverno.io/v2beta1', 'kyverno.io/v2alpha1']);

/** Compiles a PolicyException (kyverno.io/v2, v2beta1). */
export function compileException(obj: K8sObject, opts: CompileOptions = {}): CompileExceptionResult {
  const location = opts.file ? { file: opts.file, line: opts.line } : undefined;
  const bad = (message: string): CompileExceptionResult => ({
    findings: [
      finding({
        ruleId: 'kyverno/invalid-exception',
        message,
        object: { kind: obj?.kind, name: obj?.metadata?.name },
        location,
      }),
    ],
  });
  if (!isObject(obj) || obj.kind !== 'PolicyException') return bad('not a PolicyException');
  if (typeof obj.apiVersion === 'string' && !API_VERSIONS.has(obj.apiVersion))
    return bad(`unsupported apiVersion ${obj.apiVersion}`);
  const name = obj.metadata?.name;
  if (!name) return bad('PolicyException has no metadata.name');
  const spec = isObject(obj.spec) ? obj.spec : {};
  const entries = (Array.isArray(spec.exceptions) ? spec.exceptions : []).filter(isObject).map((e) => ({
    policyName: typeof e.policyName === 'string' ? e.policyName : '',
    ruleNames: Array.isArray(e.ruleNames)
      ? e.ruleNames.filter((r): r is string => typeof r === 'string')
      : [],
  }));
  const internal: ExceptionInternal = {
    entries,
    match: spec.match,
    conditions: spec.conditions,
    podSecurity: spec.podSecurity,
  };
  return {
    exception: {
      name,
      namespace: obj.metadata?.namespace || undefined,
      source: { file: opts.file, line: opts.line },
      internal,
    },
    findings: [],
  };
}
