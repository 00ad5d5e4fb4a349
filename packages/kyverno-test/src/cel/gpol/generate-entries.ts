/**
 * The `generate[]` entries of a GeneratingPolicy (kyverno v1.19.1 pkg/cel/policies/gpol/compiler):
 * compiled once — a CEL `expression` calling `generator.apply`, or a YAML `template` — and run in order
 * with the generation's activation; a template's resources reach the generator as policy.go
 * `applyTemplate` hands them over.
 */
import { isPlainRecord as isObj } from '@neuroscale/core';
import { type CelEnvironment, type CelProgram, celErrorMessage } from '../adapter/index.js';
import type { GeneratorContext } from '../environments.js';
import { rewriteStructLiterals } from '../mpol/struct-literals.js';
import {
  type CompiledTemplate,
  compileGenerationTemplate,
  renderGenerationTemplate,
} from './generation-template.js';

export interface Expr {
  field: string;
  program?: CelProgram;
  error?: string;
}

/** A compiled `generate[]` entry: a CEL expression calling `generator.apply`, or a YAML template. */
export type Generation =
  | { kind: 'expression'; expr: Expr }
  | { kind: 'template'; field: string; template?: CompiledTemplate; error?: string };

/** A CEL expression of the policy, compiled in its environment (struct literals rewritten). */
export function compileExpression(env: CelEnvironment, field: string, source: unknown): Expr {
  if (typeof source !== 'string') return { field, error: 'expression must be a string' };
  const r = env.compile(rewriteStructLiterals(source));
  return r.ok ? { field, program: r.program } : { field, error: r.error };
}

/**
 * One `generate[]` entry as kyverno v1.19.1 pkg/cel/policies/gpol/compiler/compiler.go compiles it:
 * exactly one of `expression` and `template`; the template's placeholders in the policy's environment.
 */
export function compileGeneration(
  g: Record<string, unknown>,
  field: string,
  env: CelEnvironment,
): Generation {
  const hasTemplate = isObj(g.template);
  const hasExpression = g.expression !== undefined && g.expression !== '';
  if (hasTemplate && hasExpression)
    return { kind: 'template', field, error: 'only one of expression or template may be set' };
  if (hasTemplate) {
    const r = compileGenerationTemplate(g.template as Record<string, unknown>, (source) => {
      const c = env.compile(rewriteStructLiterals(source));
      return c.ok ? { program: c.program } : { error: c.error };
    });
    return r.template
      ? { kind: 'template', field, template: r.template }
      : { kind: 'template', field, error: r.error };
  }
  if (!hasExpression) return { kind: 'template', field, error: 'one of expression or template must be set' };
  const source = g.expression;
  if (typeof source !== 'string')
    return {
      kind: 'expression',
      expr: { field: `${field}.expression`, error: 'expression must be a string' },
    };
  const r = env.compile(rewriteStructLiterals(source));
  return {
    kind: 'expression',
    expr: r.ok
      ? { field: `${field}.expression`, program: r.program }
      : { field: `${field}.expression`, error: r.error },
  };
}

/**
 * applyTemplate (compiler/policy.go): the rendered resources go to the generator grouped by their own
 * `metadata.namespace`, in order of first appearance; a namespaced policy's resources default to its
 * namespace and may not name another one.
 */
function applyTemplate(
  rendered: readonly Record<string, unknown>[],
  policyNamespace: string | undefined,
  generator: GeneratorContext,
): void {
  const grouped = new Map<string, Record<string, unknown>[]>();
  for (const resource of rendered) {
    const md = isObj(resource.metadata) ? resource.metadata : {};
    let namespace = typeof md.namespace === 'string' ? md.namespace : '';
    if (policyNamespace) {
      if (namespace === '') namespace = policyNamespace;
      else if (namespace !== policyNamespace)
        throw new Error(
          `cross-namespace generation denied: a policy in namespace ${JSON.stringify(policyNamespace)} cannot generate resources into namespace ${JSON.stringify(namespace)}`,
        );
    }
    const group = grouped.get(namespace) ?? [];
    group.push(resource);
    grouped.set(namespace, group);
  }
  for (const [namespace, objects] of grouped) generator.calls.push({ namespace, objects });
}

export function runGeneration(
  g: Generation,
  activation: Record<string, unknown>,
  options: { timeoutMs: number; policyNamespace: string | undefined; generator: GeneratorContext },
): void {
  if (g.kind === 'expression') {
    runExpression(g.expr, activation, options.timeoutMs);
    return;
  }
  if (!g.template) throw new Error(`${g.field}: ${g.error ?? 'not compiled'}`);
  let rendered: Record<string, unknown>[];
  try {
    rendered = renderGenerationTemplate(g.template, (program) => {
      try {
        return program.evaluate(activation, { timeoutMs: options.timeoutMs });
      } catch (e) {
        throw new Error(celErrorMessage(e));
      }
    });
  } catch (e) {
    throw new Error(`failed to render generation template: ${(e as Error).message}`);
  }
  applyTemplate(rendered, options.policyNamespace, options.generator);
}

export function runExpression(expr: Expr, activation: Record<string, unknown>, timeoutMs: number): unknown {
  if (!expr.program) throw new Error(`${expr.field}: ${expr.error ?? 'not compiled'}`);
  try {
    return expr.program.evaluate(activation, { timeoutMs });
  } catch (e) {
    throw new Error(`${expr.field}: ${celErrorMessage(e)}`);
  }
}
