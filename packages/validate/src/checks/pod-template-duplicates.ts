/**
 * Duplicates inside pod specs: container names and hostPorts (the API server rejects them), port names
 * within a container (rejected), env var names within a container and containerPort/protocol pairs
 * across the pod (accepted with a warning; the later env entry silently wins and merge patches drift).
 * Covers Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob,
 * PodTemplate and KServe InferenceService components (predictor, transformer, explainer).
 */
import type { Finding, Manifest } from '@neuroscale/core';
import { type CheckContext, isRecord, manifestFinding } from './check-context.js';

const TEMPLATE_KINDS: Record<string, string> = {
  Deployment: '/spec/template/spec',
  StatefulSet: '/spec/template/spec',
  DaemonSet: '/spec/template/spec',
  ReplicaSet: '/spec/template/spec',
  ReplicationController: '/spec/template/spec',
  Job: '/spec/template/spec',
  CronJob: '/spec/jobTemplate/spec/template/spec',
  PodTemplate: '/template/spec',
  Pod: '/spec',
};
const KSERVE_COMPONENTS = ['predictor', 'transformer', 'explainer'];

interface ContainerRef {
  pointer: string;
  value: Record<string, unknown>;
}

/** Segments of the few pointers looked up in every object, split once. */
const SEGMENTS = new Map<string, string[]>();

function get(o: unknown, pointer: string): unknown {
  let segments = SEGMENTS.get(pointer);
  if (!segments) {
    segments = pointer.split('/').slice(1);
    SEGMENTS.set(pointer, segments);
  }
  let cur = o;
  for (const seg of segments) {
    if (!isRecord(cur)) return undefined;
    cur = cur[seg];
  }
  return cur;
}

/** Pod-spec-like blocks of an object, each with its containers. */
export function podSpecsOf(o: Record<string, unknown>): { pointer: string; containers: ContainerRef[] }[] {
  const out: { pointer: string; containers: ContainerRef[] }[] = [];
  const kind = String(o.kind ?? '');
  const group = String(o.apiVersion ?? '').split('/')[0] ?? '';
  const template = TEMPLATE_KINDS[kind];
  const collect = (specPointer: string, extraContainerLike: boolean) => {
    const spec = get(o, specPointer);
    if (!isRecord(spec)) return;
    const containers: ContainerRef[] = [];
    for (const list of ['initContainers', 'containers', 'ephemeralContainers']) {
      const arr = spec[list];
      if (!Array.isArray(arr)) continue;
      arr.forEach((c, i) => {
        if (isRecord(c)) containers.push({ pointer: `${specPointer}/${list}/${i}`, value: c });
      });
    }
    if (extraContainerLike) {
      // KServe: `model:`, `sklearn:`, `huggingface:`… are single containers
      for (const [key, v] of Object.entries(spec)) {
        if (
          isRecord(v) &&
          (Array.isArray(v.env) ||
            Array.isArray(v.ports) ||
            typeof v.image === 'string' ||
            typeof v.storageUri === 'string')
        ) {
          containers.push({ pointer: `${specPointer}/${key}`, value: v });
        }
      }
    }
    out.push({ pointer: specPointer, containers });
  };
  if (
    template &&
    (group === 'apps' || group === 'batch' || group === 'v1' || !String(o.apiVersion).includes('/'))
  )
    collect(template, false);
  if (kind === 'InferenceService' && group === 'serving.kserve.io')
    for (const c of KSERVE_COMPONENTS) collect(`/spec/${c}`, true);
  return out;
}

export function checkPodTemplateDuplicates(ctx: CheckContext): Finding[] {
  const out: Finding[] = [];
  for (const m of ctx.manifests) {
    if (!isRecord(m.object)) continue;
    for (const spec of podSpecsOf(m.object)) checkPodSpec(m, spec.containers, out);
  }
  return out;
}

// long: one check per duplicate-prone list of a pod spec, in the API's field order
function checkPodSpec(m: Manifest, containers: ContainerRef[], out: Finding[]) {
  const names = new Map<string, string>();
  const podPorts = new Map<string, string>();
  const hostPorts = new Map<string, string>();
  for (const c of containers) {
    const name = typeof c.value.name === 'string' ? c.value.name : undefined;
    if (name !== undefined) {
      const first = names.get(name);
      if (first)
        out.push(
          manifestFinding(m, `${c.pointer}/name`, {
            ruleId: 'pod/duplicate-container-name',
            message: `container name "${name}" is used twice in the pod (first at ${first}); the API server rejects the pod`,
          }),
        );
      else names.set(name, c.pointer);
    }
    const env = c.value.env;
    if (Array.isArray(env)) {
      const seen = new Map<string, number>();
      env.forEach((e, i) => {
        if (!isRecord(e) || typeof e.name !== 'string') return;
        const prev = seen.get(e.name);
        if (prev !== undefined) {
          out.push(
            manifestFinding(m, `${c.pointer}/env/${i}`, {
              ruleId: 'pod/duplicate-env',
              severity: 'warning',
              message: `env var ${e.name} is set twice in container ${name ?? c.pointer} (env[${prev}] and env[${i}]): the last one wins, and strategic merge patches drift`,
            }),
          );
        } else seen.set(e.name, i);
      });
    }
    const ports = c.value.ports;
    if (Array.isArray(ports)) {
      const portNames = new Map<string, number>();
      ports.forEach((p, i) => {
        if (!isRecord(p)) return;
        const pointer = `${c.pointer}/ports/${i}`;
        const protocol = typeof p.protocol === 'string' ? p.protocol : 'TCP';
        if (typeof p.name === 'string' && p.name) {
          const prev = portNames.get(p.name);
          if (prev !== undefined) {
            out.push(
              manifestFinding(m, `${pointer}/name`, {
                ruleId: 'pod/duplicate-port-name',
                message: `port name "${p.name}" is used twice in container ${name ?? c.pointer} (ports[${prev}] and ports[${i}]); the API server rejects the pod`,
              }),
            );
          } else portNames.set(p.name, i);
        }
        if (p.containerPort !== undefined) {
          const key = `${String(p.containerPort)}/${protocol}`;
          const prev = podPorts.get(key);
          if (prev) {
            out.push(
              manifestFinding(m, pointer, {
                ruleId: 'pod/duplicate-port',
                severity: 'warning',
                message: `containerPort ${key} is declared twice in the pod (first at ${prev})`,
              }),
            );
          } else podPorts.set(key, pointer);
        }
        if (p.hostPort !== undefined && p.hostPort !== 0) {
          const key = `${String(p.hostIP ?? '')}:${String(p.hostPort)}/${protocol}`;
          const prev = hostPorts.get(key);
          if (prev) {
            out.push(
              manifestFinding(m, pointer, {
                ruleId: 'pod/duplicate-host-port',
                message: `hostPort ${String(p.hostPort)}/${protocol} is declared twice in the pod (first at ${prev}); the API server rejects the pod`,
              }),
            );
          } else hostPorts.set(key, pointer);
        }
      });
    }
  }
}
