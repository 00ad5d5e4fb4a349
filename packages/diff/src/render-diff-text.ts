/**
 * The diff for a terminal or a log: a counts line, then per added, removed or changed app its objects and their
 * unified diffs, indented. Colour (ANSI: additions green, removals red, hunk headers cyan) only when asked: the
 * CLI asks on a TTY. Returns text; never prints.
 */
import type { RenderDiff } from './diff-model.js';
import { describeRef, diffCountsLine } from './render-diff-markdown.js';

export interface RenderDiffTextOptions {
  /** ANSI colours (default false). */
  color?: boolean;
}

const paint = (on: boolean, code: string, s: string) => (on ? `\u001b[${code}m${s}\u001b[0m` : s);

function diffLine(line: string, color: boolean): string {
  if (line.startsWith('+++') || line.startsWith('---')) return paint(color, '1', line);
  if (line.startsWith('+')) return paint(color, '32', line);
  if (line.startsWith('-')) return paint(color, '31', line);
  if (line.startsWith('@@')) return paint(color, '36', line);
  return line;
}

export function renderDiffText(diff: RenderDiff, options: RenderDiffTextOptions = {}): string {
  const color = options.color ?? false;
  const out = [`diff ${diff.base} → ${diff.head}: ${diffCountsLine(diff)}`];
  for (const app of diff.apps) {
    if (app.status === 'unchanged') continue;
    const where = [app.cluster, app.namespace].filter(Boolean).join(', ');
    out.push('', paint(color, '1', `app ${app.name}${where ? ` (${where})` : ''} ${app.status}`));
    for (const o of app.objects) {
      const at = o.location ? `  ${o.location.file}:${o.location.line}` : '';
      out.push(`  ${o.change} ${describeRef(o)}${at}`);
      for (const line of o.diff.trimEnd().split('\n')) out.push(`    ${diffLine(line, color)}`);
    }
  }
  return `${out.join('\n')}\n`;
}
