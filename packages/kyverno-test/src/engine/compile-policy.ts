import { finding, type K8sObject } from '@neuroscale/core';
import { autogenControllers, generateRule } from './autogen/autogen.js';
import { isObject, setOwn } from './jmespath/json.js';
import { compileManifests, type ManifestsSpec } from './manifests/validate-manifests.js';
import { type PodSecuritySpec, parsePodSecurity } from './pod-security/pod-security-spec.js';
import type { FailureActionOverride, PolicyInternal, Rule, ValidateSpec } from './rule.js';
import type {
  CompiledPolicy,
  CompiledRuleInfo,
  CompileOptions,
  CompilePolicyResult,
  UnsupportedRule,
} from './types.js';
import { compileVerifyImageChecks } from './validate-rule/verify-image-checks.js';
import { hasVariables } from './variables/substitute.js';

const SUPPORTED_API = new Set(['kyverno.io/v1', 'kyverno.io/v2beta1', 'kyverno.io/v2']);

function unsupportedReason(rule: Record<string, unknown>): string | undefined {
  if (rule.mutate !== undefined) return isObject(rule.mutate) ? MUTATE : 'mutate block is not a mapping';
  // generate.foreach (one object per list element, pkg/background/generate/generator.go
  // generateForeach) is not evaluated: reported, never answered with the rule's status alone
  if (isObject(rule.generate) && rule.generate.foreach !== undefined) return 'generate.foreach';
  if (rule.generate !== undefined) return 'generate';
  if (rule.verifyImages !== undefined) {
    const compiled = compileVerifyImageChecks(rule);
    return 'unsupported' in compiled ? compiled.unsupported : undefined;
  }
  if (!isObject(rule.validate)) return 'no validate block';
  const v = rule.validate;
  // kyverno v1.19.1 pkg/engine/validation.go: a manifests rule is handled before podSecurity and cel
  if (v.manifests !== undefined) {
    const compiled = compileManifests(v.manifests);
    return 'unsupported' in compiled ? compiled.unsupported : undefined;
  }
  if (v.podSecurity !== undefined) {
    const parsed = parsePodSecurity(v.podSecurity);
    return 'unsupported' in parsed ? parsed.unsupported : undefined;
  }
  if (v.cel !== undefined) return 'validate.cel';
  if (
    v.pattern === undefined &&
    v.anyPattern === undefined &&
    v.deny === undefined &&
    v.foreach === undefined
  ) {
    return 'validate without pattern, anyPattern, deny or foreach';
  }
  return undefined;
}

/** Marker reason: compiled as a mutate rule (engine/mutate), not an unsupported one. */
const MUTATE = 'mutate';

function podSecurityOf(raw: unknown): PodSecuritySpec | undefined {
  if (raw === undefined) return undefined;
  const parsed = parsePodSecurity(raw);
  return 'spec' in parsed ? parsed.spec : undefined;
}

function manifestsOf(raw: unknown): ManifestsSpec | undefined {
  if (raw === undefined) return undefined;
  const compiled = compileManifests(raw);
  return 'unsupported' in compiled ? undefined : compiled;
}

function toRule(raw: Record<string, unknown>, baseName: string, autogen: boolean): Rule {
  const v = (isObject(raw.validate) ? raw.validate : {}) as Record<string, unknown>;
  const images = raw.verifyImages !== undefined ? compileVerifyImageChecks(raw) : undefined;
  const validate: ValidateSpec = {
    message: typeof v.message === 'string' ? v.message : undefined,
    pattern: v.pattern,
    anyPattern: Array.isArray(v.anyPattern) ? v.anyPattern : undefined,
    deny: isObject(v.deny) ? (v.deny as { conditions?: unknown }) : v.deny === undefined ? undefined : {},
    foreach: Array.isArray(v.foreach) ? v.foreach : undefined,
    podSecurity: podSecurityOf(v.podSecurity),
    manifests: manifestsOf(v.manifests),
    failureAction: typeof v.failureAction === 'string' ? v.failureAction : undefined,
    allowExistingViolations:
      typeof v.allowExistingViolations === 'boolean' ? v.allowExistingViolations : undefined,
    patternHasVariables: hasVariables(v.pattern) || hasVariables(v.anyPattern),
    failureActionOverrides: parseOverrides(v.failureActionOverrides),
  };
  if (images && 'checks' in images) {
    validate.verifyImages = images.checks;
    validate.failureAction = images.failureAction;
  }
  return {
    name: String(raw.name ?? ''),
    baseName,
    autogen,
    match: raw.match,
    exclude: raw.exclude,
    context: Array.isArray(raw.context) ? raw.context : [],
    preconditions: raw.preconditions,
    validate,
    raw,
  };
}

function parseOverrides(v: unknown): FailureActionOverride[] {
  if (!Array.isArray(v)) return [];
  const out: FailureActionOverride[] = [];
  for (const o of v) {
    if (!isObject(o)) continue;
    const action = normaliseAction(o.action);
    if (!action) continue;
    const namespaces = Array.isArray(o.namespaces)
      ? o.namespaces.filter((n): n is string => typeof n === 'string')
      : [];
    out.push({ action, namespaces, namespaceSelector: o.namespaceSelector });
  }
  return out;
}

function normaliseAction(v: unknown): 'Audit' | 'Enforce' | undefined {
  if (typeof v !== 'string') return undefined;
  const l = v.toLowerCase();
  return l === 'enforce' ? 'Enforce' : l === 'audit' ? 'Audit' : undefined;
}

/** Compiles a ClusterPolicy/Policy (kyverno.io/v1, v2beta1) into an evaluable policy, autogen rules included. */
// long: validates then compiles the policy's rules and their autogen variants in one pass over spec.rules; not split yet
export function compilePolicy(obj: K8sObject, opts: CompileOptions = {}): CompilePolicyResult {
  const location = opts.file ? { file: opts.file, line: opts.line } : undefined;
  const fail = (message: string): CompilePolicyResult => ({
    findings: [
      finding({
        ruleId: 'kyverno/invalid-policy',
        message,
        object: { kind: obj?.kind, name: obj?.metadata?.name },
        location,
      }),
    ],
  });
  if (!isObject(obj)) return fail('policy is not an object');
  if (obj.kind !== 'ClusterPolicy' && obj.kind !== 'Policy')
    return fail(`unsupported policy kind ${JSON.stringify(obj.kind)}`);
  if (typeof obj.apiVersion === 'string' && !SUPPORTED_API.has(obj.apiVersion))
    return fail(`unsupported apiVersion ${obj.apiVersion}`);
  const name = obj.metadata?.name;
  if (typeof name !== 'string' || name === '') return fail('policy has no metadata.name');
  const spec = isObject(obj.spec) ? obj.spec : {};
  const rawRules = Array.isArray(spec.rules) ? spec.rules.filter(isObject) : [];
  if (rawRules.length === 0) return fail(`policy ${name} has no rules`);
  const names = new Set<string>();
  for (const r of rawRules) {
    if (typeof r.name !== 'string' || r.name === '') return fail(`policy ${name}: every rule needs a name`);
    if (names.has(r.name)) return fail(`policy ${name}: duplicate rule name ${r.name}`);
    names.add(r.name);
  }
  const kind = obj.kind;
  const namespace = kind === 'Policy' ? obj.metadata?.namespace || 'default' : undefined;
  // the namespace kyverno's context loader confines apiCalls to: a Policy's own, as written ("" ⇒ none)
  const written = kind === 'Policy' ? obj.metadata?.namespace : undefined;
  const policyNamespace = typeof written === 'string' && written !== '' ? written : undefined;
  const ruleOf = (raw: Record<string, unknown>, baseName: string, autogen: boolean): Rule => {
    const rule = toRule(raw, baseName, autogen);
    if (policyNamespace !== undefined) rule.policyNamespace = policyNamespace;
    return rule;
  };
  const annotations: Record<string, string> = {};
  for (const [k, v] of Object.entries(obj.metadata?.annotations ?? {})) setOwn(annotations, k, String(v));

  const unsupportedRules: UnsupportedRule[] = [];
  const rules: Rule[] = [];
  const mutateRules: Rule[] = [];
  const generateRules: Rule[] = [];
  const mutateAutogenByKind = new Map<string, Rule[]>();
  const infos: CompiledRuleInfo[] = [];
  for (const r of rawRules) {
    const reason = unsupportedReason(r);
    if (reason === 'generate' && isObject(r.generate)) {
      generateRules.push({ ...ruleOf(r, r.name as string, false), generate: r.generate });
      continue;
    }
    if (reason === MUTATE) {
      mutateRules.push({
        ...ruleOf(r, r.name as string, false),
        mutate: r.mutate as Record<string, unknown>,
      });
      continue;
    }
    if (reason) {
      unsupportedRules.push({ rule: r.name as string, reason });
      continue;
    }
    rules.push(ruleOf(r, r.name as string, false));
    infos.push({ name: r.name as string, baseName: r.name as string, autogen: false });
  }

  const controllers = autogenControllers(rawRules, annotations);
  const autogenByKind = new Map<string, Rule[]>();
  for (const controller of controllers) {
    const generated: Rule[] = [];
    for (const r of rawRules) {
      if (String(r.name).startsWith('autogen-')) continue;
      const g = generateRule(r, controller);
      if (!g) continue;
      const reason = unsupportedReason(g);
      if (reason === MUTATE) {
        const list = mutateAutogenByKind.get(controller) ?? [];
        list.push({ ...ruleOf(g, r.name as string, true), mutate: g.mutate as Record<string, unknown> });
        mutateAutogenByKind.set(controller, list);
        continue;
      }
      if (reason) {
        if (!unsupportedRules.some((u) => u.rule === g.name))
          unsupportedRules.push({ rule: g.name as string, reason });
        continue;
      }
      generated.push(ruleOf(g, r.name as string, true));
      const existing = infos.find((i) => i.name === g.name);
      if (existing) existing.autogenKinds?.push(controller);
      else
        infos.push({
          name: g.name as string,
          baseName: r.name as string,
          autogen: true,
          autogenKinds: [controller],
        });
    }
    autogenByKind.set(controller, generated);
  }

  const failureAction = normaliseAction(spec.validationFailureAction) ?? 'Audit';
  const internal: PolicyInternal = {
    rules,
    autogenByKind,
    mutateRules,
    mutateAutogenByKind,
    generateRules,
    applyRulesOne: spec.applyRules === 'One',
    failureAction,
    failureActionOverrides: parseOverrides(spec.validationFailureActionOverrides),
    annotations,
  };
  const policy: CompiledPolicy = {
    name,
    namespace,
    kind,
    key: namespace ? `${namespace}/${name}` : name,
    rules: infos,
    validationFailureAction: failureAction,
    scored: annotations['policies.kyverno.io/scored'] !== 'false',
    source: { file: opts.file, line: opts.line },
    unsupportedRules,
    internal,
  };
  return { policy, findings: [] };
}
