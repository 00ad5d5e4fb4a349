/**
 * Rules from a pull request cannot hang, exhaust memory or pollute prototypes: every case of
 * test/fixtures/hostile/rules.yaml ends quickly with the right verdict or a budget `error` on that
 * rule (the run goes on), and leaves Object.prototype as it was.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type K8sObject, loadYaml } from '@neuroscale/core';
import { afterEach, describe, expect, it } from 'vitest';
import { evaluateLoadedPolicy } from '../../src/policies/evaluate-loaded-policy.js';
import { compilePolicyDocuments } from '../../src/policies/load-policies.js';

interface Case {
  name: string;
  validate: Record<string, unknown>;
  /** Replaces the default match (ConfigMaps); may use `repeat` values. */
  match?: Record<string, unknown>;
  /** metadata.name of the resource (default `victim`); may be a `repeat` value. */
  resourceName?: unknown;
  data: Record<string, unknown>;
  want: string;
  message?: string;
  timeoutMs?: number;
  sizeUnits?: number;
}

const FIXTURE = fileURLToPath(new URL('../fixtures/hostile/rules.yaml', import.meta.url));
const loaded = loadYaml(readFileSync(FIXTURE, 'utf8'), { file: 'rules.yaml' });
const CASES = loaded.documents[0]?.value as Case[];

const isObj = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** `{repeat, times, prefix?, suffix?}` ⇒ a long string; `{list, times}` ⇒ `[list0, list1, …]`. */
function expand(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(expand);
  if (!isObj(v)) return v;
  if (typeof v.repeat === 'string' && typeof v.times === 'number')
    return `${v.prefix ?? ''}${v.repeat.repeat(v.times)}${v.suffix ?? ''}`;
  if (typeof v.list === 'string' && typeof v.times === 'number')
    return Array.from({ length: v.times }, (_, i) => `${v.list}${i}`);
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v))
    Object.defineProperty(out, k, {
      value: expand(v[k]),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  return out;
}

/** `variables: {doubling: {seed, steps, step?}}` ⇒ v0 = seed, v(i) = step(v(i-1)). */
function expandVariables(cel: Record<string, unknown>): Record<string, unknown> {
  const d = isObj(cel.variables) && isObj(cel.variables.doubling) ? cel.variables.doubling : undefined;
  if (!d) return cel;
  const step = typeof d.step === 'string' ? d.step : '{p} + {p}';
  const vars = [{ name: 'v0', expression: String(d.seed) }];
  for (let i = 1; i < Number(d.steps); i++)
    vars.push({ name: `v${i}`, expression: step.replaceAll('{p}', `variables.v${i - 1}`) });
  return { ...cel, variables: vars };
}

function policyFor(c: Case) {
  const validate = isObj(c.validate.cel)
    ? { ...c.validate, cel: expandVariables(c.validate.cel) }
    : expand(c.validate);
  const doc = {
    apiVersion: 'kyverno.io/v1',
    kind: 'ClusterPolicy',
    metadata: { name: 'hostile' },
    spec: {
      validationFailureAction: 'Enforce',
      rules: [
        {
          name: 'r',
          match: c.match ? expand(c.match) : { any: [{ resources: { kinds: ['ConfigMap'] } }] },
          validate,
        },
      ],
    },
  };
  const r = compilePolicyDocuments([
    { value: doc, file: 'p.yaml', absPath: '/p.yaml', index: 0, line: 1, column: 1, locate: () => undefined },
  ]);
  expect(r.policies).toHaveLength(1);
  return r.policies[0]!;
}

const protoKeys = () => Object.getOwnPropertyNames(Object.prototype).sort();
const before = protoKeys();

afterEach(() => {
  expect(protoKeys()).toEqual(before);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
});

describe('hostile rules (fixtures/hostile/rules.yaml)', () => {
  it('the fixture loads', () => {
    expect(loaded.findings).toEqual([]);
    expect(CASES.length).toBeGreaterThan(20);
  });

  it.each(CASES.map((c) => [c.name, c] as const))(
    '%s',
    (_name, c) => {
      const policy = policyFor(c);
      const resource = {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: {
          name: c.resourceName === undefined ? 'victim' : expand(c.resourceName),
          namespace: 'default',
        },
        data: expand(c.data),
      } as K8sObject;
      const start = performance.now();
      const results = evaluateLoadedPolicy(policy, resource, {
        ruleTimeoutMs: c.timeoutMs ?? 2000,
        ...(c.sizeUnits !== undefined ? { ruleSizeUnits: c.sizeUnits } : {}),
      });
      const elapsed = performance.now() - start;
      expect(
        results.map((r) => r.status),
        JSON.stringify(results),
      ).toEqual([c.want]);
      if (c.message) expect(results[0]?.message).toMatch(new RegExp(c.message));
      // the budget stops evaluation close to its deadline, not after it (generous for a loaded machine)
      expect(elapsed).toBeLessThan((c.timeoutMs ?? 2000) + 3000);
    },
    30_000,
  );
});
