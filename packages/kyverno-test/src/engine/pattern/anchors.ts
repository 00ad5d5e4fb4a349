/** Kyverno anchors (`pkg/engine/anchor`): `(k)` condition, `<(k)` global, `^(k)` existence, `=(k)` equality, `X(k)` negation, `+(k)` add-if-not-present. */
export type AnchorKind = 'condition' | 'global' | 'existence' | 'equality' | 'negation' | 'addIfNotPresent';

export interface Anchor {
  kind: AnchorKind;
  key: string;
  modifier: string;
}

const ANCHOR_RE = /^([+<=X^])?\((.+)\)$/;

const MODIFIERS: Record<string, AnchorKind> = {
  '': 'condition',
  '<': 'global',
  '^': 'existence',
  '=': 'equality',
  X: 'negation',
  '+': 'addIfNotPresent',
};

const cache = new Map<string, Anchor | null>();

export function parseAnchor(key: string): Anchor | undefined {
  const hit = cache.get(key);
  if (hit !== undefined) return hit ?? undefined;
  const a = parse(key);
  if (cache.size > 10_000) cache.clear();
  cache.set(key, a ?? null);
  return a;
}

function parse(key: string): Anchor | undefined {
  if (!key.includes('(')) return undefined;
  const m = ANCHOR_RE.exec(key.trim());
  if (!m) return undefined;
  const modifier = m[1] ?? '';
  return { kind: MODIFIERS[modifier] as AnchorKind, key: m[2] as string, modifier };
}

/** Key without its anchor decoration, and the decoration itself (`=(`-style prefix) for re-adding. */
export function removeAnchor(key: string): { key: string; modifier: string | undefined } {
  const a = parseAnchor(key);
  return a ? { key: a.key, modifier: a.modifier } : { key, modifier: undefined };
}

export function addAnchor(key: string, modifier: string): string {
  return `${modifier}(${key})`;
}

/** Anchors evaluated in phase 1 of validateMap. */
export function isPhaseOneAnchor(a: Anchor | undefined): boolean {
  return (
    !!a &&
    (a.kind === 'condition' || a.kind === 'existence' || a.kind === 'equality' || a.kind === 'negation')
  );
}
