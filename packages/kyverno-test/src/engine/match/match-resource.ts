import { isObject } from '../jmespath/json.js';
import type { Operation, UserInfo } from '../types.js';
import { wildcardMatch } from '../values/wildcard.js';
import { type Gvk, kindMatches } from './kinds.js';
import { matchLabelSelector } from './label-selector.js';

export interface MatchRequest {
  resource: Record<string, unknown>;
  gvk: Gvk;
  subresource: string;
  operation: Operation;
  userInfo?: UserInfo;
  namespaceLabels: Record<string, string>;
}

const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];

function metadata(res: Record<string, unknown>): Record<string, unknown> {
  return isObject(res.metadata) ? res.metadata : {};
}

function stringMap(v: unknown): Record<string, string> {
  if (!isObject(v)) return {};
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(v)) out[k] = typeof x === 'string' ? x : String(x);
  return out;
}

/** One ResourceDescription + UserInfo block: every present attribute must hold. */
function filterMatches(filter: Record<string, unknown>, req: MatchRequest, withUserInfo: boolean): boolean {
  const rd = isObject(filter.resources) ? filter.resources : {};
  const md = metadata(req.resource);
  const name =
    typeof md.name === 'string' && md.name
      ? md.name
      : typeof md.generateName === 'string'
        ? md.generateName
        : '';
  const ns = typeof md.namespace === 'string' ? md.namespace : '';

  const kinds = strings(rd.kinds);
  if (kinds.length > 0 && !kindMatches(kinds, req.gvk, req.subresource)) return false;
  if (typeof rd.name === 'string' && rd.name !== '' && !wildcardMatch(rd.name, name)) return false;
  const names = strings(rd.names);
  if (names.length > 0 && !names.some((n) => wildcardMatch(n, name))) return false;
  const namespaces = strings(rd.namespaces);
  if (namespaces.length > 0) {
    const target = req.gvk.kind === 'Namespace' ? name : ns;
    if (!namespaces.some((n) => wildcardMatch(n, target))) return false;
  }
  if (isObject(rd.annotations) && Object.keys(rd.annotations).length > 0) {
    const actual = stringMap(md.annotations);
    for (const [k, v] of Object.entries(rd.annotations)) {
      const vs = typeof v === 'string' ? v : String(v);
      if (!Object.entries(actual).some(([ak, av]) => wildcardMatch(k, ak) && wildcardMatch(vs, av)))
        return false;
    }
  }
  if (rd.selector !== undefined && rd.selector !== null) {
    if (!matchLabelSelector(rd.selector, stringMap(md.labels), { expandWildcards: true })) return false;
  }
  if (rd.namespaceSelector !== undefined && rd.namespaceSelector !== null) {
    if (req.gvk.kind === 'Namespace') return false;
    if (!matchLabelSelector(rd.namespaceSelector, req.namespaceLabels)) return false;
  }
  const ops = strings(rd.operations);
  if (ops.length > 0 && !ops.includes(req.operation)) return false;

  if (withUserInfo) {
    const ui = req.userInfo ?? {};
    const roles = strings(filter.roles);
    if (roles.length > 0 && !roles.some((r) => (ui.roles ?? []).includes(r))) return false;
    const clusterRoles = strings(filter.clusterRoles);
    if (clusterRoles.length > 0 && !clusterRoles.some((r) => (ui.clusterRoles ?? []).includes(r)))
      return false;
    const subjects = Array.isArray(filter.subjects) ? filter.subjects.filter(isObject) : [];
    if (subjects.length > 0 && !subjects.some((s) => subjectMatches(s, ui))) return false;
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

/** `match` block: any / all / legacy flat form. UserInfo parts are dropped when the request has no user info. */
export function matchBlockMatches(block: unknown, req: MatchRequest): boolean {
  if (!isObject(block)) return false;
  const withUI = req.userInfo !== undefined;
  const test = (f: Record<string, unknown>) => !isEmptyFilter(f, withUI) && filterMatches(f, req, withUI);
  if (Array.isArray(block.any) && block.any.length > 0) return block.any.filter(isObject).some(test);
  if (Array.isArray(block.all) && block.all.length > 0) return block.all.filter(isObject).every(test);
  return test(block);
}

/** `exclude` block: true when the resource is excluded. */
export function excludeBlockMatches(block: unknown, req: MatchRequest): boolean {
  if (!isObject(block)) return false;
  const test = (f: Record<string, unknown>) => !isEmptyFilter(f, true) && filterMatches(f, req, true);
  if (Array.isArray(block.any) && block.any.length > 0) return block.any.filter(isObject).some(test);
  if (Array.isArray(block.all) && block.all.length > 0) return block.all.filter(isObject).every(test);
  return test(block);
}
