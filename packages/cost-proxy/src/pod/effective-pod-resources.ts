/**
 * Effective requests and limits of one pod, as the scheduler computes them
 * (kubernetes/kubernetes staging/src/k8s.io/component-helpers/resource/helpers.go,
 * PodRequests / PodLimits → aggregateContainerResourcesByFn):
 *
 *   steady   = Σ app containers + Σ restartable init containers (sidecars, restartPolicy: Always)
 *   initPeak = max over init containers i of (i + Σ sidecars listed before i; a sidecar counts its cumulative sum)
 *   pod      = max(steady, initPeak), then pod-level spec.resources (cpu, memory, hugepages-*) replaces it,
 *              then spec.overhead is added (to limits only where a non-zero limit exists).
 *
 * Before aggregation each container gets the API server's defaulting: a resource with a limit and no
 * request is requested at its limit (manage-resources-containers.md).
 */
import { isPlainRecord as isObject } from '@neuroscale/core';
import { parseQuantity } from '../quantity/parse-quantity.js';
import { addInto, addLists, maxInto, type ResourceList, setOwn } from '../quantity/resource-list.js';

export interface ContainerInput {
  name: string;
  /** The container's `resources` value as written. */
  resources: unknown;
  /** JSON pointer of the container inside its object (for findings). */
  pointer: string;
  restartPolicy?: unknown;
  /** Values filled in for missing request/limit keys before defaulting (KServe's webhook). */
  defaults?: { requests: Record<string, string>; limits: Record<string, string> };
}

export interface PodInput {
  containers: ContainerInput[];
  initContainers: ContainerInput[];
  overhead?: { value: unknown; pointer: string };
  /** Pod-level `spec.resources`. */
  podResources?: { value: unknown; pointer: string };
}

export interface QuantityProblem {
  pointer: string;
  message: string;
  /** `quantity`: a value that is not a valid non-negative quantity; `structure`: a malformed spec. */
  kind: 'quantity' | 'structure';
}

export interface PodResources {
  requests: ResourceList;
  limits: ResourceList;
  problems: QuantityProblem[];
  /** Containers (app and sidecar) with no cpu or no memory request and no limit to default from. */
  missingRequests: string[];
}

function parseList(value: unknown, pointer: string, problems: QuantityProblem[]): ResourceList {
  const out: ResourceList = {};
  if (value === undefined || value === null) return out;
  if (!isObject(value)) {
    problems.push({
      pointer,
      message: `expected a map of resource quantities, got ${Array.isArray(value) ? 'a list' : typeof value}`,
      kind: 'structure',
    });
    return out;
  }
  for (const key of Object.keys(value).sort()) {
    const p = parseQuantity(value[key]);
    const at = `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    if (!p.ok)
      problems.push({ pointer: at, message: `invalid quantity for ${key}: ${p.reason}`, kind: 'quantity' });
    else if (p.nanos < 0n)
      problems.push({
        pointer: at,
        message: `${key} must not be negative (${String(value[key])})`,
        kind: 'quantity',
      });
    else setOwn(out, key, p.nanos);
  }
  return out;
}

interface ParsedRequirements {
  requests: ResourceList;
  limits: ResourceList;
}

function parseRequirements(
  resources: unknown,
  pointer: string,
  problems: QuantityProblem[],
): ParsedRequirements {
  if (resources === undefined || resources === null) return { requests: {}, limits: {} };
  if (!isObject(resources)) {
    problems.push({
      pointer,
      message: 'resources must be a map with requests and limits',
      kind: 'structure',
    });
    return { requests: {}, limits: {} };
  }
  return {
    requests: parseList(resources.requests, `${pointer}/requests`, problems),
    limits: parseList(resources.limits, `${pointer}/limits`, problems),
  };
}

function parseDefaults(values: Record<string, string>): ResourceList {
  const out: ResourceList = {};
  for (const [k, v] of Object.entries(values)) {
    if (v === '') continue; // KServe: an empty default leaves the key unset
    const p = parseQuantity(v);
    if (p.ok && p.nanos >= 0n) setOwn(out, k, p.nanos);
  }
  return out;
}

function containerRequirements(
  c: ContainerInput,
  problems: QuantityProblem[],
): ParsedRequirements & { missing: boolean } {
  const parsed = parseRequirements(c.resources, `${c.pointer}/resources`, problems);
  let { requests, limits } = parsed;
  if (c.defaults) {
    requests = { ...parseDefaults(c.defaults.requests), ...requests };
    limits = { ...parseDefaults(c.defaults.limits), ...limits };
  }
  const effective: ResourceList = { ...requests };
  for (const [k, v] of Object.entries(limits)) if (effective[k] === undefined) effective[k] = v;
  const missing = effective.cpu === undefined || effective.memory === undefined;
  return { requests: effective, limits, missing };
}

const isSidecar = (c: ContainerInput): boolean => c.restartPolicy === 'Always';

/** Kubernetes' aggregation over app, sidecar and init containers for one kind of list. */
function aggregate(pod: PodInput, lists: Map<ContainerInput, ResourceList>): ResourceList {
  const result: ResourceList = {};
  for (const c of pod.containers) addInto(result, lists.get(c) ?? {});
  if (pod.initContainers.length === 0) return result;
  const sidecars: ResourceList = {};
  const initPeak: ResourceList = {};
  for (const c of pod.initContainers) {
    const own = lists.get(c) ?? {};
    if (isSidecar(c)) {
      addInto(result, own);
      addInto(sidecars, own);
      maxInto(initPeak, sidecars);
    } else {
      maxInto(initPeak, addLists(own, sidecars));
    }
  }
  maxInto(result, initPeak);
  return result;
}

const isPodLevelResource = (name: string): boolean =>
  name === 'cpu' || name === 'memory' || name.startsWith('hugepages-');

export function effectivePodResources(pod: PodInput): PodResources {
  const problems: QuantityProblem[] = [];
  const requestLists = new Map<ContainerInput, ResourceList>();
  const limitLists = new Map<ContainerInput, ResourceList>();
  const missingRequests: string[] = [];
  for (const c of [...pod.containers, ...pod.initContainers]) {
    const r = containerRequirements(c, problems);
    requestLists.set(c, r.requests);
    limitLists.set(c, r.limits);
    const runsContinuously = pod.containers.includes(c) || isSidecar(c);
    if (r.missing && runsContinuously) missingRequests.push(c.name);
  }
  let requests = aggregate(pod, requestLists);
  let limits = aggregate(pod, limitLists);

  if (pod.podResources) {
    const podLevel = parseRequirements(pod.podResources.value, pod.podResources.pointer, problems);
    // pod-level limits without requests default the requests (as container defaulting does)
    const podRequests: ResourceList = { ...podLevel.requests };
    for (const [k, v] of Object.entries(podLevel.limits))
      if (podRequests[k] === undefined) podRequests[k] = v;
    requests = { ...requests };
    limits = { ...limits };
    for (const [k, v] of Object.entries(podRequests)) if (isPodLevelResource(k)) requests[k] = v;
    for (const [k, v] of Object.entries(podLevel.limits)) if (isPodLevelResource(k)) limits[k] = v;
    if (Object.keys(podRequests).some(isPodLevelResource)) {
      // pod-level requests cover every container: none is missing cpu/memory anymore
      missingRequests.length = 0;
    }
  }

  if (pod.overhead) {
    const overhead = parseList(pod.overhead.value, pod.overhead.pointer, problems);
    requests = addLists(requests, overhead);
    limits = { ...limits };
    for (const [k, v] of Object.entries(overhead)) {
      const cur = limits[k];
      if (cur !== undefined && cur !== 0n) limits[k] = cur + v;
    }
  }
  return { requests, limits, problems, missingRequests };
}

/** PodInput from an ordinary PodSpec at `pointer` (e.g. `/spec/template/spec`). */
export function podInputFromSpec(
  spec: unknown,
  pointer: string,
): { pod: PodInput; problems: QuantityProblem[] } {
  const problems: QuantityProblem[] = [];
  const pod: PodInput = { containers: [], initContainers: [] };
  if (!isObject(spec)) {
    problems.push({ pointer, message: 'pod spec is missing or not a map', kind: 'structure' });
    return { pod, problems };
  }
  const read = (field: 'containers' | 'initContainers'): ContainerInput[] => {
    const list = spec[field];
    if (list === undefined || list === null) return [];
    if (!Array.isArray(list)) {
      problems.push({
        pointer: `${pointer}/${field}`,
        message: `${field} must be a list`,
        kind: 'structure',
      });
      return [];
    }
    return list.map((c, i) => {
      const obj = isObject(c) ? c : {};
      return {
        name: typeof obj.name === 'string' ? obj.name : `#${i}`,
        resources: obj.resources,
        restartPolicy: obj.restartPolicy,
        pointer: `${pointer}/${field}/${i}`,
      };
    });
  };
  pod.containers = read('containers');
  pod.initContainers = read('initContainers');
  if (pod.containers.length === 0)
    problems.push({
      pointer: `${pointer}/containers`,
      message: 'pod spec has no containers',
      kind: 'structure',
    });
  if (spec.overhead !== undefined) pod.overhead = { value: spec.overhead, pointer: `${pointer}/overhead` };
  if (spec.resources !== undefined)
    pod.podResources = { value: spec.resources, pointer: `${pointer}/resources` };
  return { pod, problems };
}
