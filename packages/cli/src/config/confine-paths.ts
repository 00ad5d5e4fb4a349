/**
 * Confinement of the paths a run reads because the configuration names them. neuroscale.config.yaml
 * arrives with the pull request, so its content is as untrusted as the manifests: its `roots` and
 * local `schemaLocations` must stay inside the repository, also after following symlinks. Flags are the
 * user's own input: `--schema-location ~/schemas` is allowed, but `--root` is confined like every source
 * (render reads roots as repository files).
 *
 * An entry that leaves the repository is dropped and becomes an error finding. Findings name the entry
 * by its position and repo-relative text only: never an absolute path, never a symlink's target.
 */
import { realpathSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { Finding } from '@neuroscale/core';

export interface ConfineOptions {
  repoRoot: string;
  /** Repo-relative name of the config file, for the findings' location (undefined: no config file). */
  configFile?: string;
  /** Root Application globs and where they came from. */
  roots?: { entries: readonly string[]; from: 'config' | 'flag' };
  /** Schema locations from the config file (flags are not confined). */
  configSchemaLocations?: readonly string[];
  /** `repos:` from the config file: repoURL → folder of that repository, inside this one. */
  configRepos?: Readonly<Record<string, string>>;
}

export interface ConfinedPaths {
  roots?: string[];
  configSchemaLocations?: string[];
  /** repoURL → absolute real folder. */
  repos?: Record<string, string>;
  findings: Finding[];
}

const GLOB = /[*?[{]/;

/** The fixed part of a glob or template: the folder before the first pattern character. */
function fixedFolder(entry: string): string {
  const cut = entry.search(/[*?[]|\{\{/);
  if (cut < 0) return entry;
  const head = entry.slice(0, cut);
  return head.endsWith('/') ? head.slice(0, -1) || '.' : dirname(head);
}

/** The longest existing ancestor of p, symlinks resolved (a path that does not exist yet resolves lexically). */
function realOrLexical(p: string): string {
  let current = p;
  const rest: string[] = [];
  for (;;) {
    try {
      return join(realpathSync(current), ...rest.reverse());
    } catch {
      const parent = dirname(current);
      if (parent === current) return p;
      rest.push(current.slice(parent.length + 1));
      current = parent;
    }
  }
}

function inside(p: string, root: string): boolean {
  const rel = relative(root, p);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

type Leak = 'absolute' | 'parent' | 'symlink';

function howItLeaves(entry: string, repoRoot: string, realRoot: string): Leak | undefined {
  if (isAbsolute(entry) || /^[A-Za-z]:[\\/]/.test(entry)) return 'absolute';
  const lexical = resolve(repoRoot, fixedFolder(entry));
  if (!inside(lexical, repoRoot)) return 'parent';
  if (!inside(realOrLexical(lexical), realRoot)) return 'symlink';
  // a plain file root (no pattern) may itself be the symlink
  if (!GLOB.test(entry) && !inside(realOrLexical(resolve(repoRoot, entry)), realRoot)) return 'symlink';
  return undefined;
}

const WHY: Record<Leak, string> = {
  absolute: 'is an absolute path',
  parent: 'leaves the repository through ..',
  symlink: 'resolves through a symlink to outside the repository',
};

export function confinePaths(options: ConfineOptions): ConfinedPaths {
  const realRoot = realOrLexical(options.repoRoot);
  const findings: Finding[] = [];
  const location = options.configFile ? { location: { file: options.configFile } } : {};
  const describe = (entry: string, how: Leak) =>
    // an absolute entry is not repeated: it would put a path of the machine into the report
    how === 'absolute' ? '' : ` (${JSON.stringify(entry)})`;
  const out: ConfinedPaths = { findings };

  if (options.roots) {
    const { entries, from } = options.roots;
    out.roots = entries.filter((entry, i) => {
      const how = howItLeaves(entry, options.repoRoot, realRoot);
      if (!how) return true;
      const name = from === 'config' ? `roots[${i}]` : '--root';
      findings.push({
        ruleId: 'config/path-outside-repository',
        severity: 'error',
        message: `${name}${describe(entry, how)} ${WHY[how]}; root Applications are read only from inside the repository, so it was not used`,
        ...(from === 'config' ? location : {}),
      });
      return false;
    });
  }

  if (options.configSchemaLocations) {
    out.configSchemaLocations = options.configSchemaLocations.filter((entry, i) => {
      if (entry === 'default' || /^https?:\/\//i.test(entry)) return true;
      const how = howItLeaves(entry, options.repoRoot, realRoot);
      if (!how) return true;
      findings.push({
        ruleId: 'config/path-outside-repository',
        severity: 'error',
        message: `schemaLocations[${i}]${describe(entry, how)} ${WHY[how]}; a schema location in the config file must be http(s), "default" or a folder inside the repository, so it was not used`,
        ...location,
      });
      return false;
    });
  }
  if (options.configRepos) {
    out.repos = {};
    for (const [url, entry] of Object.entries(options.configRepos)) {
      const how = howItLeaves(entry, options.repoRoot, realRoot);
      if (!how) {
        out.repos[url] = realOrLexical(resolve(options.repoRoot, entry));
        continue;
      }
      findings.push({
        ruleId: 'config/path-outside-repository',
        severity: 'error',
        message: `repos[${JSON.stringify(url)}]${describe(entry, how)} ${WHY[how]}; a repository folder must be inside the repository, so it was not used`,
        ...location,
      });
    }
  }
  return out;
}

/** Repo-relative, forward slashes (for the config file's name in findings). */
export function repoRelative(repoRoot: string, file: string): string | undefined {
  const rel = relative(repoRoot, file);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel.split(sep).join('/') : undefined;
}
