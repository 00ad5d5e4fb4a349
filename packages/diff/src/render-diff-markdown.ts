/**
 * The diff section of the sticky PR comment and the job summary: a counts line, then one collapsible block per
 * added, removed or changed app (unchanged apps are counted, not listed), each object's unified diff in a
 * ```diff fence. A `maxChars` budget keeps the section inside GitHub's comment limit: blocks that do not fit
 * are left out and counted in a note that says where the full diff is.
 */
import type { AppDiff, ObjectDiff, RenderDiff } from './diff-model.js';

export interface RenderDiffMarkdownOptions {
  /** Largest section in UTF-16 code units (no limit by default). */
  maxChars?: number;
  /** Where the full diff is when blocks were left out (e.g. "the job summary", "the diff file"). */
  fullDiffAt?: string;
  /** Heading level of the section title (4: `####`). */
  headingLevel?: number;
}

export const DIFF_SECTION_TITLE = 'Cluster diff';

const ICON: Record<AppDiff['status'], string> = {
  added: '🟢',
  removed: '🔴',
  changed: '🟡',
  unchanged: '⚪',
};

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Inline code whatever the text holds: a fence longer than any backtick run inside (CommonMark code spans). */
export function inlineCode(text: string): string {
  const fence = '`'.repeat(longestBacktickRun(text) + 1);
  return fence.length > 1 ? `${fence} ${text} ${fence}` : `${fence}${text}${fence}`;
}

function longestBacktickRun(text: string): number {
  let longest = 0;
  for (const m of text.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  return longest;
}

export function describeRef(o: ObjectDiff): string {
  const { group, kind, namespace, name } = o.ref;
  return `${group ? `${group}/` : ''}${kind} ${namespace ? `${namespace}/` : ''}${name}`;
}

/** A fence longer than any backtick run inside the text, so a diff line can never close it. */
function fenceFor(text: string): string {
  return '`'.repeat(Math.max(2, longestBacktickRun(text)) + 1);
}

function appBlock(app: AppDiff): string {
  const where = [app.cluster, app.namespace].filter(Boolean).join(' · ');
  const lines = [
    `<details><summary>${ICON[app.status]} <code>${escapeHtml(app.name)}</code> ${app.status} · ${plural(app.objects.length, 'object')}${where ? ` · ${escapeHtml(where)}` : ''}</summary>`,
    '',
  ];
  for (const o of app.objects) {
    const at = o.location ? ` · ${inlineCode(`${o.location.file}:${o.location.line}`)}` : '';
    const fence = fenceFor(o.diff);
    lines.push(
      `**${o.change}** ${inlineCode(describeRef(o))}${at}`,
      '',
      `${fence}diff`,
      o.diff.trimEnd(),
      fence,
      '',
    );
  }
  lines.push('</details>');
  return lines.join('\n');
}

export function diffCountsLine(diff: RenderDiff): string {
  const a = diff.summary.apps;
  const o = diff.summary.objects;
  return `${plural(a.changed, 'app')} changed, ${a.added} added, ${a.removed} removed, ${a.unchanged} unchanged · objects: ${o.changed} changed, ${o.added} added, ${o.removed} removed`;
}

export function renderDiffMarkdown(diff: RenderDiff, options: RenderDiffMarkdownOptions = {}): string {
  const hashes = '#'.repeat(options.headingLevel ?? 4);
  const head = [
    `${hashes} ${DIFF_SECTION_TITLE}: ${inlineCode(diff.base)} → ${inlineCode(diff.head)}`,
    '',
    diffCountsLine(diff),
  ].join('\n');
  const listed = diff.apps.filter((a) => a.status !== 'unchanged');
  if (listed.length === 0) return `${head}\n\nNo change to any rendered object.\n`;
  const max = options.maxChars ?? Number.POSITIVE_INFINITY;
  const noteFor = (n: number) =>
    `_…${plural(n, 'more app')} with changes not shown here to keep the comment under GitHub's size limit: the full diff is in ${options.fullDiffAt ?? 'the job summary'}._`;
  let body = head;
  let shown = 0;
  for (const app of listed) {
    const block = appBlock(app);
    const reserve = shown + 1 < listed.length ? noteFor(listed.length).length + 2 : 0;
    if (body.length + 2 + block.length + reserve + 1 > max) break;
    body += `\n\n${block}`;
    shown++;
  }
  if (shown < listed.length) body += `\n\n${noteFor(listed.length - shown)}`;
  return `${body}\n`;
}
