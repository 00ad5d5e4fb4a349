/**
 * One resolver for external binaries: explicit env override → this install's own pinned copy → PATH.
 *
 * The pinned copy is looked up only from where this package itself lives: the workspace root's `.tools/bin`
 * when this module runs from the NeuroScale workspace, else `<cache dir>/tools/bin` (where `tools install`
 * and the runtime download put it). Never from process.cwd(), the scanned repository or their parents: a pull
 * request that commits `.tools/bin/helm` would otherwise choose the program we run. A pinned copy is used only
 * when its sha256 equals the pin (checked once per process and file state).
 *
 * Returns a value (never throws): the binary with its checksum (part of every cache key), or a finding-ready
 * message saying which binary is missing and how to get it.
 */
import { createHash } from 'node:crypto';
import { accessSync, constants, existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { trustedPathEntries } from '../process/trusted-path.js';
import { cacheToolsDir } from './cache-dir.js';
import { PINNED_TOOLS, TOOLS_DIR, type ToolName } from './pinned-tools.js';

export interface ResolvedTool {
  ok: true;
  name: ToolName;
  path: string;
  source: 'env' | 'pinned' | 'path';
  /** sha256 of the binary (pinned: the verified pin). */
  sha256: string;
}

export interface MissingTool {
  ok: false;
  name: ToolName;
  message: string;
}

export interface ResolveToolOptions {
  /** Environment to read overrides and PATH from (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Cache directory whose `tools/bin` holds downloaded pinned binaries. */
  cacheDir?: string;
  /**
   * Folders holding pinned copies, searched in order (default: this workspace's `.tools/bin` when running
   * from the workspace, then `<cacheDir>/tools/bin`). Tests use it to simulate an npm install.
   */
  pinnedDirs?: string[];
}

function isExecutable(p: string): boolean {
  try {
    if (!statSync(p).isFile()) return false;
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

const digests = new Map<string, string>();
/** sha256 of a file, memoised per process by path, size and mtime (a replaced file is hashed again). */
export function fileSha256(path: string): string {
  const st = statSync(path);
  const id = `${path}\0${st.size}\0${st.mtimeMs}\0${st.ino}`;
  let d = digests.get(id);
  if (!d) {
    d = createHash('sha256').update(readFileSync(path)).digest('hex');
    digests.set(id, d);
  }
  return d;
}

let workspaceBin: string | null | undefined;
// this file runs from packages/core, or inlined into the CLI's bundle (packages/cli/dist)
const WORKSPACE_PACKAGES = new Set(['@neuroscale/core', 'neuroscale-validate']);
/**
 * `<workspace>/.tools/bin` when this module runs from the NeuroScale workspace (packages/core, or the CLI
 * bundle in packages/cli, inside a pnpm workspace whose packages/<folder> is this very package), else undefined. Installed from npm, the package sits in
 * node_modules and this is undefined, even when the project around it has a `.tools/bin`.
 */
export function workspaceToolsDir(): string | undefined {
  if (workspaceBin !== undefined) return workspaceBin ?? undefined;
  workspaceBin = null;
  try {
    let dir = dirname(fileURLToPath(import.meta.url));
    for (let i = 0; i < 4; i++) {
      const pj = join(dir, 'package.json');
      if (
        existsSync(pj) &&
        WORKSPACE_PACKAGES.has((JSON.parse(readFileSync(pj, 'utf8')) as { name?: string }).name ?? '')
      ) {
        const root = resolve(dir, '..', '..');
        const self = realpathSync(dir);
        const inWorkspace = join(root, 'packages', basename(dir));
        if (
          existsSync(join(root, 'pnpm-workspace.yaml')) &&
          existsSync(join(root, 'packages', 'core')) &&
          existsSync(inWorkspace) &&
          realpathSync(inWorkspace) === self
        ) {
          workspaceBin = join(root, TOOLS_DIR);
        }
        break;
      }
      dir = dirname(dir);
    }
  } catch {
    /* not a workspace */
  }
  return workspaceBin ?? undefined;
}

/** The folders pinned copies are taken from, in order. */
export function pinnedToolDirs(cacheDir?: string): string[] {
  const ws = workspaceToolsDir();
  return [...(ws ? [ws] : []), ...(cacheDir ? [join(cacheToolsDir(cacheDir), 'bin')] : [])];
}

const binaryName = (name: ToolName) => (process.platform === 'win32' ? `${name}.exe` : name);

export function resolveTool(name: ToolName, options: ResolveToolOptions = {}): ResolvedTool | MissingTool {
  const env = options.env ?? process.env;
  const pin = PINNED_TOOLS[name];
  const override = env[pin.env];
  if (override) {
    const p = resolve(override);
    if (isExecutable(p)) return { ok: true, name, path: p, source: 'env', sha256: fileSha256(p) };
    return { ok: false, name, message: `${pin.env}=${override} is not an executable file` };
  }
  const rejected: string[] = [];
  for (const dir of options.pinnedDirs ?? pinnedToolDirs(options.cacheDir)) {
    const candidate = join(dir, binaryName(name));
    if (!isExecutable(candidate)) continue;
    const sum = fileSha256(candidate);
    if (sum === pin.sha256) return { ok: true, name, path: candidate, source: 'pinned', sha256: sum };
    rejected.push(`${candidate} (sha256 ${sum.slice(0, 12)}…, pinned ${pin.sha256.slice(0, 12)}…)`);
  }
  // relative entries and entries inside the scanned tree (npx puts <repo>/node_modules/.bin first) are skipped
  for (const dir of trustedPathEntries(env.PATH)) {
    const candidate = join(dir, binaryName(name));
    if (isExecutable(candidate))
      return { ok: true, name, path: candidate, source: 'path', sha256: fileSha256(candidate) };
  }
  return {
    ok: false,
    name,
    message:
      `${name} not found. NeuroScale runs the real ${name} (pinned ${pin.version}). ` +
      (rejected.length ? `Refused pinned copies with a wrong checksum: ${rejected.join(', ')}. ` : '') +
      `Set ${pin.env}=/path/to/${name}, run \`neuroscale-validate tools install\` (downloads the pinned binaries ` +
      `into the cache directory), run \`pnpm install\` in the NeuroScale repository (unpacks them into ${TOOLS_DIR}), ` +
      `or install ${name} ${pin.version} on PATH.`,
  };
}
