/**
 * `kyverno test DIR...` in-process: find every kyverno-test.yaml, load what it names, evaluate each
 * policy on each resource once (per operation), and check the results[] rows.
 */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import {
  compareStrings,
  type Finding,
  finding,
  type K8sObject,
  readYamlFile,
  setOwn,
  sortFindings,
} from '@neuroscale/core';
import { envoyCheckRequest, httpCheckRequest } from '../cel/authz/authz-payload.js';
import { type AuthzMode, evaluateAuthzPolicy } from '../cel/authz/authz-policy.js';
import type { CelEvaluationContext } from '../cel/cel-context.js';
import { evaluateDeletingPolicy } from '../cel/dpol/evaluate-deleting-policy.js';
import { evaluateImageValidatingPolicy } from '../cel/ivpol/image-validating-policy.js';
import type { ValidatingPolicyInternal } from '../cel/vpol/compile-validating-policy.js';
import type { Operation, RuleResult } from '../engine/index.js';
import { type Admission, admitResource, anyMutatingPolicy } from '../policies/admit-resource.js';
import { evaluateLoadedPolicy } from '../policies/evaluate-loaded-policy.js';
import { generateForTrigger } from '../policies/generate-for-trigger.js';
import {
  isClassicPolicy,
  isDeletingPolicy,
  isImageValidatingPolicy,
  isValidatingPolicy,
  type LoadedPolicy,
} from '../policies/load-policies.js';
import { displayPath, isInside } from '../policies/read-yaml-inputs.js';
import type { AdmissionPolicyContext } from '../policies/validating-admission-policy.js';
import { checkResultRows, type Evaluation } from './check-result-rows.js';
import { compareExpectedResource } from './compare-expected-resource.js';
import { decodeTestDocument } from './decode-test-file.js';
import { loadExpectedResources } from './load-expected-resources.js';
import { type LoadedSuite, loadSuite } from './load-suite.js';
import type { SuiteResult, TestRunResult } from './test-result-types.js';

export interface RunTestSuitesOptions {
  /** Test file name to look for (default `kyverno-test.yaml`, like `kyverno test --file-name`). */
  fileName?: string;
  /** Paths in the output are relative to this folder (default: the current directory). */
  root?: string;
  /** Per-rule evaluation budget handed to the engine. */
  ruleTimeoutMs?: number;
  /**
   * Every file a Test names (policies, resources, variables, userinfo, exceptions, context) must
   * resolve, symlinks followed, inside this folder. Default, per test file: `root` when it holds
   * the test file, else the test file's git repository, else the folder given to the run.
   */
  repoRoot?: string;
  /**
   * Wall time for all suites of one run (default 10 minutes). Suites come from the pull request; each rule
   * evaluation has its own 2 s budget, but a suite of many resources times a pathological rule would not.
   * A suite not started in time is reported as not run (an error on its test file), never as passed.
   */
  timeBudgetMs?: number;
  /** Collect each suite's mutated and generated objects into `SuiteResult.admitted` (`policy test --output-dir`). */
  collectAdmitted?: boolean;
}

export const DEFAULT_TEST_RUN_TIME_BUDGET_MS = 10 * 60_000;

/** The folder holding `.git` nearest above `dir` (nothing is read, only looked up). */
async function gitRootOf(dir: string): Promise<string | undefined> {
  for (let d = dir; ; d = path.dirname(d)) {
    if (await stat(path.join(d, '.git')).catch(() => undefined)) return d;
    if (path.dirname(d) === d) return undefined;
  }
}

async function confinementRoot(
  file: string,
  dirs: readonly string[],
  options: RunTestSuitesOptions,
): Promise<string> {
  if (options.repoRoot !== undefined) return path.resolve(options.repoRoot);
  if (options.root !== undefined && isInside(path.resolve(options.root), file))
    return path.resolve(options.root);
  const git = await gitRootOf(path.dirname(file));
  if (git) return git;
  for (const d of dirs) {
    const abs = path.resolve(d);
    if (isInside(abs, file)) return abs === file ? path.dirname(file) : abs;
  }
  return path.dirname(file);
}

const OPERATIONS = new Set<string>(['CREATE', 'UPDATE', 'DELETE', 'CONNECT']);

/** Every test file under the given folders (hidden folders included, as `kyverno test` does), sorted. */
export async function findTestFiles(
  dirs: readonly string[],
  fileName = 'kyverno-test.yaml',
): Promise<string[]> {
  const out = new Set<string>();
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      const abs = path.join(dir, e.name);
      if (e.isDirectory()) await walk(abs);
      else if (e.name === fileName && (e.isFile() || e.isSymbolicLink())) out.add(abs);
    }
  };
  for (const d of dirs) {
    const abs = path.resolve(d);
    const st = await stat(abs).catch(() => undefined);
    if (!st) continue;
    if (st.isDirectory()) await walk(abs);
    else out.add(abs);
  }
  return [...out].sort(compareStrings);
}

export async function runTestSuites(
  dirs: readonly string[],
  options: RunTestSuitesOptions = {},
): Promise<TestRunResult> {
  const root = options.root ?? process.cwd();
  const suites: SuiteResult[] = [];
  const files = await findTestFiles(dirs, options.fileName);
  for (const d of dirs) {
    if (!(await stat(path.resolve(d)).catch(() => undefined))) {
      suites.push({
        path: displayPath(path.resolve(d), root),
        name: '',
        results: [],
        findings: [
          finding({
            ruleId: 'kyverno-test/missing-file',
            message: `${d}: no such file or directory`,
            location: { file: displayPath(path.resolve(d), root) },
          }),
        ],
      });
    }
  }
  const budgetMs = options.timeBudgetMs ?? DEFAULT_TEST_RUN_TIME_BUDGET_MS;
  const deadline = Date.now() + budgetMs;
  for (const file of files) {
    if (Date.now() >= deadline) {
      const shown = displayPath(file, root);
      suites.push({
        path: shown,
        name: '',
        results: [],
        findings: [
          finding({
            ruleId: 'kyverno-test/time-budget',
            message: `not run: the suites of this run used up their time budget (${Math.round(budgetMs / 1000)} s)`,
            location: { file: shown },
          }),
        ],
      });
      continue;
    }
    suites.push(...(await runTestFile(file, root, await confinementRoot(file, dirs, options), options)));
  }
  const summary = { pass: 0, fail: 0, unsupported: 0, errors: 0 };
  for (const s of suites) {
    for (const r of s.results) {
      if (r.ok) summary.pass++;
      else summary.fail++;
    }
    for (const u of s.unsupported ?? []) summary.unsupported += u.verdicts;
    if (s.findings?.some((f) => f.severity === 'error')) summary.errors++;
  }
  return { suites, summary };
}

// long: per-document load, the admission-order evaluation memo and the row checks of one test file
async function runTestFile(
  file: string,
  root: string,
  confineTo: string,
  options: RunTestSuitesOptions,
): Promise<SuiteResult[]> {
  const shown = displayPath(file, root);
  const loaded = await readYamlFile(file, { file: shown });
  if (loaded.documents.length === 0) {
    return [{ path: shown, name: '', results: [], findings: sortFindings(loaded.findings) }];
  }
  const out: SuiteResult[] = [];
  for (const doc of loaded.documents) {
    const decoded = decodeTestDocument({ value: doc.value, file: shown, line: doc.line, locate: doc.locate });
    const findings: Finding[] = [...loaded.findings, ...decoded.findings];
    if (!decoded.test) {
      out.push({ path: shown, name: '', results: [], findings: sortFindings(findings) });
      continue;
    }
    const suite = await loadSuite(decoded.test, file, { root, confineTo, testFile: shown });
    findings.push(...suite.findings);
    // kyverno test evaluates namespaced CEL policies on resources of every namespace (see
    // CelEvaluationContext.namespacedPolicyScope)
    const baseCtx: AdmissionPolicyContext = { namespacedPolicyScope: 'any-namespace' };
    if (suite.paramResources) baseCtx.paramResources = suite.paramResources;
    // the fake cluster also answers classic `configMap` context entries (engine OfflineData.clusterResources)
    if (suite.clusterResources) baseCtx.clusterResources = suite.clusterResources;
    if (suite.clusterApiObjects) baseCtx.clusterApiObjects = suite.clusterApiObjects;
    const clusterNamespaces = namespacesOf(suite.clusterResources);
    if (clusterNamespaces) baseCtx.namespaces = clusterNamespaces;
    if (suite.celContext) baseCtx.celContext = suite.celContext;
    if (suite.values) baseCtx.values = suite.values;
    if (suite.userInfo) baseCtx.userInfo = suite.userInfo;
    if (suite.exceptions.length) baseCtx.exceptions = suite.exceptions;
    if (suite.globalContextEntries) baseCtx.globalContextEntries = suite.globalContextEntries;
    if (decoded.test.apiCallResponses) baseCtx.apiCallResponses = decoded.test.apiCallResponses;
    if (suite.targets) baseCtx.targets = suite.targets;
    if (options.ruleTimeoutMs !== undefined) baseCtx.ruleTimeoutMs = options.ruleTimeoutMs;
    const memo = new Map<string, Evaluation>();
    const admissions = new Map<string, Admission>();
    const policies = suite.policies.policies;
    const mutates = anyMutatingPolicy(policies);
    const expected = await loadExpectedResources(decoded.test, file, { root, confineTo });
    // generate `clone` sources: the resources under test, then the rows' cloneSourceResource files
    // (kyverno test feeds those to the fake cluster, processor.RuleToCloneSourceResource)
    const sources = [
      ...suite.resources.map((r) => r.object),
      ...decoded.test.results.flatMap((row) =>
        row.cloneSourceResource !== undefined ? (expected.get(row.cloneSourceResource)?.objects ?? []) : [],
      ),
    ];
    // kyverno test applies mutate policies first and validates the mutated resource
    const admitted = (ri: number, op: Operation | undefined, ctx: CelEvaluationContext): Admission => {
      const key = `${ri}|${op ?? ''}`;
      let hit = admissions.get(key);
      if (!hit) {
        hit = admitResource(policies, suite.resources[ri]!.object, ctx);
        admissions.set(key, hit);
      }
      return hit;
    };
    const admitted_ = (ri: number) => admitted(ri, undefined, baseCtx);
    const evaluate = (ri: number, pi: number, operation?: string): Evaluation => {
      const op = operation && OPERATIONS.has(operation) ? (operation as Operation) : undefined;
      const key = `${ri}|${pi}|${op ?? ''}`;
      let hit = memo.get(key);
      if (!hit) {
        const old = oldResourceOf(suite, ri);
        const ctx =
          op || old
            ? { ...baseCtx, ...(op ? { operation: op } : {}), ...(old ? { oldResource: old } : {}) }
            : baseCtx;
        try {
          const authz = suite.resources[ri]!.authzPayload;
          if (authz) {
            hit = {
              results: evaluateAuthzPayload(policies[pi]!, authz, suite.resources[ri]!.object, baseCtx),
            };
            memo.set(key, hit);
            return hit;
          }
          if (suite.resources[ri]!.jsonPayload) {
            // a JSON payload goes to the ValidatingPolicy engine only (kyverno processor: RequestFromJSON)
            const lp = policies[pi]!;
            const json = { ...baseCtx, jsonPayload: true };
            const payload = suite.resources[ri]!.object;
            if (isImageValidatingPolicy(lp.policy)) {
              const outcome = evaluateImageValidatingPolicy(lp.policy, payload, json);
              hit = {
                results: outcome.results,
                ...(outcome.unsupported ? { unsupported: outcome.unsupported } : {}),
              };
              memo.set(key, hit);
              return hit;
            }
            hit = {
              results: isDeletingPolicy(lp.policy)
                ? evaluateDeletingPolicy(lp.policy, payload, json)
                : isPayloadPolicy(lp)
                  ? evaluateLoadedPolicy(lp, payload, json)
                  : [],
            };
            memo.set(key, hit);
            return hit;
          }
          const ivpol = policies[pi]!.policy;
          if (isImageValidatingPolicy(ivpol)) {
            // evaluated on the resource as written, with the run's operation (test.go
            // applyImageValidatingPolicies is given the resource, not the mutated one)
            const outcome = evaluateImageValidatingPolicy(ivpol, suite.resources[ri]!.object, ctx);
            hit = {
              results: outcome.results,
              ...(outcome.unsupported ? { unsupported: outcome.unsupported } : {}),
            };
            memo.set(key, hit);
            return hit;
          }
          const dpol = policies[pi]!.policy;
          if (isDeletingPolicy(dpol)) {
            // a DeletingPolicy is not admission driven: evaluated once, on the resource as written, in
            // the run without an operation (kyverno v1.19.1 commands/test/test.go: `defaultRun`)
            hit = { results: op ? [] : evaluateDeletingPolicy(dpol, suite.resources[ri]!.object, baseCtx) };
            memo.set(key, hit);
            return hit;
          }
          const admission = mutates ? admitted(ri, op, ctx) : undefined;
          const mutation = admission?.mutations.get(pi);
          const object = admission?.admitted ?? suite.resources[ri]!.object;
          const lp = policies[pi]!;
          const generation = generateForTrigger(lp, object, ctx, { sources });
          // classic validate rules run before the MutatingAdmissionPolicies and MutatingPolicies
          // (policies/admit-resource.ts)
          const validated = isClassicPolicy(lp.policy) && admission ? admission.afterClassicMutate : object;
          hit = {
            results: [
              ...(mutation?.results ?? []),
              ...evaluateLoadedPolicy(lp, validated, ctx),
              ...(generation?.results ?? []),
            ],
          };
          if (mutation) hit.patched = mutation.resource;
          if (mutation?.patchedTargets?.length)
            hit.patchedTargets = new Map(mutation.patchedTargets.map((t) => [t.result, t.target]));
          if (generation) {
            hit.generated = generation.generated;
            hit.generations = new Set(generation.results);
          }
        } catch (e) {
          hit = { results: [], error: e instanceof Error ? e.message : String(e) };
        }
        memo.set(key, hit);
      }
      return hit;
    };
    const checked = checkResultRows({
      test: decoded.test,
      resources: suite.resources,
      policies: suite.policies.policies,
      invalid: suite.policies.invalid,
      unsupportedPolicies: suite.policies.unsupported,
      ...(suite.values ? { values: suite.values } : {}),
      evaluate,
      compareResource: (files, actual) => {
        const sets = files.map((f) => expected.get(f) ?? { objects: [] });
        const error = sets.find((x) => x.error !== undefined)?.error;
        const objects = sets.flatMap((x) => x.objects);
        return compareExpectedResource(actual, error !== undefined ? { objects, error } : { objects });
      },
    });
    const result: SuiteResult = { path: shown, name: decoded.test.name, results: checked.results };
    if (checked.unsupported.length) result.unsupported = checked.unsupported;
    if (options.collectAdmitted) {
      const admitted: K8sObject[] = [];
      suite.resources.forEach((r, ri) => {
        const a = mutates ? admitted_(ri) : undefined;
        if (a && a.admitted !== r.object) admitted.push(a.admitted);
        policies.forEach((_, pi) => {
          for (const g of evaluate(ri, pi).generated ?? []) admitted.push(g.object);
        });
      });
      if (admitted.length) result.admitted = admitted;
    }
    if (findings.length) result.findings = sortFindings(findings);
    out.push(result);
  }
  return out;
}

/** The Namespace objects among the Test's clusterResources, by name (`namespaceObject`). */
function namespacesOf(objects: readonly K8sObject[] | undefined): Record<string, K8sObject> | undefined {
  const out: Record<string, K8sObject> = {};
  let any = false;
  for (const o of objects ?? []) {
    const name = o.metadata?.name;
    if (o.kind !== 'Namespace' || o.apiVersion !== 'v1' || typeof name !== 'string' || !name) continue;
    if (!Object.hasOwn(out, name)) setOwn(out, name, o);
    any = true;
  }
  return any ? out : undefined;
}

/**
 * An HTTP or Envoy request goes to the ValidatingPolicies of that evaluation mode only (kyverno v1.19.1
 * commands/test/test.go: AuthzProcessor.ApplyHTTPPolicies / ApplyEnvoyPolicies).
 */
function evaluateAuthzPayload(
  lp: LoadedPolicy,
  mode: AuthzMode,
  payload: unknown,
  ctx: AdmissionPolicyContext,
): RuleResult[] {
  const p = lp.policy;
  if (!isValidatingPolicy(p) || lp.admission) return [];
  const internal = p.internal as ValidatingPolicyInternal;
  if (internal.authz?.mode !== mode) return [];
  const request = mode === 'Envoy' ? envoyCheckRequest(payload) : httpCheckRequest(payload);
  return evaluateAuthzPolicy(
    {
      name: p.name,
      key: p.key,
      failurePolicyIgnore: internal.failurePolicyIgnore,
      validationFailureAction: p.validationFailureAction,
      program: internal.authz,
    },
    request,
    ctx.ruleTimeoutMs !== undefined ? { ruleTimeoutMs: ctx.ruleTimeoutMs } : {},
  );
}

/**
 * Policies a JSON payload is given to besides DeletingPolicies (kyverno v1.19.1 commands/test/test.go
 * runs `applyDeletingPolicies` on each payload too): ValidatingPolicies, not admission or classic ones.
 */
function isPayloadPolicy(lp: LoadedPolicy): boolean {
  return isValidatingPolicy(lp.policy) && !lp.admission;
}

/** The `oldResources` entry of the same kind, namespace and name as resource `ri` (its UPDATE's oldObject). */
function oldResourceOf(suite: LoadedSuite, ri: number): K8sObject | undefined {
  const r = suite.resources[ri]!;
  return suite.oldResources?.find(
    (o) => o.kind === r.kind && o.namespace === r.namespace && o.name === r.name,
  )?.object;
}
