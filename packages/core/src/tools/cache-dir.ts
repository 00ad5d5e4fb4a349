/**
 * The one cache directory of the toolkit (render tool output, compiled schemas, downloaded tools). It is
 * chosen only from the user's explicit flag and environment, never from the scanned repository, so a pull
 * request cannot ship cache entries (a committed `.neuroscale-cache/` is just a folder of data).
 * Order: `--cache-dir` → NEUROSCALE_CACHE_DIR → $XDG_CACHE_HOME/neuroscale → the platform's user cache folder
 * (the XDG Base Directory spec on Linux; ~/Library/Caches on macOS; %LOCALAPPDATA% on Windows).
 */
import { accessSync, constants, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';

export interface CacheDirOptions {
  /** `--cache-dir` (resolved against `cwd` when relative). */
  flag?: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  platform?: NodeJS.Platform;
  home?: string;
}

export function resolveCacheDir(options: CacheDirOptions = {}): string {
  const env = options.env ?? process.env;
  const abs = (p: string) => (isAbsolute(p) ? p : resolve(options.cwd ?? process.cwd(), p));
  if (options.flag) return abs(options.flag);
  if (env.NEUROSCALE_CACHE_DIR) return abs(env.NEUROSCALE_CACHE_DIR);
  if (env.XDG_CACHE_HOME && isAbsolute(env.XDG_CACHE_HOME)) return join(env.XDG_CACHE_HOME, 'neuroscale');
  const home = options.home ?? env.HOME ?? homedir();
  switch (options.platform ?? process.platform) {
    case 'darwin':
      return join(home, 'Library', 'Caches', 'neuroscale');
    case 'win32':
      return join(env.LOCALAPPDATA || join(home, 'AppData', 'Local'), 'neuroscale');
    default:
      return join(home, '.cache', 'neuroscale');
  }
}

export type CacheDirProbe = { ok: true; dir: string } | { ok: false; dir: string; message: string };

/** Create the folder if needed and check it is writable. Unwritable = run without cache (a note, not a crash). */
export function probeCacheDir(dir: string): CacheDirProbe {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
    return { ok: true, dir };
  } catch (e) {
    return {
      ok: false,
      dir,
      message: `cache directory ${dir} is not writable (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); running without cache`,
    };
  }
}

/** Where downloaded tools live inside the cache directory. */
export function cacheToolsDir(cacheDir: string): string {
  return join(cacheDir, 'tools');
}
