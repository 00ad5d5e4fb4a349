/**
 * Compiling a CEL PolicyException (`policies.kyverno.io` v1alpha1, v1beta1, v1): the policies it names
 * (`spec.policyRefs[].name` + `kind`), its `matchConditions` compiled once in the ValidatingPolicy
 * environment, and the `images` / `allowedValues` it grants through the `exceptions` variable.
 *
 * Kyverno: `pkg/cel/policies/vpol/engine/provider.go` (an exception applies to a policy when a
 * policyRef has the policy's name and kind; it applies to the policy's autogen variants unchanged) and
 * `pkg/cel/policies/vpol/compiler/compiler.go` (the exception's matchConditions are compiled in the
 * policy's environment).
 */
import { finding, isPlainRecord as isObj, type K8sObject } from '@neuroscale/core';
import type { CompileExceptionResult, CompileOptions } from '../../engine/index.js';
import { validatingPolicyEnvironment } from '../environments.js';
import type { CompiledExpression } from './compile-validating-policy.js';

const API_VERSIONS = new Set([
  'policies.kyverno.io/v1alpha1',
  'policies.kyverno.io/v1beta1',
  'policies.kyverno.io/v1',
]);

/** What a compiled CEL PolicyException carries (`CompiledException.internal`). */
export interface CelExceptionInternal {
  cel: true;
  policyRefs: Array<{ name: string; kind: string }>;
  matchConditions: Array<{ name: string; expression: CompiledExpression }>;
  images: string[];
  allowedValues: string[];
  /** `spec.reportResult`: `pass` reports the spared resource as pass, anything else as skip. */
  reportResult?: string;
}

export function isCelExceptionDocument(obj: unknown): boolean {
  return (
    isObj(obj) &&
    obj.kind === 'PolicyException' &&
    String(obj.apiVersion ?? '').startsWith('policies.kyverno.io/')
  );
}

export function isCelExceptionInternal(internal: unknown): internal is CelExceptionInternal {
  return isObj(internal) && internal.cel === true;
}

const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : [];

export function compileCelException(obj: K8sObject, opts: CompileOptions = {}): CompileExceptionResult {
  const name = typeof obj.metadata?.name === 'string' ? obj.metadata.name : '';
  const location = opts.file ? { file: opts.file, line: opts.line } : undefined;
  const bad = (message: string): CompileExceptionResult => ({
    findings: [
      finding({
        ruleId: 'kyverno/invalid-exception',
        message: `PolicyException ${name || '(unnamed)'}: ${message}`,
        object: { kind: 'PolicyException', name },
        location,
      }),
    ],
  });
  if (!API_VERSIONS.has(String(obj.apiVersion)))
    return bad(`unsupported apiVersion ${String(obj.apiVersion)}`);
  if (!name) return bad('metadata.name is required');
  const spec = isObj(obj.spec) ? obj.spec : {};
  const policyRefs = (Array.isArray(spec.policyRefs) ? spec.policyRefs : []).filter(isObj).map((r) => ({
    name: typeof r.name === 'string' ? r.name : '',
    kind: typeof r.kind === 'string' ? r.kind : '',
  }));
  if (policyRefs.length === 0) return bad('spec.policyRefs must name at least one policy');
  const env = validatingPolicyEnvironment(false);
  const errors: string[] = [];
  const matchConditions = (Array.isArray(spec.matchConditions) ? spec.matchConditions : [])
    .filter(isObj)
    .map((c, i) => {
      const field = `matchConditions[${i}].expression`;
      const source = typeof c.expression === 'string' ? c.expression : '';
      const compiled = source.trim()
        ? env.compile(source)
        : { ok: false as const, error: 'empty expression' };
      const expression: CompiledExpression = compiled.ok
        ? { field, source, program: compiled.program }
        : { field, source, error: compiled.error };
      if (!compiled.ok) errors.push(`spec.${field}: ${compiled.error}`);
      return { name: typeof c.name === 'string' ? c.name : '', expression };
    });
  // Kyverno refuses to compile a policy whose exception does not compile (provider.go): a load error here
  if (errors.length) return bad(errors.join('; '));
  const internal: CelExceptionInternal = {
    cel: true,
    policyRefs,
    matchConditions,
    images: strings(spec.images),
    allowedValues: strings(spec.allowedValues),
    ...(typeof spec.reportResult === 'string' ? { reportResult: spec.reportResult } : {}),
  };
  const namespace = typeof obj.metadata?.namespace === 'string' ? obj.metadata.namespace : '';
  return {
    exception: {
      name,
      ...(namespace ? { namespace } : {}),
      source: { file: opts.file, line: opts.line },
      internal,
    },
    findings: [],
  };
}
