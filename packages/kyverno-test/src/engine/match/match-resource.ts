import { isObject, setOwn } from '../jmespath/json.js';
import type { Operation, UserInfo } from '../types.js';
import { containsWildcard, wildcardMatch } from '../values/wildcard.js';
import { type Gvk, kindMatches, parseKindSelector } from './kinds.js';
import { matchLabelSelector } from './label-selector.js';

export interface MatchRequest {
  resource: Record<string, unknown>;
  gvk: Gvk;
  subresource: string;
  operation: Operation;
  userInfo?: UserInfo;
  namespaceLabels: Record<string, string>;
  /** Filled in by the matcher: the resource's name, namespace and labels (read once per request). */
  meta?: RequestMeta;
}

const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];

function metadata(res: Record<string, unknown>): Record<string, unknown> {
  return isObject(res.metadata) ? res.metadata : {};
}

function stringMap(v: unknown): Record<string, string> {
  if (!isObject(v)) return {};
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(v)) setOwn(out, k, typeof x === 'string' ? x : String(x));
  return out;
}

/** A match/exclude filter with its attributes read once (filters are compiled policy JSON, never mutated). */
interface CompiledFilter {
  /** isEmptyFilter without / with the user-info part. */
  emptyWithoutUserInfo: boolean;
  emptyWithUserInfo: boolean;
  kinds: string[];
  name: string | undefined;
  names: NameSet | undefined;
  namespaces: NameSet | undefined;
  annotations: Array<[string, string]> | undefined;
  selector: unknown;
  namespaceSelector: unknown;
  operations: string[];
  roles: string[];
  clusterRoles: string[];
  subjects: Array<Record<string, unknown>>;
}

/** Names / namespaces of a filter: exact ones in a set, wildcard patterns apart. */
interface NameSet {
  exact: Set<string>;
  patterns: string[];
}

function nameSet(names: string[]): NameSet | undefined {
  if (names.length === 0) return undefined;
  return {
    exact: new Set(names.filter((n) => !containsWildcard(n))),
    patterns: names.filter(containsWildcard),
  };
}

function inNameSet(set: NameSet, name: string): boolean {
  if (set.exact.has(name)) return true;
  for (const p of set.patterns) if (wildcardMatch(p, name)) return true;
  return false;
}

const compiledFilters = new WeakMap<Record<string, unknown>, CompiledFilter>();

function compileFilter(filter: Record<string, unknown>): CompiledFilter {
  let c = compiledFilters.get(filter);
  if (c) return c;
  const rd = isObject(filter.resources) ? filter.resources : {};
  const emptyWithoutUserInfo = isEmptyFilter(filter, false);
  c = {
    emptyWithoutUserInfo,
    emptyWithUserInfo: emptyWithoutUserInfo && isEmptyFilter(filter, true),
    kinds: strings(rd.kinds),
    name: typeof rd.name === 'string' && rd.name !== '' ? rd.name : undefined,
    names: nameSet(strings(rd.names)),
    namespaces: nameSet(strings(rd.namespaces)),
    annotations:
      isObject(rd.annotations) && Object.keys(rd.annotations).length > 0
        ? Object.entries(rd.annotations).map(([k, v]) => [k, typeof v === 'string' ? v : String(v)])
        : undefined,
    selector: rd.selector,
    namespaceSelector: rd.namespaceSelector,
    operations: strings(rd.operations),
    roles: strings(filter.roles),
    clusterRoles: strings(filter.clusterRoles),
    subjects: Array.isArray(filter.subjects) ? filter.subjects.filter(isObject) : [],
  };
  compiledFilters.set(filter, c);
  return c;
}

export interface RequestMeta {
  md: Record<string, unknown>;
  name: string;
  namespace: string;
  labels: Record<string, string> | undefined;
}

function metaOf(req: MatchRequest): RequestMeta {
  let m = req.meta;
  if (m) return m;
  const md = metadata(req.resource);
  const name =
    typeof md.name === 'string' && md.name
      ? md.name
      : typeof md.generateName === 'string'
        ? md.generateName
        : '';
  m = { md, name, namespace: typeof md.namespace === 'string' ? md.namespace : '', labels: undefined };
  req.meta = m;
  return m;
}

/** One ResourceDescription + UserInfo block: every present attribute must hold. */
function filterMatches(f: CompiledFilter, req: MatchRequest, withUserInfo: boolean): boolean {
  if (f.kinds.length > 0 && !kindMatches(f.kinds, req.gvk, req.subresource)) return false;
  const meta = metaOf(req);
  const { md, name } = meta;
  if (f.name !== undefined && !wildcardMatch(f.name, name)) return false;
  if (f.names !== undefined && !inNameSet(f.names, name)) return false;
  if (
    f.namespaces !== undefined &&
    !inNameSet(f.namespaces, req.gvk.kind === 'Namespace' ? name : meta.namespace)
  )
    return false;
  if (f.annotations !== undefined) {
    const actual = Object.entries(stringMap(md.annotations));
    for (const [k, vs] of f.annotations) {
      if (!actual.some(([ak, av]) => wildcardMatch(k, ak) && wildcardMatch(vs, av))) return false;
    }
  }
  if (f.selector !== undefined && f.selector !== null) {
    meta.labels ??= stringMap(md.labels);
    if (!matchLabelSelector(f.selector, meta.labels, { expandWildcards: true })) return false;
  }
  if (f.namespaceSelector !== undefined && f.namespaceSelector !== null) {
    if (req.gvk.kind === 'Namespace') return false;
    if (!matchLabelSelector(f.namespaceSelector, req.namespaceLabels)) return false;
  }
  if (f.operations.length > 0 && !f.operations.includes(req.operation)) return false;

  if (withUserInfo) {
    const ui = req.userInfo ?? {};
    if (f.roles.length > 0 && !f.roles.some((r) => (ui.roles ?? []).includes(r))) return false;
    if (f.clusterRoles.length > 0 && !f.clusterRoles.some((r) => (ui.clusterRoles ?? []).includes(r)))
      return false;
    if (f.subjects.length > 0 && !f.subjects.some((s) => subjectMatches(s, ui))) return false;
  }
  return true;
}

function subjectMatches(s: Record<string, unknown>, ui: UserInfo): boolean {
  const name = typeof s.name === 'string' ? s.name : '';
  const username = ui.username ?? '';
  switch (s.kind) {
    case 'ServiceAccount':
      return wildcardMatch(
        `system:serviceaccount:${typeof s.namespace === 'string' ? s.namespace : ''}:${name}`,
        username,
      );
    case 'User':
      return wildcardMatch(name, username);
    case 'Group':
      return (ui.groups ?? []).some((g) => wildcardMatch(name, g));
    default:
      return false;
  }
}

function isEmptyFilter(filter: Record<string, unknown>, withUserInfo: boolean): boolean {
  const rd = isObject(filter.resources) ? filter.resources : {};
  const rdEmpty = Object.values(rd).every(
    (v) =>
      v === undefined ||
      v === null ||
      (Array.isArray(v) && v.length === 0) ||
      v === '' ||
      (isObject(v) && Object.keys(v).length === 0 && false),
  );
  if (!rdEmpty) return false;
  if (!withUserInfo) return true;
  return (
    strings(filter.roles).length === 0 &&
    strings(filter.clusterRoles).length === 0 &&
    !(Array.isArray(filter.subjects) && filter.subjects.length > 0)
  );
}

interface CompiledBlock {
  mode: 'any' | 'all';
  filters: CompiledFilter[];
  /**
   * The last request matched against this block and its verdict, with and without the user-info part.
   * Policies repeat the same `exclude` (system namespaces) in every rule and the requests of one resource
   * are shared by its policies; blocks with the same content share one compiled block (compileBlock),
   * so one answer per resource serves them all. Requests are not changed once matching starts.
   */
  lastRequest?: MatchRequest;
  lastVerdict?: boolean;
  lastRequestWithoutUserInfo?: MatchRequest;
  lastVerdictWithoutUserInfo?: boolean;
}

const compiledBlocks = new WeakMap<Record<string, unknown>, CompiledBlock>();
/** Compiled blocks by their JSON text: blocks written alike in several rules compile to one. */
const blocksByText = new Map<string, CompiledBlock>();

function compileBlock(block: Record<string, unknown>): CompiledBlock {
  let c = compiledBlocks.get(block);
  if (c) return c;
  // policy JSON (decoded YAML): the same text is the same block
  const text = JSON.stringify(block);
  c = blocksByText.get(text);
  if (c === undefined) {
    c = buildBlock(block);
    if (blocksByText.size > 10_000) blocksByText.clear();
    blocksByText.set(text, c);
  }
  compiledBlocks.set(block, c);
  return c;
}

function buildBlock(block: Record<string, unknown>): CompiledBlock {
  const filters = (mode: 'any' | 'all', list: CompiledFilter[]): CompiledBlock => ({
    mode,
    filters: list,
    lastRequest: undefined,
    lastVerdict: undefined,
    lastRequestWithoutUserInfo: undefined,
    lastVerdictWithoutUserInfo: undefined,
  });
  if (Array.isArray(block.any) && block.any.length > 0)
    return filters('any', block.any.filter(isObject).map(compileFilter));
  if (Array.isArray(block.all) && block.all.length > 0)
    return filters('all', block.all.filter(isObject).map(compileFilter));
  return filters('any', [compileFilter(block)]);
}

/** blockMatches, answered once per (block, request, user-info part): see CompiledBlock.lastRequest. */
function blockMatches(block: CompiledBlock, req: MatchRequest, withUserInfo: boolean): boolean {
  if (withUserInfo) {
    if (block.lastRequest === req) return block.lastVerdict as boolean;
    const verdict = evaluateBlock(block, req, true);
    block.lastRequest = req;
    block.lastVerdict = verdict;
    return verdict;
  }
  if (block.lastRequestWithoutUserInfo === req) return block.lastVerdictWithoutUserInfo as boolean;
  const verdict = evaluateBlock(block, req, false);
  block.lastRequestWithoutUserInfo = req;
  block.lastVerdictWithoutUserInfo = verdict;
  return verdict;
}

function evaluateBlock(block: CompiledBlock, req: MatchRequest, withUserInfo: boolean): boolean {
  const any = block.mode === 'any';
  for (const f of block.filters) {
    const ok =
      !(withUserInfo ? f.emptyWithUserInfo : f.emptyWithoutUserInfo) && filterMatches(f, req, withUserInfo);
    if (ok === any) return any; // any: first match wins; all: first miss loses
  }
  return !any;
}

/** `match` block: any / all / legacy flat form. UserInfo parts are dropped when the request has no user info. */
export function matchBlockMatches(block: unknown, req: MatchRequest): boolean {
  if (!isObject(block)) return false;
  return blockMatches(compileBlock(block), req, req.userInfo !== undefined);
}

/**
 * A PolicyException's `match` (kyverno `pkg/engine/utils/exceptions.go: checkMatchesResources`): only
 * `any` / `all` count (no legacy flat form), and the user-info parts are always checked against the
 * request (never dropped, so with no user info a filter naming subjects or roles does not match).
 */
export function exceptionMatchBlockMatches(block: unknown, req: MatchRequest): boolean {
  if (!isObject(block)) return false;
  const any = Array.isArray(block.any) && block.any.length > 0;
  if (!any && !(Array.isArray(block.all) && block.all.length > 0)) return false;
  return blockMatches(compileBlock(block), req, true);
}

/** `exclude` block: true when the resource is excluded. */
export function excludeBlockMatches(block: unknown, req: MatchRequest): boolean {
  if (!isObject(block)) return false;
  return blockMatches(compileBlock(block), req, true);
}

/**
 * Resource kinds a `match` block can match, or undefined when it could match any kind (a filter
 * without kinds, or a wildcard kind). A superset: matching still decides.
 */
export function possibleKinds(block: unknown): Set<string> | undefined {
  if (!isObject(block)) return new Set();
  const c = compileBlock(block);
  const kindsOf = (f: CompiledFilter): Set<string> | undefined => {
    if (f.kinds.length === 0) return undefined;
    const out = new Set<string>();
    for (const sel of f.kinds) {
      const k = parseKindSelector(sel)[2];
      if (containsWildcard(k)) return undefined;
      out.add(k);
    }
    return out;
  };
  if (c.mode === 'all') {
    // every filter must match: any one filter's kinds bound the result
    for (const f of c.filters) {
      const ks = kindsOf(f);
      if (ks) return ks;
    }
    return undefined;
  }
  const out = new Set<string>();
  for (const f of c.filters) {
    const ks = kindsOf(f);
    if (!ks) return undefined;
    for (const k of ks) out.add(k);
  }
  return out;
}
