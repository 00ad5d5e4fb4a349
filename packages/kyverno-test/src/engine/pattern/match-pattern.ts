import { activeBudget } from '../evaluation/budget.js';
import { isObject } from '../jmespath/json.js';
import { type Anchor, isPhaseOneAnchor, parseAnchor } from './anchors.js';
import { expandInMetadata, mayExpandInMetadata } from './expand-metadata.js';
import { PatternMismatch, plain } from './pattern-error.js';
import { validateScalar } from './validate-scalar.js';

export type PatternOutcome =
  | { status: 'pass' }
  | { status: 'skip'; message: string }
  | { status: 'fail'; message: string; path: string }
  | { status: 'error'; message: string };

/** Tracks whether conditional/existence anchor keys were ever seen in the resource (`AnchorMap`). */
class AnchorMap {
  seen: Map<string, boolean> | undefined;
  check(tracked: readonly PlanKey[], resource: Record<string, unknown>): void {
    for (const { key, anchor } of tracked) {
      this.seen ??= new Map();
      if (this.seen.get(key) === true) continue;
      this.seen.set(key, Object.hasOwn(resource, (anchor as Anchor).key));
    }
  }
  keysAreMissing(): boolean {
    if (this.seen) for (const v of this.seen.values()) if (!v) return true;
    return false;
  }
}

type Result = PatternMismatch | undefined;

/**
 * The path of the node being walked, as segments (escaped keys and list indexes). The walk pushes and
 * pops them instead of building a path string per visited node; the string (`/spec/containers/0/`) is
 * built only for a mismatch. Every walk uses the one stack from its own `base` on (matchPattern sets it and
 * cuts the stack back when the walk ends): no stack array is allocated and grown per walk.
 */
const segs: string[] = [];
let base = 0;

function pathNow(): string {
  let p = '/';
  for (let i = base; i < segs.length; i++) p += `${segs[i]}/`;
  return p;
}

/** Path segments of list indexes 0…63, made once (String(i) per visited element allocated a string each). */
const INDEX_SEGMENTS = Array.from({ length: 64 }, (_, i) => String(i));
const indexSegment = (i: number): string => (i < 64 ? (INDEX_SEGMENTS[i] as string) : String(i));

/** The path of the key `seg` under the current node. */
const pathTo = (seg: string): string => `${pathNow()}${seg}/`;

const isScalar = (v: unknown): boolean =>
  v === null || v === undefined || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

function describe(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}

function validateElement(resource: unknown, pattern: unknown, ac: AnchorMap, knownPlan?: MapPlan): Result {
  activeBudget()?.tick(); // anyPattern × foreach × large resources: the walk is charged too
  if (isObject(pattern)) {
    if (!isObject(resource)) {
      const path = pathNow();
      return plain(
        `pattern and resource have different structures. Path: ${path}. Expected map, found ${resource === undefined || resource === null ? 'nil' : Array.isArray(resource) ? 'array' : typeof resource}`,
        path,
      );
    }
    const plan = knownPlan ?? planFor(pattern);
    if (plan.tracked.length > 0) ac.check(plan.tracked, resource);
    return validateMap(resource, pattern, plan, ac);
  }
  if (Array.isArray(pattern)) {
    if (!Array.isArray(resource)) {
      const path = pathNow();
      return plain(
        `validation rule failed at path ${path}, resource does not satisfy the expected overlay pattern`,
        path,
      );
    }
    return validateArray(resource, pattern, ac);
  }
  if (isScalar(pattern))
    return scalarMatches(resource, pattern) ? undefined : scalarMismatch(resource, pattern, pathNow());
  const path = pathNow();
  return plain(`failed at '${path}', pattern contains unknown type`, path);
}

/** A scalar pattern against a value, or against each item of a list value. */
function scalarMatches(resource: unknown, pattern: unknown): boolean {
  if (Array.isArray(resource)) {
    for (const r of resource) if (!validateScalar(r, pattern)) return false;
    return true;
  }
  return validateScalar(resource, pattern);
}

const scalarMismatch = (resource: unknown, pattern: unknown, path: string): PatternMismatch =>
  plain(`resource value '${describe(resource)}' does not match '${describe(pattern)}' at path ${path}`, path);

function hasNestedAnchors(pattern: unknown): boolean {
  if (isObject(pattern)) {
    for (const k of Object.keys(pattern)) {
      const a = parseAnchor(k);
      if (a && a.kind !== 'addIfNotPresent') return true;
    }
    return Object.values(pattern).some(hasNestedAnchors);
  }
  if (Array.isArray(pattern)) return pattern.some(hasNestedAnchors);
  return false;
}

const esc = (k: string): string => k.replace(/~/g, '~0').replace(/\//g, '~1');

function handleKey(
  pk: PlanKey,
  patternValue: unknown,
  resource: Record<string, unknown>,
  ac: AnchorMap,
): Result {
  const { key, anchor } = pk;
  if (!anchor || anchor.kind === 'addIfNotPresent') {
    const present = resource[key];
    if (patternValue === '*') {
      return present !== undefined && present !== null
        ? undefined
        : plain(`${pathNow()}/${key} not found`, pathTo(pk.escaped));
    }
    // a scalar pattern (most keys): validateElement's scalar case, the key's path built only on a mismatch
    if (isScalar(patternValue)) {
      activeBudget()?.tick();
      const value = present === undefined ? null : present;
      return scalarMatches(value, patternValue)
        ? undefined
        : scalarMismatch(value, patternValue, pathTo(pk.escaped));
    }
    segs.push(pk.escaped);
    const r = validateElement(
      present === undefined ? null : present,
      patternValue,
      ac,
      valuePlanOf(pk, patternValue),
    );
    segs.pop();
    return r;
  }
  segs.push(pk.escaped);
  const r = anchoredKey(anchor, patternValue, resource, ac, valuePlanOf(pk, patternValue));
  segs.pop();
  return r;
}

/** The plan of a key's pattern map, kept on the key (no WeakMap lookup per visit); undefined otherwise. */
function valuePlanOf(pk: PlanKey, patternValue: unknown): MapPlan | undefined {
  if (!isObject(patternValue) || patternValue !== pk.value) return undefined;
  pk.valuePlan ??= planFor(patternValue);
  return pk.valuePlan;
}

/** An anchored key (a switch over Kyverno's anchor kinds), with its segment on the path stack. */
function anchoredKey(
  anchor: Anchor,
  patternValue: unknown,
  resource: Record<string, unknown>,
  ac: AnchorMap,
  valuePlan: MapPlan | undefined,
): Result {
  const k = anchor.key;
  const has = Object.hasOwn(resource, k);
  const value = resource[k];
  switch (anchor.kind) {
    case 'negation':
      return has
        ? new PatternMismatch(
            'negation',
            `negation anchor matched in resource: ${pathNow()} is not allowed`,
            pathNow(),
          )
        : undefined;
    case 'equality': {
      if (!has) return undefined;
      return validateElement(value, patternValue, ac, valuePlan);
    }
    case 'condition': {
      if (!has)
        return new PatternMismatch(
          'conditional',
          "conditional anchor mismatch: conditional anchor key doesn't exist in the resource",
          pathNow(),
        );
      const err = validateElement(value, patternValue, ac, valuePlan);
      return err
        ? new PatternMismatch('conditional', `conditional anchor mismatch: ${err.message}`, err.path)
        : undefined;
    }
    case 'global': {
      if (!has) return undefined;
      const err = validateElement(value, patternValue, ac, valuePlan);
      return err
        ? new PatternMismatch('global', `global anchor mismatch: ${err.message}`, err.path)
        : undefined;
    }
    case 'existence': {
      if (!has) return undefined;
      if (!Array.isArray(value))
        return plain(
          `invalid resource type: Existence ^ () anchor can be used only on list/array type resource`,
          pathNow(),
        );
      if (!Array.isArray(patternValue))
        return plain(
          'invalid pattern type: Pattern has to be of list to compare against resource',
          pathNow(),
        );
      for (const pm of patternValue) {
        if (!isObject(pm))
          return plain(
            'invalid pattern type: Pattern has to be of type map to compare against items in resource',
            pathNow(),
          );
        const ok = value.some((el, i) => {
          segs.push(indexSegment(i));
          const err = validateElement(el, pm, ac);
          segs.pop();
          return err === undefined;
        });
        if (!ok) return plain(`existence anchor validation failed at path ${pathNow()}`, pathNow());
      }
      return undefined;
    }
  }
  return undefined;
}

/** A pattern key with its anchor and its escaped (anchor-free) path segment. */
interface PlanKey {
  key: string;
  anchor: Anchor | undefined;
  escaped: string;
  /** pattern[key] */
  value: unknown;
  /** plan of `value` when it is a map (filled in on first use) */
  valuePlan?: MapPlan;
}

interface MapPlan {
  anchors: PlanKey[];
  /** phase-2 keys in evaluation order */
  ordered: PlanKey[];
  /** condition/existence anchors, for AnchorMap */
  tracked: PlanKey[];
  mayExpand: boolean;
}

const plans = new WeakMap<Record<string, unknown>, MapPlan>();

function planKey(pattern: Record<string, unknown>, key: string): PlanKey {
  const anchor = parseAnchor(key);
  const escaped = esc(anchor && anchor.kind !== 'addIfNotPresent' ? anchor.key : key);
  return { key, anchor, escaped, value: pattern[key] };
}

/** Key classification and ordering of a pattern map, computed once per pattern object. */
function planFor(pattern: Record<string, unknown>): MapPlan {
  let plan = plans.get(pattern);
  if (plan) return plan;
  const anchors: PlanKey[] = [];
  const others: string[] = [];
  const tracked: PlanKey[] = [];
  for (const key of Object.keys(pattern)) {
    const pk = planKey(pattern, key);
    if (pk.anchor && (pk.anchor.kind === 'condition' || pk.anchor.kind === 'existence')) tracked.push(pk);
    if (pk.anchor && isPhaseOneAnchor(pk.anchor)) anchors.push(pk);
    else others.push(key);
  }
  anchors.sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
  others.sort();
  const front: PlanKey[] = [];
  const back: PlanKey[] = [];
  for (const k of others) {
    const pk = planKey(pattern, k);
    if ((pk.anchor && pk.anchor.kind === 'global') || hasNestedAnchors(pattern[k])) front.unshift(pk);
    else back.push(pk);
  }
  plan = { anchors, ordered: [...front, ...back], tracked, mayExpand: mayExpandInMetadata(pattern) };
  plans.set(pattern, plan);
  return plan;
}

function validateMap(
  resource: Record<string, unknown>,
  rawPattern: Record<string, unknown>,
  rawPlan: MapPlan,
  ac: AnchorMap,
): Result {
  const pattern = rawPlan.mayExpand ? expandInMetadata(rawPattern, resource) : rawPattern;
  const plan = pattern === rawPattern ? rawPlan : planFor(pattern);
  const anchors = plan.anchors;

  // Phase 1: anchors. Conditional anchors at one level are AND-ed preconditions for the rest of the map.
  let skips: PatternMismatch[] | undefined;
  let applied = 0;
  let directConditionalFailed = false;
  for (const pk of anchors) {
    const a = pk.anchor as Anchor;
    const err = handleKey(pk, pk.value, resource, ac);
    if (!err) {
      applied++;
      continue;
    }
    if (err.isSkip) {
      skips ??= [];
      skips.push(err);
      if (a.kind === 'condition') directConditionalFailed = true;
      continue;
    }
    if (directConditionalFailed) continue;
    return err;
  }
  if (skips !== undefined && (applied === 0 || directConditionalFailed)) {
    const first = skips[0] as PatternMismatch;
    return new PatternMismatch(first.type, skips.map((s) => s.message).join('; '), first.path);
  }

  // Phase 2: global anchors and keys with nested anchors first (reverse-sorted), then the rest (sorted).
  for (const pk of plan.ordered) {
    const err = handleKey(pk, pk.value, resource, ac);
    if (err) return err;
  }
  return undefined;
}

function validateArray(resource: unknown[], pattern: unknown[], ac: AnchorMap): Result {
  if (pattern.length === 0) return plain('pattern Array empty', pathNow());
  const first = pattern[0];
  if (isObject(first)) {
    const firstPlan = planFor(first); // once for every element of the list
    let applied = 0;
    let skips: PatternMismatch[] | undefined;
    for (let i = 0; i < resource.length; i++) {
      segs.push(indexSegment(i));
      const err = validateElement(resource[i], first, ac, firstPlan);
      segs.pop();
      if (err) {
        if (err.isSkip) {
          skips ??= [];
          skips.push(err);
          continue;
        }
        return err;
      }
      applied++;
    }
    if (applied === 0 && skips !== undefined)
      return new PatternMismatch('skip', skips.map((s) => s.message).join('; '), pathNow());
    return undefined;
  }
  if (isScalar(first)) return validateElement(resource, first, ac);
  if (resource.length < pattern.length) {
    return plain(
      `validate Array failed, array length mismatch, resource Array len is ${resource.length} and pattern Array len is ${pattern.length}`,
      '',
    );
  }
  let applied = 0;
  const skips: PatternMismatch[] = [];
  for (let i = 0; i < pattern.length; i++) {
    segs.push(indexSegment(i));
    const err = validateElement(resource[i], pattern[i], ac);
    segs.pop();
    if (err) {
      if (err.isSkip) {
        skips.push(err);
        continue;
      }
      return err;
    }
    applied++;
  }
  if (applied === 0 && skips.length > 0)
    return new PatternMismatch('skip', skips.map((s) => s.message).join('; '), pathNow());
  return undefined;
}

/** The pass outcome, one object for every walk that passes (outcomes are read, never changed). */
const PASS: PatternOutcome = Object.freeze({ status: 'pass' });

/** `validate.MatchPattern`: pass, skip (conditional/global anchors), fail (with path) or error. */
export function matchPattern(resource: unknown, pattern: unknown): PatternOutcome {
  const ac = new AnchorMap();
  // a walk of its own, on the stack above the segments of any walk around it (an exception from the time
  // budget leaves segments behind: they are cut off here)
  const outerBase = base;
  const outerLength = segs.length;
  base = outerLength;
  let err: Result;
  try {
    err = validateElement(resource, pattern, ac);
  } finally {
    segs.length = outerLength;
    base = outerBase;
  }
  if (!err) return PASS;
  if (err.isSkip) return { status: 'skip', message: err.message };
  if (err.type === 'negation') return { status: 'fail', message: err.message, path: err.path };
  if (ac.keysAreMissing()) return { status: 'error', message: err.message };
  if (err.path === '') return { status: 'error', message: err.message };
  return { status: 'fail', message: err.message, path: err.path };
}
