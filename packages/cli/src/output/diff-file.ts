/**
 * `--diff-file <file>`: the full cluster diff as an artifact, whatever the PR comment had room for. The file's
 * extension picks the form: `.json` the `diff --format json` contract, `.md` the Markdown section (every app),
 * anything else the plain text. Text from the scanned tree cannot act as a workflow command when the file is
 * printed in a log.
 */
import { type RenderDiff, renderDiffMarkdown, renderDiffText } from '@neuroscale/diff';
import { neutralizeJson, neutralizeText } from './neutralize-workflow-commands.js';

/** The JSON contract `{base, head, apps, summary}` (findings go to the report, not here). */
export function diffJson(diff: RenderDiff): string {
  const { base, head, apps, summary } = diff;
  return `${neutralizeJson(JSON.stringify({ base, head, apps, summary }, null, 2))}\n`;
}

export function diffFileText(diff: RenderDiff, file: string): string {
  const lower = file.toLowerCase();
  if (lower.endsWith('.json')) return diffJson(diff);
  if (lower.endsWith('.md')) return neutralizeText(renderDiffMarkdown(diff, { headingLevel: 2 }));
  return neutralizeText(renderDiffText(diff));
}
