/**
 * ajv errors → Findings placed on the offending line. One finding per problem: the errors of the
 * branches of a failed anyOf/oneOf are folded into that one error, duplicates are dropped.
 */
import {
  escapePointerSegment,
  type Finding,
  finding,
  getAtPointer,
  locationOf,
  type Manifest,
  objectRef,
} from '@neuroscale/core';
import type { ErrorObject } from 'ajv';
import { closest, describeValue, fieldPath } from './describe-path.js';
import { FORMAT_HINTS } from './kubernetes-formats.js';
import { declaredFields, schemaAtPointer } from './schema-at-path.js';
import type { KindSchema } from './schema-registry.js';

export interface ErrorContext {
  manifest: Manifest;
  schema: KindSchema;
  /** Pointer of the object inside its manifest (for items of a `kind: List`). */
  prefix: string;
  /** The object as validated (nulls removed). */
  value: unknown;
  app?: string;
}

export function errorsToFindings(errors: readonly ErrorObject[], ctx: ErrorContext): Finding[] {
  const kept = withoutBranchErrors(errors);
  const out: Finding[] = [];
  const seen = new Set<string>();
  const kind = (ctx.value as { kind?: string } | null)?.kind ?? 'object';
  for (const e of kept) {
    const r = describe(e, ctx, kind);
    if (!r) continue;
    const key = `${r.ruleId}\0${r.pointer}\0${r.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const pointer = ctx.prefix + r.pointer;
    out.push(
      finding({
        ruleId: r.ruleId,
        message: r.message,
        object: objectRef(ctx.value as never),
        location: locationOf(ctx.manifest, pointer),
        path: pointer,
        ...(ctx.app ? { app: ctx.app } : {}),
      }),
    );
  }
  return out;
}

/**
 * The errors of the branches of a failed anyOf/oneOf, which only say why each branch did not match.
 * ajv reports them just before the anyOf error: those under its schema path, and those from referenced
 * schemas (their schema path restarts at `#/…`) under its instance path.
 */
function withoutBranchErrors(errors: readonly ErrorObject[]): ErrorObject[] {
  const drop = new Set<number>();
  const out: ErrorObject[] = [];
  errors.forEach((e, j) => {
    if (e.keyword !== 'anyOf' && e.keyword !== 'oneOf') return;
    const branches = `${e.schemaPath}/`;
    const parent = e.schemaPath.slice(0, e.schemaPath.length - e.keyword.length);
    for (let i = j - 1; i >= 0; i--) {
      const x = errors[i];
      if (!x || !(x.instancePath === e.instancePath || x.instancePath.startsWith(`${e.instancePath}/`)))
        break;
      if (x.schemaPath.startsWith(branches) || !x.schemaPath.startsWith(parent)) {
        drop.add(i);
        branchErrors.set(e, [x, ...(branchErrors.get(e) ?? [])]);
      }
    }
  });
  errors.forEach((e, i) => {
    if (!drop.has(i)) out.push(e);
  });
  return out;
}

const branchErrors = new WeakMap<ErrorObject, ErrorObject[]>();

/** What the branches of a failed anyOf/oneOf wanted, when they agree on the kind of thing. */
function branchSummary(e: ErrorObject): string | undefined {
  const list = branchErrors.get(e) ?? [];
  if (list.length === 0) return undefined;
  if (list.every((x) => x.keyword === 'required' && x.instancePath === e.instancePath)) {
    const names = [
      ...new Set(list.map((x) => String((x.params as { missingProperty?: unknown }).missingProperty))),
    ];
    return `needs ${e.keyword === 'oneOf' ? 'exactly one' : 'at least one'} of the fields ${names.join(', ')}`;
  }
  if (list.every((x) => x.keyword === 'type' && x.instancePath === e.instancePath)) {
    const types = [...new Set(list.map((x) => String((x.params as { type?: unknown }).type)))];
    return `expected ${types.join(' or ')}`;
  }
  return undefined;
}

function describe(
  e: ErrorObject,
  ctx: ErrorContext,
  kind: string,
): { ruleId: string; pointer: string; message: string } | undefined {
  const at = e.instancePath;
  const p = e.params as Record<string, unknown>;
  const here = fieldPath(ctx.prefix + at);
  switch (e.keyword) {
    case 'additionalProperties': {
      const prop = String(p.additionalProperty);
      const pointer = `${at}/${escapePointerSegment(prop)}`;
      const allowed = declaredFields(
        schemaAtPointer(ctx.schema.root, at, ctx.schema.resolveRef),
        ctx.schema.resolveRef,
      );
      const near = closest(prop, allowed);
      const hint = near.length ? `; did you mean ${near.map((n) => `"${n}"`).join(' or ')}?` : '';
      return {
        ruleId: 'schema/unknown-field',
        pointer,
        message: `unknown field "${fieldPath(ctx.prefix + pointer)}" in ${kind}${hint}`,
      };
    }
    case 'type': {
      const actual = getAtPointer(ctx.value, at);
      return {
        ruleId: 'schema/type',
        pointer: at,
        message: `${here}: expected ${String(p.type).replace(/,/g, ' or ')}, got ${describeValue(actual)}`,
      };
    }
    case 'required': {
      const missing = String(p.missingProperty);
      const full = fieldPath(`${ctx.prefix}${at}/${escapePointerSegment(missing)}`);
      return {
        ruleId: 'schema/required',
        pointer: at,
        message: `missing required field "${full}" in ${kind}`,
      };
    }
    case 'enum': {
      const allowed = (p.allowedValues as unknown[] | undefined) ?? [];
      const actual = getAtPointer(ctx.value, at);
      return {
        ruleId: 'schema/enum',
        pointer: at,
        message: `${here}: ${JSON.stringify(actual)} is not one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}`,
      };
    }
    case 'format': {
      const fmt = String(p.format);
      const actual = getAtPointer(ctx.value, at);
      return {
        ruleId: 'schema/format',
        pointer: at,
        message: `${here}: ${JSON.stringify(actual)} is not ${FORMAT_HINTS[fmt] ?? `in format ${fmt}`}`,
      };
    }
    case 'anyOf':
    case 'oneOf': {
      const summary = branchSummary(e);
      if (summary) return { ruleId: 'schema/invalid', pointer: at, message: `${here}: ${summary}` };
      return {
        ruleId: 'schema/invalid',
        pointer: at,
        message: `${here}: matches ${e.keyword === 'oneOf' ? 'not exactly one' : 'none'} of the allowed forms`,
      };
    }
    default:
      return { ruleId: 'schema/invalid', pointer: at, message: `${here}: ${e.message ?? 'is invalid'}` };
  }
}
