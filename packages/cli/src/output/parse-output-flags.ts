import { UsageError } from '../cli-io.js';

export const OUTPUT_FORMATS = ['text', 'json', 'sarif', 'junit', 'github', 'markdown'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export function parseFormat(value: string, allowed: readonly string[] = OUTPUT_FORMATS): OutputFormat {
  if (!allowed.includes(value))
    throw new UsageError(`unknown format "${value}" (one of: ${allowed.join(', ')})`);
  return value as OutputFormat;
}

/** `--output sarif=out.sarif` → { format, file }. */
export function parseOutputFlag(value: string): { format: OutputFormat; file: string } {
  const i = value.indexOf('=');
  if (i <= 0 || i === value.length - 1)
    throw new UsageError(`--output expects <format>=<file>, got "${value}"`);
  return { format: parseFormat(value.slice(0, i)), file: value.slice(i + 1) };
}
