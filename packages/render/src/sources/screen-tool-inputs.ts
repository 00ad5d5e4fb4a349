/**
 * Before a tree is handed to kustomize or helm, every YAML file the tool will parse goes through our own
 * loader and its limits (packages/core/src/yaml/limits.ts). kustomize's and helm's YAML decoders have weaker
 * or no defences against some of these inputs (an alias bomb expands inside kustomize's kyaml before any
 * check, and 200-level nesting exhausts recursive transformers), so when our loader refuses a file for a
 * resource limit the tool is not run at all: the refusal becomes a finding on the file (line and column of
 * the loader's finding) and the app fails, as it would when the tool fails. Sizes are read from stat first:
 * a huge file is refused without being read.
 */
import { stat } from 'node:fs/promises';
import { type Finding, finding, readYamlFile } from '@neuroscale/core';
import type { CollectedFile } from './collect-files.js';

/** Loader refusals that are about resource exhaustion (syntax errors are left to the tool's own message). */
const REFUSALS = new Set([
  'yaml/too-large',
  'yaml/line-too-long',
  'yaml/too-many-documents',
  'yaml/too-deep',
  'yaml/alias-limit',
  'yaml/alias-cycle',
]);

const YAML_FILE = /\.(ya?ml|json)$/i;

/**
 * Bytes of YAML one tool run may be handed (all screened files together, from stat before any read). Each file
 * is already capped by the loader's 32 MiB; this bounds a closure of many large files, which would otherwise be
 * read one after another by us and then again by the tool.
 */
export const DEFAULT_MAX_TOOL_INPUT_BYTES = 128 * 1024 * 1024;

/** One screening per file version and process (overlays share their bases). */
const screened = new Map<string, { stamp: string; refusal: Finding | undefined }>();

export interface ScreenInput {
  files: readonly CollectedFile[];
  /** Which collected files the tool parses as YAML (default: every .yaml/.yml/.json). */
  parsesAsYaml?: (rel: string) => boolean;
  /** Tool name for the message (`kustomize`, `helm`). */
  tool: string;
  maxTotalBytes?: number;
  /** Where a refusal of the whole input is reported (the app folder). */
  folder: string;
}

/** The first refusal per refused file, in path order; empty when the tool may run. */
export async function screenToolInputs(input: ScreenInput): Promise<Finding[]> {
  const wanted = input.parsesAsYaml ?? ((rel: string) => YAML_FILE.test(rel));
  const out: Finding[] = [];
  const sized: { f: CollectedFile; info: Awaited<ReturnType<typeof stat>> }[] = [];
  let total = 0;
  for (const f of input.files) {
    if (!wanted(f.rel)) continue;
    try {
      const info = await stat(f.abs);
      if (!info.isFile()) continue;
      sized.push({ f, info });
      total += info.size;
    } catch {
      // a vanished file is the tool's problem to report
    }
  }
  const max = input.maxTotalBytes ?? DEFAULT_MAX_TOOL_INPUT_BYTES;
  if (total > max) {
    return [
      finding({
        ruleId: 'render/tool-input-refused',
        message: `${input.tool} was not run: the YAML it would read totals ${total} bytes, over the limit of ${max}`,
        location: { file: input.folder || '.', line: 1, column: 1 },
        details: { bytes: total, limit: max },
      }),
    ];
  }
  for (const { f, info } of sized) {
    const stamp = `${f.rel}:${info.size}:${info.mtimeMs}`;
    let hit = screened.get(f.abs);
    if (!hit || hit.stamp !== stamp) {
      const loaded = await readYamlFile(f.abs, { file: f.rel });
      hit = { stamp, refusal: loaded.findings.find((x) => REFUSALS.has(x.ruleId)) };
      if (screened.size > 10_000) screened.clear();
      screened.set(f.abs, hit);
    }
    if (!hit.refusal) continue;
    out.push(
      finding({
        ruleId: 'render/tool-input-refused',
        message: `${input.tool} was not run: ${f.rel} was refused by the YAML loader (${hit.refusal.ruleId}: ${hit.refusal.message})`,
        location: hit.refusal.location ?? { file: f.rel, line: 1, column: 1 },
        details: { refusedBy: hit.refusal.ruleId },
      }),
    );
  }
  return out;
}
