/**
 * Which top-level kind and subresource a resource under test stands for, from the Values file's
 * `subresources` (cmd/cli/kubectl-kyverno/processor/policy_processor.go: ApplyPoliciesOnResource):
 * a resource whose group/version/kind equals a `subresource` entry's is matched as its
 * `parentResource` kind, with the subresource taken from the entry's `name` (`deployments/scale` ⇒
 * `scale`). Without a matching entry the resource is itself, with no subresource.
 */
import { isObject } from '../jmespath/json.js';
import type { Gvk } from './kinds.js';

const str = (v: unknown) => (typeof v === 'string' ? v : '');

export function subresourceKind(
  gvk: Gvk,
  subresources: readonly unknown[] | undefined,
): { gvk: Gvk; subresource: string } {
  let out = { gvk, subresource: '' };
  for (const entry of subresources ?? []) {
    if (!isObject(entry) || !isObject(entry.subresource) || !isObject(entry.parentResource)) continue;
    const sub = entry.subresource;
    if (str(sub.group) !== gvk.group || str(sub.version) !== gvk.version || str(sub.kind) !== gvk.kind)
      continue;
    const parent = entry.parentResource;
    // the last matching entry wins, as in the CLI's loop
    out = {
      gvk: { group: str(parent.group), version: str(parent.version), kind: str(parent.kind) },
      subresource: str(sub.name).split('/')[1] ?? '',
    };
  }
  return out;
}
