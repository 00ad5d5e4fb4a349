/**
 * `--changed-only --base <ref>`: check only the apps whose rendered output a change can affect.
 *
 * The change is every file that differs between the merge base of `<ref>` and HEAD and the working tree: the
 * committed change (`git diff <ref>...HEAD`) plus what is not committed yet, since the render reads the
 * working tree (in CI the working tree is the checked-out HEAD, so both are the same). An app is affected
 * when one of its inputs (render's provenance, AppNode.inputs) is a changed file or a folder holding one — a
 * deleted or a new file counts. Every app is checked when the change touches what all apps depend on: the
 * config file, the policies and their exceptions, the Argo CD environment (a file declaring argocd-cm,
 * argocd-cmd-params-cm, argocd-rbac-cm, a cluster or repository Secret, an AppProject, the operator's ArgoCD),
 * or the tools the tree pins (`.tool-versions`); and when git cannot tell the change.
 *
 * The selection is a predicate over the app (identity and inputs) given to render (unaffected apps are not
 * built) and applied once more to the rendered tree in run-pipeline.ts, where `--shard` then splits the
 * affected apps. Unaffected apps are listed in the report (`changedOnly.unchanged`), never dropped silently.
 */
import { readFileSync, realpathSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { AppNode, Finding, Manifest } from '@neuroscale/core';
import { compareStrings, finding, runGitSync } from '@neuroscale/core';
import { patternBase } from '../input/expand-policy-paths.js';

export interface ChangedSelection {
  /** The `--base` ref as given. */
  base: string;
  /** Changed repo-relative files, sorted. */
  files: string[];
  /** Why every app is checked; undefined = only the affected ones. */
  everything?: string;
  /** Problems finding the change (then everything is checked). */
  findings: Finding[];
}

/** Refs are untrusted text: a revision name git would accept, nothing that reads as an option or a range. */
const REF_RE = /^[A-Za-z0-9_][A-Za-z0-9._/@{}~^+-]{0,254}$/;

export function isSafeRef(ref: string): boolean {
  return REF_RE.test(ref) && !ref.includes('..') && !ref.includes('@{-');
}

/** Most changed files whose text is read to find Argo CD settings; beyond it, everything is checked. */
const MAX_SCANNED_FILES = 2000;
/** Bytes of one changed file read for that scan. */
const MAX_SCANNED_BYTES = 1024 * 1024;

const splitZ = (out: Buffer) => out.toString('utf8').split('\0').filter(Boolean);

/**
 * Files changed between the merge base of `ref` and HEAD, and in the working tree (tracked changes and
 * untracked files that are not ignored), sorted; or why git could not tell.
 */
export function listChangedFiles(
  repoRoot: string,
  ref: string,
): { ok: true; files: string[]; commit: string } | { ok: false; message: string } {
  if (!isSafeRef(ref)) return { ok: false, message: `--base "${ref}" is not a revision name` };
  const rev = runGitSync(['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`], {
    cwd: repoRoot,
  });
  if (!rev.ok) return { ok: false, message: `base revision "${ref}" does not exist in this repository` };
  const commit = rev.stdout.toString('utf8').trim();
  const mb = runGitSync(['merge-base', '--end-of-options', commit, 'HEAD'], { cwd: repoRoot });
  if (!mb.ok) return { ok: false, message: `no merge base of "${ref}" and HEAD: ${mb.message}` };
  const mergeBase = mb.stdout.toString('utf8').trim();
  // `git diff <merge-base>` compares that commit with the working tree: `<ref>...HEAD` plus uncommitted changes
  const diff = runGitSync(
    ['diff', '--name-only', '-z', '--no-renames', '--end-of-options', mergeBase, '--'],
    {
      cwd: repoRoot,
    },
  );
  if (!diff.ok) return { ok: false, message: diff.message };
  const untracked = runGitSync(['ls-files', '-z', '--others', '--exclude-standard'], { cwd: repoRoot });
  if (!untracked.ok) return { ok: false, message: untracked.message };
  // git prints paths relative to the top level; the scanned root may be a folder inside it
  const top = runGitSync(['rev-parse', '--show-toplevel'], { cwd: repoRoot });
  if (!top.ok) return { ok: false, message: top.message };
  const prefix = relative(realpathSync(top.stdout.toString('utf8').trim()), realpathSync(repoRoot))
    .split(sep)
    .join('/');
  const fromTop = splitZ(diff.stdout).flatMap((f) =>
    prefix === '' ? [f] : f.startsWith(`${prefix}/`) ? [f.slice(prefix.length + 1)] : [],
  );
  const files = [...new Set([...fromTop, ...splitZ(untracked.stdout)])].sort(compareStrings);
  return { ok: true, files, commit };
}

/** Text that declares an Argo CD setting every app depends on (the kinds render's environment reads). */
const ENVIRONMENT_RE =
  /argocd\.argoproj\.io\/secret-type|kind:\s*["']?(?:AppProject|ArgoCD)\b|name:\s*["']?argocd-(?:cm|cmd-params-cm|rbac-cm|ssh-known-hosts-cm|tls-certs-cm|gpg-keys-cm)\b/;

/** The changed file's text now, or at the base when it was deleted (capped); undefined when neither is readable. */
function changedText(repoRoot: string, file: string, commit: string): string | undefined {
  const abs = join(repoRoot, file);
  try {
    const real = realpathSync(abs);
    const root = realpathSync(repoRoot);
    if (real !== root && !real.startsWith(root + sep)) return undefined;
    if (!statSync(real).isFile()) return undefined;
    return readFileSync(real).subarray(0, MAX_SCANNED_BYTES).toString('utf8');
  } catch {
    const shown = runGitSync(['cat-file', 'blob', '--end-of-options', `${commit}:${file}`], {
      cwd: repoRoot,
      maxOutputBytes: MAX_SCANNED_BYTES * 4,
    });
    return shown.ok ? shown.stdout.subarray(0, MAX_SCANNED_BYTES).toString('utf8') : undefined;
  }
}

/** Why a change makes every app affected (see top), or undefined. */
function everythingReason(
  input: { repoRoot: string; configFile?: string; policies?: string[]; policyExceptions?: string[] },
  files: readonly string[],
  commit: string,
): string | undefined {
  if (input.configFile && files.includes(input.configFile))
    return `the config file ${input.configFile} changed`;
  for (const pattern of [...(input.policies ?? []), ...(input.policyExceptions ?? [])]) {
    const base = patternBase(pattern).replace(/\/$/, '');
    if (base.startsWith('/') || base.startsWith('..')) continue;
    const hit = files.find((f) => base === '' || base === '.' || f === base || f.startsWith(`${base}/`));
    if (hit) return `the policy file ${hit} changed`;
  }
  const pin = files.find((f) => f === '.tool-versions');
  if (pin) return `the pinned tool versions (${pin}) changed`;
  const yaml = files.filter((f) => /\.(?:ya?ml|json)$/i.test(f));
  if (yaml.length > MAX_SCANNED_FILES)
    return `${yaml.length} YAML files changed (more than ${MAX_SCANNED_FILES} are not scanned for Argo CD settings)`;
  for (const f of yaml) {
    const text = changedText(input.repoRoot, f, commit);
    if (text !== undefined && ENVIRONMENT_RE.test(text)) return `the Argo CD environment file ${f} changed`;
  }
  return undefined;
}

/** `--changed-only`: the change between `base` and the working tree, and whether it affects every app. */
export function selectChangedApps(input: {
  repoRoot: string;
  base: string;
  configFile?: string;
  policies?: string[];
  policyExceptions?: string[];
}): ChangedSelection {
  const listed = listChangedFiles(input.repoRoot, input.base);
  if (!listed.ok) {
    return {
      base: input.base,
      files: [],
      everything: 'the change could not be listed',
      findings: [
        finding({
          ruleId: 'coverage/changed-only-unavailable',
          severity: 'warning',
          message: `--changed-only: ${listed.message}; every app is checked`,
        }),
      ],
    };
  }
  const everything = everythingReason(input, listed.files, listed.commit);
  return { base: input.base, files: listed.files, ...(everything ? { everything } : {}), findings: [] };
}

/** True when a changed file is one of the inputs, or below a folder input (one ending in `/`). */
function covers(inputs: readonly string[], files: ReadonlySet<string>, sorted: readonly string[]): boolean {
  for (const p of inputs) {
    if (p === '') return sorted.length > 0;
    if (!p.endsWith('/')) {
      if (files.has(p)) return true;
      continue;
    }
    // the first changed file at or after the folder name, in sorted order, is below it if any is
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compareStrings(sorted[mid]!, p) < 0) lo = mid + 1;
      else hi = mid;
    }
    if (lo < sorted.length && sorted[lo]!.startsWith(p)) return true;
  }
  return false;
}

/** The predicate render and the pipeline apply: is this app affected by the change? */
export function affectedBy(selection: ChangedSelection): (app: { inputs?: readonly string[] }) => boolean {
  if (selection.everything) return () => true;
  const set = new Set(selection.files);
  // compareStrings order (code units), the order the binary search above assumes
  const sorted = [...selection.files].sort(compareStrings);
  // an app without recorded inputs (not rendered at all) is checked: never skipped on no evidence
  return (app) => app.inputs === undefined || covers(app.inputs, set, sorted);
}

/** The affected part of the rendered tree, the unaffected apps, and which findings the run reports. */
export interface ChangedPart {
  apps: AppNode[];
  manifests: Manifest[];
  unchanged: AppNode[];
  owns: (f: Pick<Finding, 'app'>) => boolean;
}

export function selectChangedPart(
  tree: { apps: AppNode[]; manifests: Manifest[] },
  selection: ChangedSelection,
): ChangedPart {
  const affected = affectedBy(selection);
  const apps: AppNode[] = [];
  const unchanged: AppNode[] = [];
  for (const a of tree.apps) (affected(a) ? apps : unchanged).push(a);
  const skipped = new Set(unchanged.map((a) => a.name));
  const ownsApp = (app: string | undefined) => app === undefined || app === '' || !skipped.has(app);
  return {
    apps,
    manifests: tree.manifests.filter((m) => ownsApp(m.source.apps.at(-1))),
    unchanged,
    owns: (f) => ownsApp(f.app),
  };
}

/** How many unchanged app names the finding's message lists (the JSON report lists all). */
const NAMES_IN_MESSAGE = 20;

/** The report's record of a `--changed-only` run: one info finding that counts and names the skipped apps. */
export function skippedUnchangedFinding(selection: ChangedSelection, part: ChangedPart): Finding | undefined {
  if (selection.everything) {
    return finding({
      ruleId: 'coverage/changed-only-everything',
      severity: 'info',
      message: `--changed-only: every app is checked, because ${selection.everything}`,
    });
  }
  if (part.unchanged.length === 0) return undefined;
  const names = [...new Set(part.unchanged.map((a) => a.name))].sort(compareStrings);
  const shown = names.slice(0, NAMES_IN_MESSAGE).join(', ');
  const more = names.length > NAMES_IN_MESSAGE ? `, … (${names.length - NAMES_IN_MESSAGE} more)` : '';
  return finding({
    ruleId: 'coverage/skipped-unchanged',
    severity: 'info',
    message: `--changed-only: ${names.length} app${names.length === 1 ? '' : 's'} skipped-unchanged (no input changed since ${selection.base}, ${selection.files.length} file${selection.files.length === 1 ? '' : 's'} changed): ${shown}${more}`,
  });
}
