/**
 * Writing a report file the user named (--output, --policy-report, GITHUB_STEP_SUMMARY). Any failure is a
 * usage problem with one line naming the file and the reason: exit 2, never a stack trace.
 */
import { appendFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { UsageError } from '../cli-io.js';

const REASONS: Record<string, string> = {
  ENOENT: 'its folder does not exist',
  ENOTDIR: 'a parent is not a folder',
  EISDIR: 'it is a folder',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EPIPE: 'the pipe is closed',
  EFBIG: 'file too large',
};

export interface WriteOutputOptions {
  /** Folder relative paths are resolved against. */
  cwd: string;
  /** What the file is, for the message: `--output sarif`, `--policy-report`. */
  what: string;
  /** Append instead of replacing (the GitHub step summary). */
  append?: boolean;
}

export function writeOutputFile(file: string, text: string, options: WriteOutputOptions): void {
  const abs = resolve(options.cwd, file);
  try {
    // Missing folders are created only below the working directory (`--output out/r.sarif`); a typo in an
    // absolute path (`/nonexistent/dir/x`) is reported, not turned into new folders elsewhere.
    const rel = relative(options.cwd, dirname(abs));
    if (rel && !rel.startsWith('..') && !isAbsolute(rel) && !existsSync(dirname(abs)))
      mkdirSync(dirname(abs), { recursive: true });
    if (options.append) appendFileSync(abs, text);
    else writeFileSync(abs, text);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? '';
    const reason = REASONS[code] ?? (code || (e as Error).message.split('\n')[0]);
    throw new UsageError(`cannot write ${options.what} to ${file}: ${reason}`);
  }
}
