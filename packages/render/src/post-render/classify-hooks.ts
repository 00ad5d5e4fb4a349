/**
 * Hook classification (gitops-engine pkg/sync/hook/hook.go IsHook/Skip/Types, hook/helm/{hook,type}.go).
 */
import type { K8sObject } from '@neuroscale/core';

const ARGO_TYPES = new Set(['PreSync', 'Sync', 'PostSync', 'SyncFail', 'Skip', 'PreDelete', 'PostDelete']);
const HELM_TYPES: Record<string, string> = {
  'pre-install': 'PreSync',
  'pre-upgrade': 'PreSync',
  'post-install': 'PostSync',
  'post-upgrade': 'PostSync',
  'pre-delete': 'PreDelete',
  'post-delete': 'PostDelete',
};

export interface HookClass {
  role: 'resource' | 'hook' | 'never-applied';
  types: string[];
}

function split(v: string): string[] {
  return v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

export function classifyHook(obj: K8sObject): HookClass {
  const ann = obj.metadata?.annotations ?? {};
  const argo = ann['argocd.argoproj.io/hook'];
  const helm = ann['helm.sh/hook'];
  let types: string[] = [];
  if (typeof argo === 'string') types = split(argo).filter((t) => ARGO_TYPES.has(t));
  if (types.length === 0 && typeof helm === 'string') {
    // own-key lookup: a `helm.sh/hook: constructor` annotation must not find Object.prototype.constructor
    types = [...new Set(split(helm).flatMap((t) => (Object.hasOwn(HELM_TYPES, t) ? [HELM_TYPES[t]!] : [])))];
  }
  const isSkip = types.includes('Skip') && types.length === 1;
  let isHook: boolean;
  if (typeof argo === 'string') isHook = !isSkip;
  else isHook = typeof helm === 'string' && helm !== 'crd-install';
  if (isSkip) return { role: 'never-applied', types: ['Skip'] };
  if (!isHook) return { role: 'resource', types: [] };
  const phases = types.filter((t) => t !== 'Skip');
  return phases.length ? { role: 'hook', types: phases } : { role: 'never-applied', types: [] };
}
