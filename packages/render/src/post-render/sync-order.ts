/**
 * Argo CD's order inside one Application's sync (gitops-engine pkg/sync/sync_tasks.go: syncPhaseOrder,
 * kindOrder, Less, adjustDeps; syncwaves/waves.go): phase → wave → kind rank → name, then a Namespace moves in
 * front of the first object in it and a CRD in front of the first of its custom resources.
 */
import type { Manifest } from '@neuroscale/core';
import { apiGroup } from '@neuroscale/core';
import { cmp, isRecord } from '../render-context.js';

const KIND_ORDER = [
  'Namespace',
  'NetworkPolicy',
  'ResourceQuota',
  'LimitRange',
  'PodSecurityPolicy',
  'PodDisruptionBudget',
  'ServiceAccount',
  'Secret',
  'SecretList',
  'ConfigMap',
  'StorageClass',
  'PersistentVolume',
  'PersistentVolumeClaim',
  'CustomResourceDefinition',
  'ClusterRole',
  'ClusterRoleList',
  'ClusterRoleBinding',
  'ClusterRoleBindingList',
  'Role',
  'RoleList',
  'RoleBinding',
  'RoleBindingList',
  'Service',
  'DaemonSet',
  'Pod',
  'ReplicationController',
  'ReplicaSet',
  'Deployment',
  'HorizontalPodAutoscaler',
  'StatefulSet',
  'Job',
  'CronJob',
  'IngressClass',
  'Ingress',
  'APIService',
];
const KIND_RANK = new Map(KIND_ORDER.map((k, i) => [k, i - KIND_ORDER.length]));
const PHASE_RANK: Record<string, number> = {
  PreSync: -1,
  Sync: 0,
  PostSync: 1,
  SyncFail: 2,
  PreDelete: 3,
  PostDelete: 4,
};

function parseIntStrict(v: unknown): number | undefined {
  if (typeof v !== 'string' || !/^\s*[-+]?\d+\s*$/.test(v)) return undefined;
  return Number.parseInt(v, 10);
}

export function syncWave(m: Manifest): number {
  const ann = m.object.metadata?.annotations ?? {};
  return (
    parseIntStrict(ann['argocd.argoproj.io/sync-wave']) ?? parseIntStrict(ann['helm.sh/hook-weight']) ?? 0
  );
}

function phaseRank(m: Manifest): number {
  if (m.source.syncRole === 'never-applied') return 5;
  if (m.source.syncRole === 'hook')
    return Math.min(...(m.source.hookTypes ?? ['Sync']).map((t) => PHASE_RANK[t] ?? 0));
  return 0;
}

export function sortForSync(manifests: Manifest[]): Manifest[] {
  const keyed = manifests.map((m, i) => ({
    m,
    i,
    phase: phaseRank(m),
    wave: syncWave(m),
    kind: KIND_RANK.get(m.object.kind ?? '') ?? 0,
    name: m.object.metadata?.name ?? m.object.metadata?.generateName ?? '',
  }));
  keyed.sort(
    (a, b) =>
      a.phase - b.phase ||
      a.wave - b.wave ||
      a.kind - b.kind ||
      cmp(a.name, b.name) ||
      cmp(a.m.object.kind ?? '', b.m.object.kind ?? '') ||
      cmp(a.m.object.metadata?.namespace ?? '', b.m.object.metadata?.namespace ?? '') ||
      cmp(a.m.object.apiVersion ?? '', b.m.object.apiVersion ?? '') ||
      a.i - b.i,
  );
  const out = keyed.map((k) => k.m);
  // adjustDeps: a Namespace before the first object in it; a CRD before the first of its resources
  const moveBefore = (
    isDep: (m: Manifest) => string | undefined,
    firstUser: (key: string, m: Manifest) => boolean,
  ) => {
    for (let j = 0; j < out.length; j++) {
      const key = isDep(out[j]!);
      if (!key) continue;
      const first = out.findIndex((m) => m !== out[j] && firstUser(key, m));
      if (first >= 0 && first < j) {
        const [dep] = out.splice(j, 1);
        out.splice(first, 0, dep!);
      }
    }
  };
  moveBefore(
    (m) =>
      m.object.kind === 'Namespace' && apiGroup(m.object.apiVersion) === ''
        ? m.object.metadata?.name
        : undefined,
    (ns, m) => m.object.metadata?.namespace === ns,
  );
  moveBefore(
    (m) => {
      if (m.object.kind !== 'CustomResourceDefinition') return undefined;
      const spec = isRecord(m.object.spec) ? m.object.spec : {};
      const names = isRecord(spec.names) ? spec.names : {};
      return `${String(spec.group)}/${String(names.kind)}`;
    },
    (gk, m) => `${apiGroup(m.object.apiVersion)}/${m.object.kind}` === gk,
  );
  return out;
}
