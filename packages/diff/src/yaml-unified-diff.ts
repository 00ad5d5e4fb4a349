/**
 * The text a reviewer reads: each normalised object as YAML with keys in a stable order (apiVersion, kind,
 * metadata, spec, data first, `name` first inside lists' maps, then by code unit), and a unified diff of the
 * two texts from the `diff` package (Myers' algorithm with an edit-length cap, so a huge rewrite is a note,
 * not a hang).
 */
import { compareStrings } from '@neuroscale/core';
import { structuredPatch } from 'diff';
import { isScalar, stringify } from 'yaml';

const FIRST_KEYS = ['apiVersion', 'kind', 'metadata', 'name', 'namespace', 'spec', 'data'];
const rank = (key: string) => {
  const i = FIRST_KEYS.indexOf(key);
  return i < 0 ? FIRST_KEYS.length : i;
};

export function toStableYaml(value: unknown): string {
  return stringify(value, {
    lineWidth: 0,
    aliasDuplicateObjects: false,
    sortMapEntries: (a, b) => {
      const ka = isScalar(a.key) ? String(a.key.value) : String(a.key);
      const kb = isScalar(b.key) ? String(b.key.value) : String(b.key);
      return rank(ka) - rank(kb) || compareStrings(ka, kb);
    },
  });
}

export interface UnifiedDiffOptions {
  /** Context lines around each change (3, as `diff -u` and `argocd app diff`). */
  context: number;
  /** Labels of the `---`/`+++` lines. */
  oldLabel: string;
  newLabel: string;
  /** Longest edit script computed; a larger one gives undefined (the caller reports it). */
  maxEditLength: number;
}

/** `---`/`+++` headers and `@@` hunks; undefined when the edit is longer than the cap. */
export function unifiedDiff(
  oldText: string,
  newText: string,
  options: UnifiedDiffOptions,
): string | undefined {
  const patch = structuredPatch(options.oldLabel, options.newLabel, oldText, newText, undefined, undefined, {
    context: options.context,
    maxEditLength: options.maxEditLength,
  });
  if (!patch) return undefined;
  const lines = [`--- ${options.oldLabel}`, `+++ ${options.newLabel}`];
  for (const h of patch.hunks) {
    // an empty range starts at the line before it, as GNU diff writes it (`@@ -0,0 +1,7 @@` for a new file)
    const oldStart = h.oldLines === 0 ? h.oldStart - 1 : h.oldStart;
    const newStart = h.newLines === 0 ? h.newStart - 1 : h.newStart;
    lines.push(`@@ -${oldStart},${h.oldLines} +${newStart},${h.newLines} @@`);
    for (const l of h.lines) lines.push(l);
  }
  return `${lines.join('\n')}\n`;
}
