/**
 * The part of an ImageValidatingPolicy's evaluation after its exceptions that needs no registry (kyverno
 * v1.19.1 pkg/image/verification/evaluator/policy.go Evaluate):
 *
 * 1. the images of the request, by category (`containers`, `initContainers`, `ephemeralContainers` for
 *    pods, pod controllers and cronjobs — pkg/cel/compiler/images.go — plus `spec.images` extractors);
 * 2. kept when a `matchImageReferences` entry (glob, or CEL over `ref`) accepts them (all when none);
 * 3. `validationConfigurations.verifyDigest` (default true): a kept image without a digest ⇒ `fail`
 *    "image <ref> does not have a digest";
 * 4. any other kept image is fetched from its registry before the validations run: not decided offline;
 * 5. with no kept image, the validations run on empty image lists; a validation that still calls an
 *    image-verification function reads the registry (not decided offline). The first false ⇒ `fail`
 *    (message, messageExpression, or "CEL expression validation failed at index N"), an evaluation error
 *    ⇒ `error`, all true ⇒ `pass` "success".
 */
import { isPlainRecord as isObj, type K8sObject } from '@neuroscale/core';
import type { RuleStatus } from '../../engine/index.js';
import { wildcardMatch } from '../../engine/values/wildcard.js';
import { factsOf, lazyVariableFactory } from '../activation.js';
import { celErrorMessage, celToString, toCel } from '../adapter/index.js';
import { imageVerificationEnvironment, matchImageEnvironment, REGISTRY_REQUIRED } from '../environments.js';
import { type PolicyExpression, runExpression } from '../run-expression.js';

interface Named {
  name: string;
  expression: PolicyExpression;
}

export interface CompiledImageVerification {
  verifyDigest: boolean;
  references: Array<{ glob: string } | { expression: PolicyExpression }>;
  extractors: Named[];
  variables: Named[];
  validations: Array<{
    index: number;
    expression: PolicyExpression;
    message?: string;
    messageExpression?: PolicyExpression;
  }>;
  attestors: Record<string, unknown>;
  attestations: Record<string, string>;
  /** Expressions this engine cannot compile: the verdict is then not decided. */
  compileErrors: string[];
}

export type OfflineVerdict = { status: RuleStatus; message: string } | { unsupported: string };

const list = (v: unknown) => (Array.isArray(v) ? v.filter(isObj) : []);
const str = (v: unknown) => (typeof v === 'string' ? v : '');

/**
 * The verification part of a policy, compiled once per autogen variant: `rewrite` is the variant's
 * rewrite of `object.spec` / `object.metadata` (pkg/cel/autogen replacements over the whole spec).
 */
export function compileImageVerification(
  spec: Record<string, unknown>,
  options: { namespaced: boolean; rewrite?: (expression: string) => string },
): CompiledImageVerification {
  const env = imageVerificationEnvironment(options.namespaced);
  const rewrite = options.rewrite ?? ((e: string) => e);
  const compileErrors: string[] = [];
  const compile = (field: string, source: unknown, environment = env): PolicyExpression => {
    const r = environment.compile(rewrite(str(source)) || 'null');
    if (r.ok) return { field, program: r.program };
    compileErrors.push(`${field}: ${r.error}`);
    return { field, error: r.error };
  };
  const config = isObj(spec.validationConfigurations) ? spec.validationConfigurations : {};
  return {
    verifyDigest: config.verifyDigest !== false,
    references: list(spec.matchImageReferences).map((r, i) =>
      typeof r.glob === 'string'
        ? { glob: r.glob }
        : {
            expression: compile(
              `matchImageReferences[${i}].expression`,
              r.expression,
              matchImageEnvironment(),
            ),
          },
    ),
    extractors: list(spec.images).map((x, i) => ({
      name: str(x.name),
      expression: compile(`images[${i}].expression`, x.expression),
    })),
    variables: list(spec.variables).map((v, i) => ({
      name: str(v.name),
      expression: compile(`variables[${i}].expression`, v.expression),
    })),
    validations: list(spec.validations).map((v, index) => ({
      index,
      expression: compile(`validations[${index}].expression`, v.expression),
      ...(typeof v.message === 'string' ? { message: v.message } : {}),
      ...(typeof v.messageExpression === 'string'
        ? { messageExpression: compile(`validations[${index}].messageExpression`, v.messageExpression) }
        : {}),
    })),
    // attestors are only read by the verification functions: their specs stand in for them
    attestors: Object.fromEntries(list(spec.attestors).map((a) => [str(a.name), a])),
    attestations: Object.fromEntries(list(spec.attestations).map((a) => [str(a.name), str(a.name)])),
    compileErrors,
  };
}

const CONTROLLERS: Record<string, string> = {
  'apps/Deployment': 'template',
  'apps/StatefulSet': 'template',
  'apps/DaemonSet': 'template',
  'apps/ReplicaSet': 'template',
  'batch/Job': 'template',
  'batch/CronJob': 'jobTemplate',
};

/**
 * The built-in extractors by request resource (pkg/cel/compiler/images.go getImageExtractorsFromGVR):
 * core/v1 pods read `spec`, apps/v1 and batch/v1 controllers `spec.template.spec`, batch/v1 cronjobs
 * `spec.jobTemplate.spec.template.spec`; other resources have none.
 */
function builtinImages(resource: K8sObject): Record<string, string[]> {
  const { group, version, kind } = factsOf(resource, { labels: false });
  if (version !== 'v1') return {};
  const at = (v: unknown, ...path: string[]) =>
    path.reduce<unknown>((o, k) => (isObj(o) ? o[k] : undefined), v);
  const spec = (resource as { spec?: unknown }).spec;
  const controller = CONTROLLERS[`${group}/${kind}`];
  let podSpec: unknown;
  if (group === '' && kind === 'Pod') podSpec = spec;
  else if (controller === 'template') podSpec = at(spec, 'template', 'spec');
  else if (controller === 'jobTemplate') podSpec = at(spec, 'jobTemplate', 'spec', 'template', 'spec');
  else return {};
  const images = (field: string) =>
    list(isObj(podSpec) ? podSpec[field] : undefined)
      .map((c) => c.image)
      .filter((i): i is string => typeof i === 'string');
  return {
    containers: images('containers'),
    initContainers: images('initContainers'),
    ephemeralContainers: images('ephemeralContainers'),
  };
}

class NotDecidedOffline extends Error {}

function run(expr: PolicyExpression, activation: Record<string, unknown>, timeoutMs: number): unknown {
  try {
    return runExpression(expr, activation, timeoutMs);
  } catch (e) {
    if (celErrorMessage(e).includes(REGISTRY_REQUIRED)) throw new NotDecidedOffline(celErrorMessage(e));
    throw e;
  }
}

/** The images by category, kept by matchImageReferences. */
function keptImages(
  compiled: CompiledImageVerification,
  builtin: Record<string, string[]>,
  activation: Record<string, unknown>,
  timeoutMs: number,
): Record<string, string[]> {
  const all: Record<string, string[]> = { ...builtin };
  for (const x of compiled.extractors) {
    const out = run(x.expression, activation, timeoutMs);
    if (!Array.isArray(out) || out.some((i) => typeof i !== 'string'))
      throw new Error(`${x.expression.field}: expected a list of strings`);
    all[x.name] = out as string[];
  }
  const kept: Record<string, string[]> = {};
  for (const [category, images] of Object.entries(all)) {
    kept[category] = images.filter(
      (image) =>
        compiled.references.length === 0 ||
        compiled.references.some((r) =>
          'glob' in r ? wildcardMatch(r.glob, image) : run(r.expression, { ref: image }, timeoutMs) === true,
        ),
    );
  }
  return kept;
}

/** Steps 1–5 above for one resource, on an activation holding object, oldObject, request, namespaceObject. */
export function verifyImagesOffline(
  compiled: CompiledImageVerification,
  resource: K8sObject,
  base: Record<string, unknown>,
  options: {
    timeoutMs: number /** A JSON payload has no request resource, hence no built-in extractors. */;
    jsonPayload?: boolean;
  },
): OfflineVerdict {
  const { timeoutMs } = options;
  if (compiled.compileErrors.length)
    return {
      unsupported: `ImageValidatingPolicy expressions not evaluated here: ${compiled.compileErrors.join('; ')}`,
    };
  const activation: Record<string, unknown> = { ...base, variables: {} };
  if (compiled.variables.length)
    activation.variables = lazyVariableFactory(
      compiled.variables.map((v) => ({ name: v.name, evaluate: (a, t) => run(v.expression, a, t) })),
    )(activation, timeoutMs);
  try {
    const kept = keptImages(
      compiled,
      options.jsonPayload ? {} : builtinImages(resource),
      activation,
      timeoutMs,
    );
    const images = Object.values(kept).flat();
    const undigested = compiled.verifyDigest ? images.find((i) => !i.includes('@')) : undefined;
    if (undigested !== undefined)
      return { status: 'fail', message: `image ${undigested} does not have a digest` };
    if (images.length)
      return {
        unsupported: `image ${images[0]} is fetched from its registry before the validations run, which is not done offline`,
      };
    activation.images = toCel(kept);
    activation.attestors = toCel(compiled.attestors);
    activation.attestations = toCel(compiled.attestations);
    for (const v of compiled.validations) {
      const ok = run(v.expression, activation, timeoutMs);
      if (typeof ok !== 'boolean')
        return { status: 'error', message: `${v.expression.field}: expression must evaluate to bool` };
      if (!ok) return { status: 'fail', message: failureMessage(v, activation, timeoutMs) };
    }
    return { status: 'pass', message: 'success' };
  } catch (e) {
    if (e instanceof NotDecidedOffline) return { unsupported: `a validation ${e.message}` };
    return { status: 'error', message: `failed to evaluate policy: ${celErrorMessage(e)}` };
  }
}

function failureMessage(
  v: CompiledImageVerification['validations'][number],
  activation: Record<string, unknown>,
  timeoutMs: number,
): string {
  if (v.messageExpression) {
    try {
      const m = run(v.messageExpression, activation, timeoutMs);
      return typeof m === 'string' ? m : celToString(m);
    } catch (e) {
      return `failed to evaluate message expression: ${celErrorMessage(e)}`;
    }
  }
  return v.message || `CEL expression validation failed at index ${v.index}`;
}
