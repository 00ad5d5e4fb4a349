import { isObject } from '../jmespath/json.js';
import { parseKindSelector } from '../match/kinds.js';

export const POD_CONTROLLERS = [
  'DaemonSet',
  'Deployment',
  'Job',
  'StatefulSet',
  'ReplicaSet',
  'ReplicationController',
  'CronJob',
] as const;

export const CONTROLLER_GVK: Record<string, string> = {
  DaemonSet: 'apps/v1/DaemonSet',
  Deployment: 'apps/v1/Deployment',
  Job: 'batch/v1/Job',
  StatefulSet: 'apps/v1/StatefulSet',
  ReplicaSet: 'apps/v1/ReplicaSet',
  ReplicationController: 'v1/ReplicationController',
  CronJob: 'batch/v1/CronJob',
};

export const AUTOGEN_ANNOTATION = 'pod-policies.kyverno.io/autogen-controllers';

const kindOf = (sel: string): string => parseKindSelector(sel)[2];
const kindsOf = (rd: unknown): string[] =>
  isObject(rd) && Array.isArray(rd.kinds) ? rd.kinds.filter((k): k is string => typeof k === 'string') : [];
const containsKind = (kinds: string[], kind: string): boolean => kinds.some((k) => kindOf(k) === kind);

function resourceDescriptions(block: unknown): unknown[] {
  if (!isObject(block)) return [];
  const out: unknown[] = [];
  if (block.resources !== undefined) out.push(block.resources);
  for (const list of [block.any, block.all])
    if (Array.isArray(list)) for (const f of list) if (isObject(f)) out.push(f.resources);
  return out;
}

/** `CanAutoGen`: whether the policy's rules allow autogen, and whether some rule needs it. */
export function canAutoGen(rules: Array<Record<string, unknown>>): boolean {
  let needed = false;
  const controllerSet = new Set<string>([...POD_CONTROLLERS, 'Pod']);
  for (const rule of rules) {
    if (rule.generate !== undefined) return false;
    const mutate = rule.mutate;
    if (isObject(mutate)) {
      if (mutate.patchesJson6902 !== undefined) return false;
      if (
        Array.isArray(mutate.foreach) &&
        mutate.foreach.some((f) => isObject(f) && f.patchesJson6902 !== undefined)
      )
        return false;
    }
    for (const rd of [...resourceDescriptions(rule.match), ...resourceDescriptions(rule.exclude)]) {
      if (!isObject(rd)) continue;
      if ((typeof rd.name === 'string' && rd.name !== '') || (Array.isArray(rd.names) && rd.names.length > 0))
        return false;
      if (rd.selector !== undefined && rd.selector !== null) return false;
      if (rd.annotations !== undefined && rd.annotations !== null) return false;
      const kinds = kindsOf(rd);
      if (kinds.length > 1 && containsKind(kinds, 'Pod')) return false;
      if (kinds.some((k) => controllerSet.has(kindOf(k)))) needed = true;
    }
  }
  return needed;
}

/** Controllers autogen applies to, honouring the autogen-controllers annotation. */
export function autogenControllers(
  rules: Array<Record<string, unknown>>,
  annotations: Record<string, string>,
): Set<string> {
  if (!canAutoGen(rules)) return new Set();
  const ann = annotations[AUTOGEN_ANNOTATION];
  if (ann === undefined) return new Set(POD_CONTROLLERS);
  if (ann.trim() === 'none') return new Set();
  return new Set(
    ann
      .split(',')
      .map((s) => s.trim())
      .filter((s) => (POD_CONTROLLERS as readonly string[]).includes(s)),
  );
}

function matchHasPod(block: unknown): boolean {
  return resourceDescriptions(block).some((rd) => containsKind(kindsOf(rd), 'Pod'));
}

function replaceKinds(block: unknown, gvk: string, isExclude: boolean): unknown {
  if (!isObject(block)) return block;
  const out: Record<string, unknown> = { ...block };
  const swap = (rd: unknown): unknown => {
    if (!isObject(rd)) return rd;
    const kinds = kindsOf(rd);
    if (isExclude && kinds.length === 0) return rd;
    if (!containsKind(kinds, 'Pod')) return rd;
    return { ...rd, kinds: [gvk] };
  };
  if (out.resources !== undefined) out.resources = swap(out.resources);
  for (const key of ['any', 'all'] as const) {
    if (Array.isArray(out[key]))
      out[key] = (out[key] as unknown[]).map((f) =>
        isObject(f) ? { ...f, resources: swap(f.resources) } : f,
      );
  }
  return out;
}

function rewriteStrings(v: unknown, cron: boolean): unknown {
  if (typeof v === 'string') {
    return v.replace(/request\.(object|oldObject)\.(spec|metadata)/g, (_m, obj: string, field: string) =>
      cron
        ? `request.${obj}.spec.jobTemplate.spec.template.${field}`
        : `request.${obj}.spec.template.${field}`,
    );
  }
  if (Array.isArray(v)) return v.map((x) => rewriteStrings(x, cron));
  if (isObject(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[rewriteStrings(k, cron) as string] = rewriteStrings(x, cron);
    return out;
  }
  return v;
}

/** Generates the `autogen-`/`autogen-cronjob-` clone of a Pod rule for one controller kind, or undefined. */
export function generateRule(
  rule: Record<string, unknown>,
  controller: string,
): Record<string, unknown> | undefined {
  if (!matchHasPod(rule.match)) return undefined;
  const excludeKinds = resourceDescriptions(rule.exclude).flatMap(kindsOf);
  if (excludeKinds.length > 0 && !containsKind(excludeKinds, 'Pod')) return undefined;
  const cron = controller === 'CronJob';
  const gvk = CONTROLLER_GVK[controller] as string;
  const name = `${cron ? 'autogen-cronjob-' : 'autogen-'}${String(rule.name ?? '')}`.slice(0, 63);
  const wrap = (p: unknown): unknown =>
    cron ? { spec: { jobTemplate: { spec: { template: p } } } } : { spec: { template: p } };
  const out: Record<string, unknown> = { ...rule, name };
  out.match = replaceKinds(rule.match, gvk, false);
  if (rule.exclude !== undefined) out.exclude = replaceKinds(rule.exclude, gvk, true);
  if (isObject(rule.validate)) {
    const v: Record<string, unknown> = { ...rule.validate };
    if (v.manifests !== undefined) {
      // kyverno v1.19.1 pkg/autogen/v1/rule.go generateRule rebuilds the validate block from its
      // pattern, deny, podSecurity, anyPattern or foreach (dropping manifests), keeps a cel one whole,
      // and generates nothing for a validate that only verifies manifests
      const rebuilt = ['pattern', 'deny', 'podSecurity', 'anyPattern', 'foreach'].some(
        (k) => v[k] !== undefined,
      );
      if (rebuilt) delete v.manifests;
      else if (v.cel === undefined && rule.verifyImages === undefined) return undefined;
    }
    if (v.pattern !== undefined) v.pattern = wrap(v.pattern);
    if (Array.isArray(v.anyPattern)) v.anyPattern = v.anyPattern.map(wrap);
    out.validate = v;
  }
  if (isObject(rule.mutate)) {
    // pkg/autogen/v1/rule.go: patchStrategicMerge (also per foreach entry) is wrapped like a pattern
    const m: Record<string, unknown> = { ...rule.mutate };
    if (m.patchStrategicMerge !== undefined) m.patchStrategicMerge = wrap(m.patchStrategicMerge);
    if (Array.isArray(m.foreach))
      m.foreach = m.foreach.map((f) =>
        isObject(f) && f.patchStrategicMerge !== undefined
          ? { ...f, patchStrategicMerge: wrap(f.patchStrategicMerge) }
          : f,
      );
    out.mutate = m;
  }
  const rewritten = rewriteStrings(out, cron) as Record<string, unknown>;
  rewritten.name = name;
  rewritten.match = out.match;
  if (out.exclude !== undefined) rewritten.exclude = out.exclude;
  return rewritten;
}
