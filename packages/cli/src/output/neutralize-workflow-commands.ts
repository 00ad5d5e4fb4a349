/**
 * Untrusted text must not become a GitHub Actions workflow command. The runner reads every line a step
 * prints: a line whose first non-blank characters are `::` is a command (`::error`, `::add-mask::`,
 * `::stop-commands::`, `::set-output`), and so is `##[command]` anywhere in a line (the legacy form).
 * See actions/runner `src/Runner.Worker/ActionCommandManager.cs` and `src/Runner.Common/ActionCommand.cs`
 * (`TryParseV2` trims leading space and needs the `::` prefix; `TryParse` looks for `##[` anywhere).
 * A pull request controls file names, Kyverno messages, config values and object data, all of which we
 * print; a message like "x\n::add-mask::…" or "##[error]…" would inject commands into the check's log.
 *
 * So every writer to stdout or stderr passes its text through one of these, chosen by format, each
 * keeping the meaning of the output:
 * - human text (text reports, tables, Markdown, messages): `::` opening a line becomes `\u003A:` and
 *   `##[` becomes `#\u0023[` — shown as escapes, like the control characters the text reporter escapes;
 * - JSON and SARIF: `##[` becomes `#\u0023[`, a JSON escape of the same string (a JSON line always
 *   opens with a quote or a bracket, never `::`);
 * - XML (JUnit): the same characters as character references, which parse to the same text;
 * - YAML documents: a document that would print such a line is written as JSON instead (JSON is YAML),
 *   with the JSON escape, so a consumer parses exactly the same object.
 * Our own `--format github` annotations are commands by design; their data is escaped by that writer.
 */

const LINE_COMMAND = /^(\s*)::/gm;
const LEGACY_COMMAND = /##\[/g;

/** Human-readable text. */
export function neutralizeText(text: string): string {
  if (!text.includes('::') && !text.includes('##[')) return text;
  return text.replace(LINE_COMMAND, '$1\\u003A:').replace(LEGACY_COMMAND, '#\\u0023[');
}

/** JSON text (JSON.stringify output): a string escape with the same parsed value. */
export function neutralizeJson(json: string): string {
  return json.includes('##[') ? json.replace(LEGACY_COMMAND, '#\\u0023[') : json;
}

/** XML text: character references with the same parsed value. */
export function neutralizeXml(xml: string): string {
  if (!xml.includes('::') && !xml.includes('##[')) return xml;
  return xml.replace(LINE_COMMAND, '$1&#58;:').replace(LEGACY_COMMAND, '#&#35;[');
}

/** True when a text would carry a workflow command if printed as is. */
export function carriesWorkflowCommand(text: string): boolean {
  return /^\s*::/m.test(text) || text.includes('##[');
}

/**
 * One YAML document for stdout: as written, unless it would carry a workflow command; then the same
 * value as (neutralized) JSON, which every YAML parser reads back to the same object.
 */
export function neutralizeYamlDocument(yamlText: string, value: unknown): string {
  if (!carriesWorkflowCommand(yamlText)) return yamlText;
  return `${neutralizeJson(JSON.stringify(value, null, 2))}\n`;
}

export type OutputFlavour = 'text' | 'json' | 'xml' | 'github';

/** The flavour of each report format written by `report/`. */
export function flavourOfFormat(format: string): OutputFlavour {
  if (format === 'json' || format === 'sarif') return 'json';
  if (format === 'junit') return 'xml';
  if (format === 'github') return 'github';
  return 'text';
}

export function neutralizeForFormat(text: string, format: string): string {
  const flavour = flavourOfFormat(format);
  if (flavour === 'json') return neutralizeJson(text);
  if (flavour === 'xml') return neutralizeXml(text);
  // github: annotation lines are ours, their data %-escaped by the writer (see write-github-annotations.ts)
  if (flavour === 'github') return text;
  return neutralizeText(text);
}
