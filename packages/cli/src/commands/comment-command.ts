import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type CliIO, EXIT_OK, UsageError } from '../cli-io.js';
import { COMMENT_MARKER, commentContextFromEnv, postStickyComment } from '../output/post-sticky-comment.js';

/**
 * `comment <file>`: post or update the sticky PR comment from a Markdown file written earlier with
 * `--output markdown=<file>`. Lets a workflow keep `pull-requests: write` in one small job that never
 * runs the pull request's code.
 */
export async function commentCommand(file: string, io: CliIO): Promise<number> {
  const abs = resolve(io.cwd, file);
  if (!existsSync(abs)) throw new UsageError(`no such file: ${file}`);
  let body = readFileSync(abs, 'utf8');
  if (!body.startsWith(COMMENT_MARKER)) body = `${COMMENT_MARKER}\n${body}`;
  const ctx = commentContextFromEnv(io.env);
  if ('skip' in ctx) {
    io.stderr(`neuroscale-validate: ${ctx.skip}\n`);
    return EXIT_OK;
  }
  io.stderr(`neuroscale-validate: ${await postStickyComment(ctx, body)}\n`);
  return EXIT_OK;
}
