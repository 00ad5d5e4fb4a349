/**
 * Matching `results[]` rows against engine output exactly as `kyverno test` does
 * (cmd/cli/kubectl-kyverno/commands/test/output.go):
 *
 * - resources are selected by `name` or `namespace/name` (kind is ignored); no match ⇒ ALL resources;
 * - only the part of `policy` after the last `/` is compared with policy names;
 * - rule responses named `rule`, `autogen-<rule>` or `autogen-cronjob-<rule>` are compared (all if no rule);
 * - a policy that answered with no selected rule ⇒ "Excluded", counted as passed whatever was expected;
 * - no policy of that name ⇒ "Not found" (failed), or "Invalid Policy" (passed) if it failed to compile.
 *
 * Rows that need an engine we do not have are returned as unsupported, never as passed.
 */
import type { K8sObject } from '@neuroscale/core';
import type { RuleResult, ValuesSpec } from '../engine/index.js';
import type { InvalidPolicy, LoadedPolicy, UnsupportedPolicy } from '../policies/load-policies.js';
import { keepsUnmatchedResponse } from './cel-unmatched-response.js';
import type { ResourceComparison } from './compare-expected-resource.js';
import type { SuiteResource } from './load-suite.js';
import { registryContextReason } from './registry-context.js';
import type { TestResultRow, TestSpec } from './test-file-types.js';
import type { TestRowResult, UnsupportedRow } from './test-result-types.js';

export interface Evaluation {
  results: RuleResult[];
  /** The resource after the policy's mutations (mutating policies only): compared with `patchedResources`. */
  patched?: K8sObject;
  /** Mutate-existing responses → the target each patched: compared with `patchedResources` instead. */
  patchedTargets?: Map<RuleResult, K8sObject>;
  /** Objects the policy's generate rules produced, by rule: compared with `generatedResource(s)`. */
  generated?: Array<{ rule: string; object: K8sObject }>;
  /** The responses of generate rules / GeneratingPolicies ("Generation" rule type): checked per generated object. */
  generations?: ReadonlySet<RuleResult>;
  /** Set when the engine threw: every check against this response is an error. */
  error?: string;
  /** Set when the verdict needs what is not available offline (a registry): the row is unsupported. */
  unsupported?: string;
}

export interface CheckRowsInput {
  test: TestSpec;
  resources: readonly SuiteResource[];
  policies: readonly LoadedPolicy[];
  invalid: readonly InvalidPolicy[];
  unsupportedPolicies: readonly UnsupportedPolicy[];
  /** Engine output for (resource index, policy index, operation from the row if any). */
  evaluate: (resourceIndex: number, policyIndex: number, operation?: string) => Evaluation;
  /** The Test's Values (variables the offline run supplies instead of registry data). */
  values?: ValuesSpec;
  /** Compares a mutated or generated object with the expected objects of the given files. */
  compareResource?: (files: readonly string[], actual: K8sObject) => ResourceComparison;
}

export interface CheckRowsResult {
  results: TestRowResult[];
  unsupported: UnsupportedRow[];
}

export function lastSegment(policy: string): string {
  const i = policy.lastIndexOf('/');
  return i < 0 ? policy : policy.slice(i + 1);
}

export function resourceDisplay(r: SuiteResource): string {
  return r.namespace
    ? `${r.apiVersion}/${r.kind}/${r.namespace}/${r.name}`
    : `${r.apiVersion}/${r.kind}/${r.name}`;
}

/** Indexes of the resources a row selects (all of them when no name matches). */
export function selectResources(row: TestResultRow, resources: readonly SuiteResource[]): number[] {
  const selected: number[] = [];
  const add = (i: number) => {
    if (!selected.includes(i)) selected.push(i);
  };
  for (const want of row.resources) {
    const slash = want.indexOf('/');
    resources.forEach((r, i) => {
      // the CLI keys an HTTP or Envoy payload by its full path, which a row's name never equals
      // (kyverno v1.19.1 commands/test/test.go: Trigger[file] of GetFullPaths; output.go)
      if (r.authzPayload) return;
      if (slash < 0) {
        if (want === r.name) add(i);
      } else if (want.slice(0, slash) === r.namespace && want.slice(slash + 1) === r.name) add(i);
    });
  }
  for (const spec of row.resourceSpecs) {
    const apiVersion = spec.version
      ? spec.group
        ? `${spec.group}/${spec.version}`
        : spec.version
      : undefined;
    resources.forEach((r, i) => {
      if (r.authzPayload) return;
      if (apiVersion !== undefined && apiVersion !== r.apiVersion) return;
      if (spec.namespace && spec.namespace !== r.namespace) return;
      if (spec.name && spec.name !== r.name) return;
      add(i);
    });
  }
  if (selected.length === 0) return resources.map((_, i) => i);
  return selected;
}

/** Policy kinds whose responses are all checked whatever the row's `rule` (the rest rely on `isCelPolicy`). */
const RULELESS_KINDS = new Set([
  'DeletingPolicy',
  'NamespacedDeletingPolicy',
  'ImageValidatingPolicy',
  'NamespacedImageValidatingPolicy',
]);

/**
 * Kinds whose empty response (the policy did not match) the CLI may keep as "Excluded"
 * (see cel-unmatched-response.ts); GeneratingPolicy, DeletingPolicy and ImageValidatingPolicy drop it.
 */
const UNMATCHED_MAY_BE_KEPT = new Set([
  'ValidatingPolicy',
  'NamespacedValidatingPolicy',
  'MutatingPolicy',
  'NamespacedMutatingPolicy',
]);

function ruleSelected(row: TestResultRow, name: string): boolean {
  return (
    row.rule === '' ||
    row.isCelPolicy === true ||
    name === row.rule ||
    name === `autogen-${row.rule}` ||
    name === `autogen-cronjob-${row.rule}`
  );
}

function unsupportedReason(
  input: CheckRowsInput,
  row: TestResultRow,
  mutating: string | undefined,
): string | undefined {
  if (row.unsupportedFields.length) return `result row uses ${row.unsupportedFields.join(', ')}`;
  if (input.test.unsupportedFields.length) return `test uses ${input.test.unsupportedFields.join(', ')}`;
  const name = lastSegment(row.policy);
  const classic = input.policies.filter((p) => p.policy.name === name);
  if (classic.length === 0) {
    const other = input.unsupportedPolicies.find((p) => p.name === name);
    if (other) return `policy kind ${other.kind} is not supported`;
    return undefined;
  }
  for (const p of classic) {
    const hit = p.policy.unsupportedRules.find((u) => (row.rule === '' ? true : ruleSelected(row, u.rule)));
    if (hit) return `rule ${hit.rule} uses ${hit.reason}`;
    const registry = registryContextReason(p.object, name, row, input.values);
    if (registry) return registry;
  }
  if (mutating) return `resources are mutated by ${mutating} before validation (mutate is not supported)`;
  return undefined;
}

/** The first policy whose mutation would change resources before validation, if any. */
function findMutatingPolicy(input: CheckRowsInput): string | undefined {
  for (const p of input.policies) {
    const m = p.policy.unsupportedRules.find((u) => u.reason.startsWith('mutate'));
    if (m) return `${p.policy.name}/${m.rule}`;
  }
  const mp = input.unsupportedPolicies.find((p) => /^(Namespaced)?Mutating/.test(p.kind));
  return mp ? `${mp.kind} ${mp.name}` : undefined;
}

export function checkResultRows(input: CheckRowsInput): CheckRowsResult {
  const results: TestRowResult[] = [];
  const unsupported: UnsupportedRow[] = [];
  const mutating = findMutatingPolicy(input);
  for (const row of input.test.results) {
    const reason = unsupportedReason(input, row, mutating);
    if (reason) {
      unsupported.push({
        policy: row.policy,
        rule: row.rule,
        resources: [...row.resources],
        expected: row.result,
        reason,
        verdicts: Math.max(1, row.resources.length),
        line: row.line || undefined,
      });
      continue;
    }
    const name = lastSegment(row.policy);
    const policyIndexes: number[] = [];
    input.policies.forEach((p, i) => {
      if (p.policy.name === name) policyIndexes.push(i);
    });
    const base = { policy: row.policy, expected: row.result, ...(row.line ? { line: row.line } : {}) };
    for (const ri of selectResources(row, input.resources)) {
      const rows = resultRowsOf({ input, row, name, policyIndexes, base }, ri);
      if (Array.isArray(rows)) results.push(...rows);
      else
        unsupported.push({
          policy: row.policy,
          rule: row.rule,
          resources: [input.resources[ri]!.name],
          expected: row.result,
          reason: rows.unsupported,
          verdicts: 1,
          line: row.line || undefined,
        });
    }
  }
  return { results, unsupported };
}

/**
 * `kyverno test` checks the patched / expected objects before the status (commands/test/command.go
 * checkResult). A response that is not a generation compares the resource it answered for with a
 * `generatedResource(s)` file, as the CLI does.
 */
function compareObjects(
  input: CheckRowsInput,
  row: TestResultRow,
  evaluation: Evaluation,
  response: RuleResult,
  trigger: K8sObject,
): ResourceComparison | undefined {
  if (!input.compareResource) return undefined;
  // mutate existing: the patched target is compared (commands/test: `rule.PatchedTarget()`)
  const target = evaluation.patchedTargets?.get(response);
  if (row.patchedResources !== undefined && target)
    return input.compareResource([row.patchedResources], target);
  if (row.patchedResources !== undefined && evaluation.patched)
    return input.compareResource([row.patchedResources], evaluation.patched);
  if (row.generatedResources?.length) return compareGenerated(input, row.generatedResources, trigger);
  return undefined;
}

/**
 * An object against the row's generated-resource files (command.go checkResult): equal to the object of
 * the same identity in any one file passes; else the last difference, or, when no file holds it, the
 * load error ("resource with name … not found in manifest") as a "Resource error".
 */
function compareGenerated(
  input: CheckRowsInput,
  files: readonly string[],
  actual: K8sObject,
): ResourceComparison | undefined {
  if (!input.compareResource) return undefined;
  let diff: ResourceComparison | undefined;
  let error: ResourceComparison | undefined;
  for (const file of files) {
    const cmp = input.compareResource([file], actual);
    if (cmp.ok) return cmp;
    if (cmp.reason === 'Resource diff') diff = cmp;
    else error = cmp;
  }
  return diff ?? error;
}

function statusRow(
  base: Pick<TestRowResult, 'policy' | 'expected' | 'line'>,
  response: RuleResult,
  resource: string,
): TestRowResult {
  const ok = response.status === base.expected;
  return {
    ...base,
    rule: response.rule,
    resource,
    actual: response.status,
    ok,
    reason: ok ? 'Ok' : `Want ${base.expected}, got ${response.status}`,
    message: response.message,
  };
}

/** `<apiVersion>/<Kind>/<namespace>/<name>` of a generated object. */
function objectDisplay(o: K8sObject): string {
  const md = o.metadata ?? {};
  const parts = [String(o.apiVersion ?? ''), String(o.kind ?? '')];
  if (typeof md.namespace === 'string' && md.namespace) parts.push(md.namespace);
  parts.push(String(md.name ?? ''));
  return parts.join('/');
}

/**
 * A generation response (commands/test/output.go, `rule.RuleType() == "Generation"`): one row per object
 * the rule generated, each compared with the row's files, then the status; a response that generated
 * nothing has its status checked alone (`checkRuleResultOnly`). A generated object missing from the
 * files fails the row: the CLI skips "not found in manifest" only for other rule types.
 */
function generationRows(
  input: CheckRowsInput,
  row: TestResultRow,
  evaluation: Evaluation,
  response: RuleResult,
  { base, resource }: { base: Pick<TestRowResult, 'policy' | 'expected' | 'line'>; resource: string },
): TestRowResult[] {
  const made = (evaluation.generated ?? []).filter((g) => g.rule === response.rule);
  if (made.length === 0) return [statusRow(base, response, resource)];
  return made.map((g) => {
    const shown = objectDisplay(g.object);
    const cmp = row.generatedResources?.length
      ? compareGenerated(input, row.generatedResources, g.object)
      : undefined;
    if (cmp && !cmp.ok) {
      const reason = cmp.reason === 'Not found in manifest' ? 'Resource error' : cmp.reason;
      return {
        ...base,
        rule: response.rule,
        resource: shown,
        actual: response.status,
        ok: false,
        reason,
        message: cmp.message,
      };
    }
    return statusRow(base, response, shown);
  });
}

/**
 * One expected row against one resource: a row per selected rule of each matching policy, else why none;
 * or why a policy's verdict cannot be given offline.
 */
// long: kyverno test's per-resource row matching, patched/generated object checks included (output.go)
function resultRowsOf(
  {
    input,
    row,
    name,
    policyIndexes,
    base,
  }: {
    input: CheckRowsInput;
    row: CheckRowsInput['test']['results'][number];
    name: string;
    policyIndexes: number[];
    base: Pick<TestRowResult, 'policy' | 'expected' | 'line'>;
  },
  ri: number,
): TestRowResult[] | { unsupported: string } {
  let skippedMissing = false;
  const resource = resourceDisplay(input.resources[ri]!);
  const rows: TestRowResult[] = [];
  for (const pi of policyIndexes) {
    const evaluation = input.evaluate(ri, pi, row.operation);
    if (evaluation.unsupported !== undefined) return { unsupported: evaluation.unsupported };
    if (evaluation.error !== undefined) {
      rows.push({
        ...base,
        rule: row.rule,
        resource,
        actual: 'error',
        ok: false,
        reason: 'Engine error',
        message: evaluation.error,
      });
      continue;
    }
    // a CEL policy that matched nothing: the CLI drops its empty response ("Not found") only when its
    // matchConstraints are one plain resource rule, otherwise the row is "Excluded" (keepsUnmatchedResponse)
    const kind = input.policies[pi]!.policy.kind;
    // a ValidatingAdmissionPolicy always answers with an engine response, without rule responses when
    // its constraints or bindings do not match: output.go reads that as "Excluded", a pass
    // (kyverno cmd/cli/kubectl-kyverno/processor/vap_processor.go, commands/test/output.go)
    if (
      evaluation.results.length === 0 &&
      input.policies[pi]!.admission &&
      kind !== 'MutatingAdmissionPolicy'
    ) {
      rows.push({ ...base, rule: row.rule, resource, actual: 'excluded', ok: true, reason: 'Excluded' });
      continue;
    }
    if (
      evaluation.results.length === 0 &&
      (kind === 'ValidatingPolicy' ||
        kind === 'NamespacedValidatingPolicy' ||
        kind === 'MutatingPolicy' ||
        kind === 'NamespacedMutatingPolicy' ||
        // a MutatingAdmissionPolicy response without rules is dropped (processor: `IsEmpty()`)
        kind === 'MutatingAdmissionPolicy' ||
        kind === 'GeneratingPolicy' ||
        kind === 'NamespacedGeneratingPolicy' ||
        kind === 'DeletingPolicy' ||
        kind === 'NamespacedDeletingPolicy' ||
        kind === 'ImageValidatingPolicy' ||
        kind === 'NamespacedImageValidatingPolicy')
    ) {
      // a ValidatingPolicy or MutatingPolicy keeps its empty response unless its matchConstraints are one
      // plain resource rule (see keepsUnmatchedResponse); the other kinds drop it
      if (UNMATCHED_MAY_BE_KEPT.has(kind) && keepsUnmatchedResponse(input.policies[pi]!.object))
        rows.push({ ...base, rule: row.rule, resource, actual: 'excluded', ok: true, reason: 'Excluded' });
      continue;
    }
    // every response of a ruleless policy kind is checked, whatever `rule` says
    // (kyverno v1.19.1 cmd/cli/kubectl-kyverno/commands/test/command.go isRulelessPolicyKind)
    const ruleless = RULELESS_KINDS.has(kind);
    const selected = evaluation.results.filter((r) => ruleless || ruleSelected(row, r.rule));
    for (const r of selected) {
      if (evaluation.generations?.has(r)) {
        rows.push(...generationRows(input, row, evaluation, r, { base, resource }));
        continue;
      }
      const cmp = compareObjects(input, row, evaluation, r, input.resources[ri]!.object);
      // output.go: an object "not found in manifest" is skipped unless failOnMissingResources (a row
      // expecting `fail` still takes the failed check as its failure)
      if (cmp?.reason === 'Not found in manifest' && row.result !== 'fail') {
        skippedMissing = true;
        continue;
      }
      if (cmp && !cmp.ok) {
        // output.go: a failed check on a row that expects `fail` counts as that failure
        const expectedFail = row.result === 'fail';
        rows.push({
          ...base,
          rule: r.rule,
          resource,
          actual: expectedFail ? 'fail' : r.status,
          ok: expectedFail,
          reason: cmp.reason,
          message: cmp.message,
        });
        continue;
      }
      rows.push(statusRow(base, r, resource));
    }
    if (selected.length === 0) {
      rows.push({ ...base, rule: row.rule, resource, actual: 'excluded', ok: true, reason: 'Excluded' });
    }
  }
  if (rows.length === 0 && !skippedMissing) {
    if (input.invalid.some((p) => p.name === name)) {
      rows.push({
        ...base,
        rule: row.rule,
        resource,
        actual: 'invalid-policy',
        ok: true,
        reason: 'Invalid Policy',
      });
    } else {
      rows.push({
        ...base,
        rule: row.rule,
        resource,
        actual: 'not-found',
        ok: false,
        reason: 'Not found',
      });
    }
  }
  return rows;
}
