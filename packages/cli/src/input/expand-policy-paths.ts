/**
 * `--policies` / `policies:` entries: a folder (every policy under it), a file, or a repo-relative
 * glob where `*` and `?` match within one path segment and `**` any number of segments
 * (`policies/*\/policy.yaml` selects exactly what an Argo CD app with include '*\/policy.yaml' syncs,
 * one level down). Paths never leave the repository.
 */

import { existsSync, readdirSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { compareStrings } from '@neuroscale/core';

const hasGlob = (s: string) => /[*?[]/.test(s);

function segmentRegex(seg: string): RegExp {
  let re = '';
  for (const ch of seg) {
    if (ch === '*') re += '[^/]*';
    else if (ch === '?') re += '[^/]';
    else re += ch.replace(/[.+^${}()|\\\]]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

const sorted = (names: string[]) => names.sort(compareStrings);

function expand(dir: string, segments: string[], out: string[]): void {
  if (segments.length === 0) {
    out.push(dir);
    return;
  }
  const [seg, ...rest] = segments as [string, ...string[]];
  if (seg === '**') {
    expand(dir, rest, out);
    for (const name of sorted(readdirSync(dir))) {
      const p = join(dir, name);
      if (!name.startsWith('.') && statSync(p).isDirectory()) expand(p, segments, out);
    }
    return;
  }
  if (!hasGlob(seg)) {
    const p = join(dir, seg);
    if (existsSync(p) && (rest.length === 0 || statSync(p).isDirectory())) expand(p, rest, out);
    return;
  }
  const re = segmentRegex(seg);
  for (const name of sorted(readdirSync(dir))) {
    if (name.startsWith('.') || !re.test(name)) continue;
    const p = join(dir, name);
    if (rest.length === 0 || statSync(p).isDirectory()) expand(p, rest, out);
  }
}

export interface ExpandedPolicyPaths {
  /** Absolute files and folders to load, deduplicated, sorted. */
  paths: string[];
  /** Entries that matched nothing. */
  missing: string[];
  /** Entries that resolve outside the repository (not read). */
  outside: string[];
}

export function expandPolicyPaths(repoRoot: string, entries: readonly string[]): ExpandedPolicyPaths {
  const result: ExpandedPolicyPaths = { paths: [], missing: [], outside: [] };
  const seen = new Set<string>();
  for (const entry of entries) {
    const abs = resolve(repoRoot, entry);
    const rel = relative(repoRoot, abs);
    if (rel.startsWith('..') || isAbsolute(rel)) {
      result.outside.push(entry);
      continue;
    }
    const found: string[] = [];
    if (hasGlob(entry)) expand(repoRoot, rel.split(sep), found);
    else if (existsSync(abs)) found.push(abs);
    if (found.length === 0) result.missing.push(entry);
    for (const f of found) if (!seen.has(f)) seen.add(f) && result.paths.push(f);
  }
  result.paths.sort(compareStrings);
  return result;
}

/** The folder a pattern starts in (for the YAML load stage): the segments before the first glob. */
export function patternBase(entry: string): string {
  const segs = entry.split('/');
  const i = segs.findIndex(hasGlob);
  return (i < 0 ? segs : segs.slice(0, i)).join('/') || '.';
}
