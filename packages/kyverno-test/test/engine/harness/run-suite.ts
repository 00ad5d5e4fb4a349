/**
 * Tiny local kyverno-test.yaml harness used only by the engine's own tests (the full conformance
 * runner lives in src/runner). Follows the CLI's row matching (§1.6 of the design brief).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { type K8sObject, loadYaml } from '@neuroscale/core';
import {
  type CompiledException,
  type CompiledPolicy,
  compileException,
  compilePolicy,
  type EvaluationContext,
  evaluatePolicy,
  type RuleResult,
  type UserInfo,
  type ValuesSpec,
} from '../../../src/engine/index.js';

export const SHARED =
  process.env.NEUROSCALE_SHARED ?? resolve(import.meta.dirname, '../../../../../../shared');
export const CORPUS = join(SHARED, 'conformance/kyverno-policies');

function docs(file: string): unknown[] {
  const { documents } = loadYaml(readFileSync(file, 'utf8'), { file });
  return documents.map((d) => d.value).filter((v) => v && typeof v === 'object');
}

function files(path: string): string[] {
  if (statSync(path).isDirectory()) {
    return readdirSync(path)
      .filter((n) => !n.startsWith('.'))
      .sort()
      .flatMap((n) => {
        const p = join(path, n);
        return statSync(p).isDirectory() ? files(p) : /\.ya?ml$/.test(n) ? [p] : [];
      });
  }
  return [path];
}

const CLUSTER_SCOPED = new Set([
  'Namespace',
  'Node',
  'ClusterRole',
  'ClusterRoleBinding',
  'PersistentVolume',
  'StorageClass',
  'CustomResourceDefinition',
  'ClusterPolicy',
  'PriorityClass',
  'ValidatingWebhookConfiguration',
  'MutatingWebhookConfiguration',
  'APIService',
  'IngressClass',
  'RuntimeClass',
  'CSIDriver',
  'ClusterIssuer',
  'PodSecurityPolicy',
  'VolumeAttachment',
  'CertificateSigningRequest',
]);

export interface RowOutcome {
  policy: string;
  rule: string;
  resource: string;
  expected: string;
  actual: string;
  ok: boolean;
}

export interface SuiteOutcome {
  rows: RowOutcome[];
  unsupported: boolean;
}

export function runSuite(testFile: string): SuiteOutcome {
  const dir = dirname(testFile);
  const test = docs(testFile)[0] as Record<string, any>;
  const policies: CompiledPolicy[] = [];
  const invalid = new Set<string>();
  const exceptions: CompiledException[] = [];
  let unsupported = false;
  for (const p of test.policies ?? []) {
    for (const f of files(resolve(dir, p))) {
      for (const d of docs(f) as K8sObject[]) {
        if (d.kind === 'PolicyException') {
          const e = compileException(d);
          if (e.exception) exceptions.push(e.exception);
          continue;
        }
        const r = compilePolicy(d, { file: f });
        if (r.policy) {
          policies.push(r.policy);
          if (r.policy.unsupportedRules.length) unsupported = true;
        } else if (d.metadata?.name) invalid.add(d.metadata.name);
      }
    }
  }
  for (const p of test.exceptions ?? []) {
    for (const d of docs(resolve(dir, p)) as K8sObject[]) {
      const e = compileException(d);
      if (e.exception) exceptions.push(e.exception);
    }
  }
  const seen = new Set<string>();
  const resources: K8sObject[] = [];
  for (const p of test.resources ?? []) {
    for (const d of docs(resolve(dir, p)) as K8sObject[]) {
      d.metadata ??= {};
      if (!d.metadata.namespace && !CLUSTER_SCOPED.has(d.kind ?? '')) d.metadata.namespace = 'default';
      const key = `${(d.apiVersion ?? '').split('/').slice(0, -1).join('/')}|${d.kind}|${d.metadata.namespace ?? ''}|${d.metadata.name}`;
      if (seen.has(key)) continue;
      seen.add(key);
      resources.push(d);
    }
  }
  let values: ValuesSpec | undefined = test.values;
  if (!values && test.variables) values = docs(resolve(dir, test.variables))[0] as ValuesSpec;
  let userInfo: UserInfo | undefined;
  if (test.userinfo) {
    const u = docs(resolve(dir, test.userinfo))[0] as Record<string, any>;
    userInfo = { ...(u.userInfo ?? {}), roles: u.roles, clusterRoles: u.clusterRoles };
  }
  const clusterResources = (test.clusterResources ?? []).flatMap(
    (p: string) => docs(resolve(dir, p)) as K8sObject[],
  );
  const run = (operation?: string) => {
    const ev: EvaluationContext = { values, userInfo, exceptions };
    if (clusterResources.length) ev.clusterResources = clusterResources;
    if (test.apiCallResponses) ev.apiCallResponses = test.apiCallResponses;
    if (test.globalContextEntries) ev.globalContextEntries = test.globalContextEntries;
    if (operation) ev.operation = operation as EvaluationContext['operation'];
    return resources.map((res) => ({
      res,
      results: policies.flatMap((p) => evaluatePolicy(p, res, ev).map((r) => ({ ...r, policyName: p.name }))),
    }));
  };
  const base = run();
  const rows: RowOutcome[] = [];
  for (const row of test.results ?? []) {
    const trigger = row.operation ? run(row.operation) : base;
    const policyName = String(row.policy).split('/').pop() as string;
    const names: string[] = [...(row.resources ?? []), ...(row.resource ? [row.resource] : [])];
    let selected = trigger.filter(({ res }) =>
      names.some((n) =>
        n.includes('/') ? n === `${res.metadata?.namespace}/${res.metadata?.name}` : n === res.metadata?.name,
      ),
    );
    if (selected.length === 0) selected = trigger;
    const expected = row.result ?? row.status;
    for (const { res, results } of selected) {
      const rr: Array<RuleResult & { policyName: string }> = results.filter(
        (r) =>
          r.policyName === policyName &&
          (!row.rule || [row.rule, `autogen-${row.rule}`, `autogen-cronjob-${row.rule}`].includes(r.rule)),
      );
      const resource = `${res.kind}/${res.metadata?.namespace ?? ''}/${res.metadata?.name}`;
      if (rr.length === 0) {
        const known = policies.some((p) => p.name === policyName) || invalid.has(policyName);
        rows.push({
          policy: policyName,
          rule: row.rule,
          resource,
          expected,
          actual: known ? 'excluded' : 'not found',
          ok: known,
        });
        continue;
      }
      for (const r of rr)
        rows.push({
          policy: policyName,
          rule: r.rule,
          resource,
          expected,
          actual: r.status,
          ok: r.status === expected,
        });
    }
  }
  return { rows, unsupported };
}

export function manifest(): Array<{ path: string; tier: number; features: string }> {
  const lines = readFileSync(join(CORPUS, 'MANIFEST.tsv'), 'utf8').trim().split('\n').slice(1);
  return lines.map((l) => {
    const [path = '', tier = '0', , features = ''] = l.split('\t');
    return { path: join(CORPUS, path), tier: Number(tier), features };
  });
}
