/**
 * Typed template walk (`applicationset/utils/utils.go deeplyReplace`): the controller decodes the template
 * into Go structs, then renders every string field and every map key. Struct field names are never
 * rendered, non-string scalars are never rendered, RawExtension fields (helm.valuesObject, nested
 * generators) are rendered as free JSON (strings and keys, nil map values dropped). Fields the schema does
 * not know pass through untouched.
 */
import { escapePointerSegment, getOwn, setOwn } from '@neuroscale/core';

export type Shape = 'S' | 'N' | 'R' | { o: Record<string, Shape> } | { m: Shape } | { l: Shape };

/** Renders one string; `pointer` locates it inside the walked value. May return an error. */
export type StringRenderer = (
  s: string,
  pointer: () => string,
) => { ok: true; value: string } | { ok: false; error: string };

export type WalkResult = { ok: true; value: unknown } | { ok: false; error: string; pointer: string };

class WalkError {
  constructor(
    readonly error: string,
    readonly pointer: string,
  ) {}
}

export function renderTyped(value: unknown, shape: Shape, render: StringRenderer): WalkResult {
  try {
    return { ok: true, value: walk(value, shape, render, []) };
  } catch (e) {
    if (e instanceof WalkError) return { ok: false, error: e.error, pointer: e.pointer };
    throw e;
  }
}

type Path = readonly (string | number)[];
const toPtr = (path: Path) => path.map((x) => `/${escapePointerSegment(x)}`).join('');

function str(s: string, render: StringRenderer, path: Path): string {
  const r = render(s, () => toPtr(path));
  if (!r.ok) throw new WalkError(r.error, toPtr(path));
  return r.value;
}

function walk(value: unknown, shape: Shape, render: StringRenderer, ptr: Path): unknown {
  if (value === null || value === undefined) return value;
  if (shape === 'N') return value;
  if (shape === 'S') return typeof value === 'string' ? str(value, render, ptr) : value;
  if (shape === 'R') return walkRaw(value, render, ptr);
  if ('l' in shape) {
    if (!Array.isArray(value)) return value;
    return value.map((x, i) => walk(x, shape.l, render, [...ptr, i]));
  }
  if (typeof value !== 'object' || Array.isArray(value)) return value;
  const obj = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  if ('o' in shape) {
    for (const [k, v] of Object.entries(obj)) {
      // own-key lookup: a `constructor` key in the template must not find Object.prototype.constructor
      const child = getOwn(shape.o, k) as Shape | undefined;
      setOwn(out, k, child ? walk(v, child, render, [...ptr, k]) : v);
    }
    return out;
  }
  for (const [k, v] of Object.entries(obj)) {
    const p = [...ptr, k];
    setOwn(out, str(k, render, p), walk(v, shape.m, render, p));
  }
  return out;
}

function walkRaw(value: unknown, render: StringRenderer, ptr: Path): unknown {
  if (typeof value === 'string') return str(value, render, ptr);
  if (Array.isArray(value)) return value.map((x, i) => walkRaw(x, render, [...ptr, i]));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (v === null || v === undefined) continue; // deeplyReplace skips nil map values
      const p = [...ptr, k];
      setOwn(out, str(k, render, p), walkRaw(v, render, p));
    }
    return out;
  }
  return value;
}
