import { finding, type K8sObject } from '@neuroscale/core';
import type { CompileOptions, CompilePolicyResult, CompiledPolicy } from './types.js';

/** Minimal placeholder: the full compiler replaces this. */
export function compilePolicy(obj: K8sObject, opts: CompileOptions = {}): CompilePolicyResult {
  const name = obj.metadata?.name;
  if (!name) return { findings: [finding({ ruleId: 'kyverno/invalid-policy', message: 'policy has no metadata.name' })] };
  const kind = obj.kind === 'Policy' ? 'Policy' : 'ClusterPolicy';
  const namespace = kind === 'Policy' ? (obj.metadata?.namespace ?? 'default') : undefined;
  const policy: CompiledPolicy = {
    name,
    namespace,
    kind,
    key: namespace ? `${namespace}/${name}` : name,
    rules: [],
    validationFailureAction: 'Audit',
    scored: true,
    source: { file: opts.file, line: opts.line },
    unsupportedRules: [],
    internal: undefined,
  };
  return { policy, findings: [] };
}
