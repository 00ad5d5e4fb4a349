/**
 * The anchor pass Kyverno runs over a `patchStrategicMerge` before merging it
 * (kyverno pkg/engine/mutate/patch/strategicPreprocessing.go, `PreProcessPattern`), ported onto plain
 * JSON values:
 *
 * - `+(key)` add-if-not-present: dropped when the resource has the key, else unwrapped;
 * - `(key)` conditions and `<(key)` global conditions are checked against the resource with the
 *   validate pattern matcher; a failed condition in a map skips the whole patch, in a list of maps it
 *   only skips that resource element; a failed global condition skips the patch unless some element
 *   passed it;
 * - a list element with anchors that matched a resource element is copied into the patch under that
 *   element's `name` (so the merge finds it); the anchored elements themselves and every condition key
 *   are then removed (`deleteConditionElements`), keeping the Go code's index-shifting deletions.
 */
import { cloneJsonTree, isObject } from '../jmespath/json.js';
import { type Anchor, parseAnchor } from '../pattern/anchors.js';
import { matchPattern } from '../pattern/match-pattern.js';

type Obj = Record<string, unknown>;

export class ConditionFailed extends Error {
  constructor(
    message: string,
    readonly global: boolean,
  ) {
    super(global ? `global condition failed: ${message}` : `condition failed: ${message}`);
  }
}

/**
 * A ConditionFailed without a stack trace. It is control flow (thrown for every resource a conditional
 * mutate anchor does not match, i.e. most objects of a repository), and capturing V8's stack trace was the
 * top self-time function of admission on the 10,008-resource bench; nothing reads its stack.
 */
function conditionFailed(message: string, global: boolean): ConditionFailed {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return new ConditionFailed(message, global);
  } finally {
    Error.stackTraceLimit = limit;
  }
}

const isCondition = (a: Anchor | undefined) => a?.kind === 'condition';
const isGlobal = (a: Anchor | undefined) => a?.kind === 'global';
/** `anchor.ContainsCondition`: a condition or a global condition. */
const containsCondition = (a: Anchor | undefined) => isCondition(a) || isGlobal(a);
const hasAnchor = (a: Anchor | undefined) => containsCondition(a) || a?.kind === 'addIfNotPresent';

/** Rewrites `pattern` (a deep copy the caller owns) against `resource`; throws ConditionFailed. */
export function preprocessPatch(pattern: Obj, resource: unknown): void {
  preprocess(pattern, resource);
  deleteConditionElements(pattern);
}

function preprocess(pattern: unknown, resource: unknown): void {
  if (isObject(pattern)) walkMap(pattern, resource);
  else if (Array.isArray(pattern) && pattern.length > 0 && isObject(pattern[0]))
    processListOfMaps(pattern, resource);
}

function walkMap(pattern: Obj, resource: unknown): void {
  handleAddIfNotPresent(pattern, resource);
  validateConditions(pattern, resource);
  for (const field of Object.keys(pattern)) {
    if (hasAnchor(parseAnchor(field))) continue;
    const rv = isObject(resource) && Object.hasOwn(resource, field) ? resource[field] : undefined;
    preprocess(pattern[field], rv);
  }
}

function resourceElements(resource: unknown): unknown[] {
  if (resource === undefined || resource === null) return [];
  if (!Array.isArray(resource)) throw new Error('wrong node kind: expected SequenceNode');
  return resource;
}

function processListOfMaps(pattern: unknown[], resource: unknown): void {
  const elements = resourceElements(resource);
  for (const patternElement of [...pattern]) {
    if (!hasAnchors(patternElement, hasAnchor)) continue;
    const global = hasAnchors(patternElement, isGlobal);
    let anyGlobalPassed = false;
    let lastGlobalError: ConditionFailed | undefined;
    const copy = cloneJsonTree(patternElement);
    for (const resourceElement of elements) {
      try {
        preprocess(copy, resourceElement);
      } catch (e) {
        if (e instanceof ConditionFailed) {
          if (e.global) lastGlobalError = e;
          continue;
        }
        throw e;
      }
      if (global) anyGlobalPassed = true;
      else handlePatternName(pattern, copy, resourceElement);
    }
    if (resource === undefined || resource === null) {
      try {
        preprocess(copy, undefined);
        if (global) anyGlobalPassed = true;
      } catch (e) {
        // a plain condition skips this element; a global one (or any other error) ends the pass
        if (e instanceof ConditionFailed && !e.global) continue;
        throw e;
      }
    }
    if (!anyGlobalPassed && lastGlobalError) throw lastGlobalError;
  }
}

function handlePatternName(pattern: unknown[], patternElement: unknown, resourceElement: unknown): void {
  if (!isObject(resourceElement)) return;
  const name = resourceElement.name;
  if (name === undefined || name === null || name === '') return;
  const node = cloneJsonTree(patternElement);
  if (deleteAnchors(node, true, false)) return;
  if (isObject(node)) node.name = name;
  pattern.push(node);
}

function handleAddIfNotPresent(pattern: unknown, resource: unknown): number {
  if (!isObject(pattern)) return 0;
  let count = 0;
  for (const field of Object.keys(pattern)) {
    const a = parseAnchor(field);
    if (a?.kind !== 'addIfNotPresent') continue;
    count++;
    if (isObject(resource) && Object.hasOwn(resource, a.key)) delete pattern[field];
    else renameField(pattern, field, a.key);
  }
  return count;
}

/** Renames a key keeping its position (kyaml renames the key node in place). */
function renameField(obj: Obj, from: string, to: string): void {
  if (from === to || !Object.hasOwn(obj, from)) return;
  const entries = Object.entries(obj);
  for (const k of Object.keys(obj)) delete obj[k];
  for (const [k, v] of entries) {
    if (k === from) obj[to] = v;
    else if (k !== to) obj[k] = v;
  }
}

function validateConditions(pattern: Obj, resource: unknown): void {
  const g = conditionsFail(pattern, resource, isGlobal);
  if (g !== undefined) throw conditionFailed(g, true);
  const c = conditionsFail(pattern, resource, isCondition);
  if (c !== undefined) throw conditionFailed(c, false);
}

/** kyaml hands scalars to the matcher as their YAML text (`convertRNodeToInterface`). */
function asMatcherValue(v: unknown): unknown {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return v;
  return String(v);
}

function conditionsFail(
  pattern: Obj,
  resource: unknown,
  filter: (a: Anchor | undefined) => boolean,
): string | undefined {
  for (const field of Object.keys(pattern)) {
    const a = parseAnchor(field);
    if (!a || !filter(a)) continue;
    if (!isObject(resource) || !Object.hasOwn(resource, a.key))
      return `could not found "${a.key}" key in the resource`;
    const pv = pattern[field];
    const rv = resource[a.key];
    if (handleAddIfNotPresent(pv, rv) > 0) continue;
    const r = matchPattern(asMatcherValue(rv), asMatcherValue(pv));
    if (r.status !== 'pass') return r.message;
  }
  return undefined;
}

function hasAnchors(node: unknown, pred: (a: Anchor | undefined) => boolean): boolean {
  if (isObject(node)) {
    for (const [k, v] of Object.entries(node)) {
      if (pred(parseAnchor(k))) return true;
      if (v !== null && v !== undefined && v !== '' && hasAnchors(v, pred)) return true;
    }
    return false;
  }
  if (Array.isArray(node)) return node.some((e) => hasAnchors(e, pred));
  if (typeof node === 'string') return containsCondition(parseAnchor(node));
  return false;
}

function deleteConditionElements(pattern: Obj): void {
  for (const field of Object.keys(pattern)) {
    const deleteScalar = containsCondition(parseAnchor(field));
    if (deleteAnchors(pattern[field], deleteScalar, false)) delete pattern[field];
  }
}

/** True when the node held only anchors and must be dropped from the patch. */
function deleteAnchors(node: unknown, deleteScalar: boolean, traverse: boolean): boolean {
  if (isObject(node)) return deleteAnchorsInMap(node, traverse);
  if (Array.isArray(node)) return deleteAnchorsInList(node, traverse);
  return deleteScalar;
}

function deleteAnchorsInMap(node: Obj, traverse: boolean): boolean {
  let anchorsExist = false;
  for (const field of Object.keys(node)) {
    if (!containsCondition(parseAnchor(field))) continue;
    if (deleteAnchors(node[field], true, traverse)) delete node[field];
    else anchorsExist = true;
  }
  if (anchorsExist) {
    for (const field of Object.keys(node)) {
      const a = parseAnchor(field);
      if (a && containsCondition(a)) renameField(node, field, a.key);
    }
  }
  let needToDelete = true;
  for (const field of Object.keys(node)) {
    if (deleteAnchors(node[field], false, traverse)) delete node[field];
    else needToDelete = false;
  }
  return needToDelete;
}

function deleteAnchorsInList(node: unknown[], traverse: boolean): boolean {
  const wasEmpty = node.length === 0;
  const snapshot = [...node];
  snapshot.forEach((element, i) => {
    let remove: boolean;
    if (hasAnchors(element, hasAnchor)) {
      remove = traverse && isObject(element) ? deleteAnchors(element, true, traverse) : true;
    } else {
      remove = deleteAnchors(element, false, traverse);
    }
    // the Go code deletes by the snapshot's index from the live list (indexes shift after a deletion)
    if (remove && i < node.length) node.splice(i, 1);
  });
  return node.length === 0 && !wasEmpty;
}
