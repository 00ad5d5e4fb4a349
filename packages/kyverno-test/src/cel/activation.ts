/** Building the CEL activation for one resource: object, oldObject, request, namespaceObject. */

import type { K8sObject } from '@neuroscale/core';
import { isPlainRecord as isObj } from '@neuroscale/core';
import type { UserInfo } from '../engine/index.js';
import { setOwn } from '../engine/jmespath/json.js';
import { toCel } from './adapter/index.js';
import { pluralOf } from './libraries/kind-plurals.js';

export interface ResourceFacts {
  group: string;
  version: string;
  kind: string;
  name: string;
  namespace: string;
  labels: Record<string, string>;
}

/** metadata.labels of a resource, every value a string. */
export function labelsOf(resource: K8sObject): Record<string, string> {
  const md = isObj(resource.metadata) ? resource.metadata : {};
  const labels: Record<string, string> = {};
  if (isObj(md.labels)) for (const [k, v] of Object.entries(md.labels)) setOwn(labels, k, String(v));
  return labels;
}

export function factsOf(resource: K8sObject, options: { labels?: boolean } = {}): ResourceFacts {
  const apiVersion = typeof resource.apiVersion === 'string' ? resource.apiVersion : '';
  const slash = apiVersion.indexOf('/');
  const md = isObj(resource.metadata) ? resource.metadata : {};
  // labels: false leaves them out (an empty map), for callers that read them through labelsOf when needed
  const labels: Record<string, string> = options.labels === false ? {} : labelsOf(resource);
  return {
    group: slash < 0 ? '' : apiVersion.slice(0, slash),
    version: slash < 0 ? apiVersion : apiVersion.slice(slash + 1),
    kind: typeof resource.kind === 'string' ? resource.kind : '',
    name:
      typeof md.name === 'string' && md.name
        ? md.name
        : typeof md.generateName === 'string'
          ? md.generateName
          : '',
    namespace: typeof md.namespace === 'string' ? md.namespace : '',
    labels,
  };
}

/**
 * The last few conversions (the resource, its namespace object, an old object), by identity. Not a
 * WeakMap over every resource: that kept each converted copy alive for the whole apply (GC cost).
 */
const RECENT = 4;
const recentInputs: Array<object | undefined> = new Array(RECENT).fill(undefined);
const recentOutputs: unknown[] = new Array(RECENT).fill(undefined);
let recentNext = 0;

/** toCel(resource), memoised for the last few resource objects (the runner never mutates resources). */
export function celObject(resource: K8sObject): unknown {
  for (let i = 0; i < RECENT; i++) if (recentInputs[i] === resource) return recentOutputs[i];
  const out = toCel(resource);
  recentInputs[recentNext] = resource;
  recentOutputs[recentNext] = out;
  recentNext = (recentNext + 1) % RECENT;
  return out;
}

export interface RequestInput {
  facts: ResourceFacts;
  resource: string;
  operation: string;
  object: unknown;
  oldObject: unknown;
  userInfo?: UserInfo;
}

/** admission.k8s.io/v1 AdmissionRequest as CEL sees it (object/oldObject must already be CEL values). */
export function admissionRequest(input: RequestInput): unknown {
  const { facts } = input;
  const ui = input.userInfo ?? {};
  return {
    uid: '',
    kind: { group: facts.group, version: facts.version, kind: facts.kind },
    resource: {
      group: facts.group,
      version: facts.version,
      resource: input.resource || pluralOf(facts.kind),
    },
    requestKind: { group: facts.group, version: facts.version, kind: facts.kind },
    requestResource: {
      group: facts.group,
      version: facts.version,
      resource: input.resource || pluralOf(facts.kind),
    },
    subResource: '',
    name: facts.name,
    namespace: facts.namespace,
    operation: input.operation,
    userInfo: {
      username: ui.username ?? '',
      uid: ui.uid ?? '',
      groups: ui.groups ?? [],
    },
    object: input.object,
    oldObject: input.oldObject,
    dryRun: false,
    options: null,
  };
}

/** `variables`: lazy, memoised getters (each variable evaluated at most once per activation). */
export function lazyVariables(
  defs: ReadonlyArray<{ name: string; evaluate: (activation: Record<string, unknown>) => unknown }>,
  activation: Record<string, unknown>,
): Record<string, unknown> {
  const vars: Record<string, unknown> = {};
  for (const d of defs) {
    let done = false;
    let value: unknown;
    let error: unknown;
    Object.defineProperty(vars, d.name, {
      enumerable: true,
      configurable: false,
      get() {
        if (!done) {
          done = true;
          try {
            value = d.evaluate(activation);
          } catch (e) {
            error = e;
          }
        }
        if (error !== undefined) throw error;
        return value;
      },
    });
  }
  return vars;
}

/** One lazily evaluated variable of a compiled policy. */
export interface LazyVariableDef {
  name: string;
  evaluate: (activation: Record<string, unknown>, timeoutMs: number) => unknown;
}

const LAZY_STATE = Symbol('lazy variables');

interface LazyState {
  activation: Record<string, unknown>;
  timeoutMs: number;
  /** 0 = not evaluated, 1 = value, 2 = error */
  status: Uint8Array;
  results: unknown[];
}

/**
 * lazyVariables for a fixed list of definitions, prepared once per policy. Same semantics as lazyVariables
 * within one activation: each variable is evaluated at most once, an error is thrown again on every read.
 * The `variables` object is built once and re-armed by every call (no object with accessor properties
 * built per resource: defining them made every object a slow dictionary object, the largest cost of a
 * policy with variables), so an object is valid until the next call of the same factory — the evaluation of
 * one policy on one resource, which never nests. Names repeated in the list fall back to lazyVariables
 * (which rejects them the same way).
 */
export function lazyVariableFactory(
  defs: readonly LazyVariableDef[],
): (activation: Record<string, unknown>, timeoutMs: number) => Record<string, unknown> {
  const names = defs.map((d) => d.name);
  if (new Set(names).size !== names.length) {
    return (activation, timeoutMs) =>
      lazyVariables(
        defs.map((d) => ({
          name: d.name,
          evaluate: (a: Record<string, unknown>) => d.evaluate(a, timeoutMs),
        })),
        activation,
      );
  }
  const state: LazyState = {
    activation: {},
    timeoutMs: 0,
    status: new Uint8Array(defs.length),
    results: new Array(defs.length),
  };
  const descriptors: PropertyDescriptorMap = Object.create(null);
  defs.forEach((d, i) => {
    descriptors[d.name] = {
      enumerable: true,
      configurable: false,
      get() {
        const s = state;
        if (s.status[i] === 0) {
          try {
            s.results[i] = d.evaluate(s.activation, s.timeoutMs);
            s.status[i] = 1;
          } catch (e) {
            s.results[i] = e;
            s.status[i] = 2;
          }
        }
        if (s.status[i] === 2) throw s.results[i];
        return s.results[i];
      },
    };
  });
  // the state sits under a non-enumerable symbol: CEL sees the variables only
  const vars = Object.defineProperties(Object.defineProperty({}, LAZY_STATE, { value: state }), descriptors);
  return (activation, timeoutMs) => {
    state.activation = activation;
    state.timeoutMs = timeoutMs;
    state.status.fill(0);
    state.results.fill(undefined);
    return vars;
  };
}
