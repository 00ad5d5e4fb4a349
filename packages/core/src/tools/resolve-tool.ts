/**
 * One resolver for external binaries: explicit env override → pinned copy → PATH.
 * Returns a value (never throws): either the binary or a finding-ready error that says
 * which binary is missing and how to get it.
 */
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PINNED_TOOLS, TOOLS_DIR, type ToolName } from './pinned-tools.js';

export interface ResolvedTool {
  ok: true;
  name: ToolName;
  path: string;
  source: 'env' | 'pinned' | 'path';
}

export interface MissingTool {
  ok: false;
  name: ToolName;
  message: string;
}

export interface ResolveToolOptions {
  /** Environment to read overrides and PATH from (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Folders to search upwards from for `.tools/bin` (default: cwd and this package's location). */
  searchFrom?: string[];
}

function isExecutable(p: string): boolean {
  try {
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function findPinned(name: ToolName, from: string): string | undefined {
  let dir = resolve(from);
  for (;;) {
    const candidate = join(dir, TOOLS_DIR, name);
    if (existsSync(candidate) && isExecutable(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

export function resolveTool(name: ToolName, options: ResolveToolOptions = {}): ResolvedTool | MissingTool {
  const env = options.env ?? process.env;
  const pin = PINNED_TOOLS[name];
  const override = env[pin.env];
  if (override) {
    if (isExecutable(override)) return { ok: true, name, path: resolve(override), source: 'env' };
    return { ok: false, name, message: `${pin.env}=${override} is not an executable file` };
  }
  const roots = options.searchFrom ?? [process.cwd(), dirname(fileURLToPath(import.meta.url))];
  for (const root of roots) {
    const found = findPinned(name, root);
    if (found) return { ok: true, name, path: found, source: 'pinned' };
  }
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    if (isExecutable(candidate)) return { ok: true, name, path: candidate, source: 'path' };
  }
  return {
    ok: false,
    name,
    message:
      `${name} not found. NeuroScale runs the real ${name} (pinned ${pin.version}). ` +
      `Set ${pin.env}=/path/to/${name}, or run \`pnpm install\` in the NeuroScale repository (it unpacks the pinned ` +
      `binaries into ${TOOLS_DIR}), or install ${name} ${pin.version} on PATH.`,
  };
}
