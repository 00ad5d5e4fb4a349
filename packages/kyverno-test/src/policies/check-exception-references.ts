/**
 * PolicyExceptions that name a policy or rule that is not loaded. Kyverno itself accepts them and
 * they simply never apply (`pkg/engine/engine.go: GetPolicyExceptions` selects by policy key and rule
 * name); a dangling exception is almost always a typo or a stale exception, so it is reported.
 */
import { type Finding, finding } from '@neuroscale/core';
import { isCelExceptionInternal } from '../cel/vpol/compile-cel-exception.js';
import type { CompiledException } from '../engine/index.js';
import type { ExceptionInternal } from '../engine/types.js';
import { wildcardMatch } from '../engine/values/wildcard.js';
import type { LoadPoliciesResult } from './load-policies.js';

interface KnownPolicy {
  kind: string;
  rules: string[];
}

/** Every loaded policy key → its kind and rule names (base, autogen and unsupported rules). */
function knownPolicies(loaded: Pick<LoadPoliciesResult, 'policies' | 'unsupported' | 'invalid'>) {
  const known = new Map<string, KnownPolicy>();
  for (const lp of loaded.policies) {
    const p = lp.policy;
    const rules = [...p.rules.flatMap((r) => [r.name, r.baseName]), ...p.unsupportedRules.map((u) => u.rule)];
    known.set(`${p.kind}\t${p.key}`, { kind: p.kind, rules });
    known.set(p.key, { kind: p.kind, rules });
  }
  // policies that did not compile or are not evaluated still exist: no finding for exceptions naming them
  const opaque = { kind: '*', rules: ['*'] };
  for (const u of loaded.unsupported) {
    known.set(`${u.kind}\t${u.name}`, opaque);
    known.set(u.name, known.get(u.name) ?? opaque);
  }
  for (const i of loaded.invalid) known.set(i.name, opaque);
  return known;
}

const CLASSIC_KINDS = new Set(['ClusterPolicy', 'Policy']);

/** One warning per dangling reference, on the exception's file and line. */
export function checkExceptionReferences(
  exceptions: readonly CompiledException[],
  loaded: Pick<LoadPoliciesResult, 'policies' | 'unsupported' | 'invalid'>,
): Finding[] {
  const known = knownPolicies(loaded);
  const findings: Finding[] = [];
  const report = (ex: CompiledException, message: string) =>
    findings.push(
      finding({
        ruleId: 'kyverno/exception-unknown-reference',
        severity: 'warning',
        message: `PolicyException ${ex.namespace ? `${ex.namespace}/` : ''}${ex.name}: ${message}`,
        object: {
          kind: 'PolicyException',
          name: ex.name,
          ...(ex.namespace ? { namespace: ex.namespace } : {}),
        },
        ...(ex.source.file ? { location: { file: ex.source.file, line: ex.source.line ?? 1 } } : {}),
      }),
    );
  for (const ex of exceptions) {
    const internal = ex.internal;
    if (isCelExceptionInternal(internal)) {
      for (const ref of internal.policyRefs) {
        if (!known.has(`${ref.kind}\t${ref.name}`))
          report(ex, `policyRefs names ${ref.kind} ${ref.name}, which is not loaded`);
      }
      continue;
    }
    for (const entry of (internal as ExceptionInternal).entries) {
      const policy = known.get(entry.policyName);
      if (!policy || (policy.kind !== '*' && !CLASSIC_KINDS.has(policy.kind))) {
        report(ex, `exceptions names policy ${entry.policyName}, which is not loaded`);
        continue;
      }
      for (const rule of entry.ruleNames) {
        if (!policy.rules.some((r) => r === '*' || wildcardMatch(rule, r)))
          report(ex, `exceptions names rule ${rule} of policy ${entry.policyName}, which has no such rule`);
      }
    }
  }
  return findings;
}
