import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { hasFindingsAtOrAbove, sortFindings } from '@neuroscale/core';
import { stringify } from 'yaml';
import { type CliIO, EXIT_FINDINGS, EXIT_OK, UsageError } from '../cli-io.js';
import {
  neutralizeJson,
  neutralizeText,
  neutralizeYamlDocument,
} from '../output/neutralize-workflow-commands.js';
import { type CommonFlags, resolvePipelineOptions } from '../pipeline/resolve-pipeline-options.js';
import { runStage } from '../pipeline/run-stage.js';
import { renderStage } from '../pipeline/stage-render.js';
import { withoutStage } from '../report/build-report.js';
import { environmentJson } from '../report/environment-json.js';

/** `render [path] --format yaml|json`: what Argo CD would apply, with provenance. */
export async function renderCommand(
  path: string,
  flags: CommonFlags & { format?: string },
  io: CliIO,
): Promise<number> {
  const format = flags.format ?? 'yaml';
  if (format !== 'yaml' && format !== 'json')
    throw new UsageError(`render --format must be yaml or json (got "${format}")`);
  const options = await resolvePipelineOptions(path, flags, {
    cwd: io.cwd,
    existsPolicies: (r, p) => existsSync(join(r, p)),
  });
  const rendered = await runStage('render', () => renderStage(options));
  const result = rendered.result;
  const findings = sortFindings([...(options.configFindings ?? []), ...rendered.findings].map(withoutStage));
  if (format === 'json') {
    const out = {
      environment: environmentJson(result.environment),
      coverage: result.coverage,
      apps: result.apps,
      manifests: result.manifests.map((m) => ({
        object: m.object,
        source: {
          app: m.source.apps.at(-1) ?? null,
          file: m.source.file,
          line: m.source.line,
          ...(m.source.cluster ? { cluster: m.source.cluster } : {}),
        },
      })),
      findings,
    };
    io.stdout(`${neutralizeJson(JSON.stringify(out, null, 2))}\n`);
  } else {
    const docs = result.manifests.map(
      (m) =>
        `${neutralizeText(`# Source: ${m.source.file}:${m.source.line}${m.source.apps.length ? ` (app ${m.source.apps.join(' > ')})` : ''}`)}\n${neutralizeYamlDocument(stringify(m.object, { lineWidth: 0, aliasDuplicateObjects: false }), m.object)}`,
    );
    io.stdout(docs.map((d) => `---\n${d}`).join(''));
    for (const f of findings) {
      io.stderr(
        `${f.location ? `${f.location.file}:${f.location.line ?? 1}:${f.location.column ?? 1}: ` : ''}${f.severity} ${f.ruleId}: ${f.message}\n`,
      );
    }
  }
  return options.failOn !== 'never' && hasFindingsAtOrAbove(findings, options.failOn)
    ? EXIT_FINDINGS
    : EXIT_OK;
}
